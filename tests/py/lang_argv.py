# args: alpha 42 --flag
import sys
print(sys.argv[1:], len(sys.argv), sys.argv[0].endswith('lang_argv.py'))
