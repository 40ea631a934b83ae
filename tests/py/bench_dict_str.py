# args: 20000
# The benchmark program bench/programs/dict_str.py, run at a small size.
import sys
PATH = '../../bench/programs/dict_str.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
