# args: 5000
# The benchmark program bench/programs/float_bench.py, run at a small size.
import sys
PATH = '../../bench/programs/float_bench.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
