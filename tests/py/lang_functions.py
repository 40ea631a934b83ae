# Functions: defaults, keywords, *args, **kwargs, keyword-only, closures, lambdas, recursion.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))

print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, z=0))
print(f(*[1, 2, 3], **{'c': 4, 'd': 5}))

def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, c=3))

def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
c(); c()
print(c())

def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([g(10) for g in make_adders()])

g_val = 1
def set_global():
    global g_val
    g_val = 42
set_global()
print(g_val)

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(30))

def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
print([fib(i) for i in range(15)])

square = lambda x: x * x
print(square(12), (lambda *a, **k: (a, k))(1, x=2))
print(list(map(lambda x: x * 2, [1, 2, 3])), list(filter(None, [0, 1, '', 'a'])))

def deco(fn):
    def wrapper(*a):
        return ('wrapped', fn(*a))
    return wrapper

@deco
def hello(name):
    return 'hi ' + name
print(hello('bob'))

def outer():
    x = 'outer'
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())

def gen_squares(n):
    for i in range(n):
        yield i * i
print(list(gen_squares(5)), sum(x for x in range(10)))

def kwonly(*, key=None):
    return key
print(kwonly(key='k'), kwonly())
print(f.__name__, hello.__name__, fact.__doc__)

def doc():
    "A docstring."
print(doc.__doc__)
