# The PyPy tutorial's gc2: the same, with `with`, the idiom that needs no GC at all.
import os

NAME = 'gc2_output.tmp'


def write_it():
    with open(NAME, 'w') as f:
        f.write('hello from gc2\n')


write_it()
with open(NAME) as f:
    print(repr(f.read()))
os.remove(NAME)
