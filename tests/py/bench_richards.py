# args: 2
# The benchmark program bench/programs/richards.py, run at a small size.
import sys
PATH = '../../bench/programs/richards.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
