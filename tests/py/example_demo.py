# The README's demo program, examples/demo.py, checked against CPython.
PATH = '../../examples/demo.py'
exec(compile(open(PATH).read(), PATH, 'exec'))
