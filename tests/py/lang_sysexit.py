# sys.exit with a status, after output; finally blocks run on the way out.
import sys
try:
    print('working')
    sys.exit(3)
finally:
    print('cleanup')
