# random.seed as CPython 3.11 reads its argument: str/bytes through SHA-512, floats, big and
# negative ints, the same numbers as CPython; other seed types are a TypeError.
import random
for seed in (1234, "hello", b"bytes", bytearray(b"ba"), "", 3.5, -7, 2**100):
    random.seed(seed)
    print(repr(seed), random.random(), random.randrange(1000))
try:
    random.seed((1, 2))
except TypeError as e:
    print("TypeError", e)
r = random.Random("abc"); print(r.random())
