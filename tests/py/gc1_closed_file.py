# The PyPy tutorial's gc1: the same, with an explicit close(). Every runtime prints the data.
import os

NAME = 'gc1_output.tmp'


def write_it():
    f = open(NAME, 'w')
    f.write('hello from gc1\n')
    f.close()


write_it()
with open(NAME) as f:
    print(repr(f.read()))
os.remove(NAME)
