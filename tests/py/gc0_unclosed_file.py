# The PyPy tutorial's gc0, in Python 3: a function writes a file and never closes it; the caller
# reads it back. CPython's reference counting closes it when the function returns; PyPy's GC has
# not run yet and the read sees nothing. We flush every written file before any open(), and close
# a forgotten file when it is collected or at exit, so nothing written is lost.
import os

NAME = 'gc0_output.tmp'


def write_it():
    f = open(NAME, 'w')
    f.write('hello from gc0\n')


write_it()
print(repr(open(NAME).read()))
os.remove(NAME)
