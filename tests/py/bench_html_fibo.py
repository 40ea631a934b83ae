# args: 300
# The benchmark program bench/programs/html_fibo.py, run at a small size.
import sys
PATH = '../../bench/programs/html_fibo.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
