# args: 20
# The benchmark program bench/programs/fib.py, run at a small size.
import sys
PATH = '../../bench/programs/fib.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
