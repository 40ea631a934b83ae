# with statements: nested, multiple items, suppression, exceptions in __exit__
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev, tb is not None)
        return self.suppress

with CM("a") as a:
    print("body", a)

with CM("a") as a, CM("b") as b:
    print("body", a, b)

with CM("outer", suppress=True):
    with CM("inner"):
        raise ValueError("boom")
    print("not reached")
print("after suppress")

try:
    with CM("x"), CM("y", suppress=False):
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))

with CM("p") as p, CM("q", suppress=True) as q:
    raise RuntimeError("swallowed by q")
print("after multi", p, q)

def f():
    with CM("ret"):
        return "returned"
print(f())

for i in range(3):
    with CM("loop%d" % i):
        if i == 0:
            continue
        if i == 1:
            break
print("loop done", i)

class BadExit:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise TypeError("from exit")
try:
    with BadExit():
        raise ValueError("orig")
except TypeError as e:
    print("TypeError", e, repr(e.__context__))

class NoEnter:
    pass
try:
    with NoEnter():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__, e)

# tuple target
class Pair:
    def __enter__(self):
        return (1, 2)
    def __exit__(self, *a):
        pass
with Pair() as (x, y):
    print(x, y)
with (CM("paren1") as m1,
      CM("paren2") as m2):
    print(m1, m2)
