# args: 2000
# The benchmark program bench/programs/nbody.py, run at a small size.
import sys
PATH = '../../bench/programs/nbody.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
