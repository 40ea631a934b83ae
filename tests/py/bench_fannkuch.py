# args: 7 1
# The benchmark program bench/programs/fannkuch.py, run at a small size.
import sys
PATH = '../../bench/programs/fannkuch.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
