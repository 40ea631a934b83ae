# args: 6
# The benchmark program bench/programs/nqueens.py, run at a small size.
import sys
PATH = '../../bench/programs/nqueens.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
