# Class calls whose __init__ runs as an ordinary frame of the interpreter loop: the value is
# the instance, __init__ returning something else is a TypeError at the call, argument errors
# name Class.__init__, exceptions and tracebacks pass through, and the cases that take the
# general path (keyword arguments, defaults, *args, a __new__, a metaclass, a generator
# __init__, a built-in base) behave the same.
import sys


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Bad:
    def __init__(self):
        return 42


class Boom:
    def __init__(self, n):
        if n > 2:
            raise ValueError("too big: %d" % n)
        self.n = n


class Defaults:
    def __init__(self, a, b=2, *rest, **kw):
        self.v = (a, b, rest, sorted(kw.items()))


class WithNew:
    def __new__(cls, *args):
        o = super().__new__(cls)
        o.made_by_new = True
        return o

    def __init__(self, k):
        self.k = k


class Meta(type):
    def __call__(cls, *args):
        o = super().__call__(*args)
        o.via_meta = True
        return o


class M(metaclass=Meta):
    def __init__(self, q):
        self.q = q


class GenInit:
    def __init__(self):
        yield 1


class L(list):
    def __init__(self, n):
        super().__init__(range(n))
        self.n = n


class Child(P):
    def __init__(self, x):
        super().__init__(x, -x)


def attempt(label, fn):
    try:
        r = fn()
        print(label, type(r).__name__, sorted(vars(r).items()) if hasattr(r, "__dict__") else r)
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


pts = [P(i, i * 2) for i in range(5)]
print([(p.x, p.y) for p in pts], type(pts[0]) is P)
attempt("bad", Bad)
attempt("boom1", lambda: Boom(1))
attempt("boom5", lambda: Boom(5))
attempt("args", lambda: P(1))
attempt("kw", lambda: P(y=2, x=1))
attempt("defaults", lambda: Defaults(1, 2, 3, z=4))
attempt("defaults2", lambda: Defaults(1))
attempt("new", lambda: WithNew(7))
attempt("meta", lambda: M(3))
attempt("gen", GenInit)
attempt("list", lambda: L(3))
attempt("child", lambda: Child(4))
total = 0
for i in range(3000):
    p = P(i, 1.5)
    total += p.x
print(total)


def deep(n):
    return deep(n - 1) if n else Boom(9)


try:
    deep(3)
except ValueError as e:
    print("raised through the frames:", e, e.__traceback__ is not None)
sys.setrecursionlimit(60)


class R:
    def __init__(self, n):
        self.child = R(n - 1) if n else None


try:
    R(200)
except RecursionError as e:
    print("RecursionError")
print(R(10).child.child is not None)
