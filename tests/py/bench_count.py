# args: 200000
# The benchmark program bench/programs/count.py, run at a small size.
import sys
PATH = '../../bench/programs/count.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
