# args: 40
# The benchmark program bench/programs/spectral_norm.py, run at a small size.
import sys
PATH = '../../bench/programs/spectral_norm.py'
sys.argv[0] = PATH
exec(compile(open(PATH).read(), PATH, 'exec'))
