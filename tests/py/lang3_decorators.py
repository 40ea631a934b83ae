# decorators with arguments, stacking, class decorators, functools.wraps
import functools

def trace(prefix):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kw):
            print(prefix, fn.__name__, args, sorted(kw.items()))
            return fn(*args, **kw)
        return wrapper
    return deco

@trace(">>")
def add(a, b=2):
    """adds"""
    return a + b
print(add(1), add(1, b=5), add.__name__, add.__doc__, add.__wrapped__(3))

def twice(fn):
    def w(*a):
        return fn(*fn(*a))
    return w
def swap(fn):
    def w(a, b):
        return fn(b, a)
    return w
@twice
@swap
def pair(a, b):
    return (a * 2, b)
print(pair(1, 10))

order = []
def mark(n):
    order.append("make%d" % n)
    def d(f):
        order.append("apply%d" % n)
        return f
    return d
@mark(1)
@mark(2)
def g(): pass
print(order)

def register(cls):
    cls.registered = True
    cls.extra = lambda self: "extra from " + type(self).__name__
    return cls
@register
class K:
    pass
print(K.registered, K().extra())

def singleton(cls):
    inst = {}
    def get(*a):
        if cls not in inst:
            inst[cls] = cls(*a)
        return inst[cls]
    return get
@singleton
class Conf:
    def __init__(self, v):
        self.v = v
print(Conf(1).v, Conf(2).v, Conf(1) is Conf(3))

class CountCalls:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0
    def __call__(self, *a):
        self.calls += 1
        return self.fn(*a)
@CountCalls
def sq(x):
    return x * x
print(sq(3), sq(4), sq.calls)

# decorator expressions (3.9 relaxed grammar)
decos = {"id": lambda f: f, "up": lambda f: (lambda: f().upper())}
@decos["up"]
def hi():
    return "hi"
print(hi())

def deco_method(fn):
    def w(self, *a):
        return "[" + fn(self, *a) + "]"
    return w
class M:
    @deco_method
    def name(self, x):
        return "m" + x
    @staticmethod
    @trace("static")
    def s(x):
        return x
print(M().name("y"), M.s(9))
