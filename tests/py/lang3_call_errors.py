# keyword-only / positional-only arguments and their error messages
def f(a, b, /, c, *, d, e=5):
    return (a, b, c, d, e)
print(f(1, 2, 3, d=4), f(1, 2, c=3, d=4, e=6))
calls = [
    lambda: f(1, 2, 3),
    lambda: f(1, b=2, c=3, d=4),
    lambda: f(1, 2, 3, 4),
    lambda: f(1, 2, 3, d=4, z=1),
    lambda: f(1),
    lambda: f(),
    lambda: f(1, 2, 3, d=4, c=3),
]
for c in calls:
    try:
        c()
    except TypeError as e:
        print("TypeError:", e)

def g(x, y=1, *args, **kw):
    return x, y, args, kw
print(g(1), g(1, 2, 3, 4, k=5), g(x=9), g(1, y=3, zz=1))
try:
    g(1, 2, x=3)
except TypeError as e:
    print("TypeError:", e)
try:
    g()
except TypeError as e:
    print("TypeError:", e)

def h(a, b):
    pass
for args, kw in [((1, 2, 3), {}), ((), {}), ((1,), {}), ((1,), {"c": 2}), ((), {"a": 1})]:
    try:
        h(*args, **kw)
    except TypeError as e:
        print("TypeError:", e)

def only_kw(*, k):
    return k
try:
    only_kw(1)
except TypeError as e:
    print("TypeError:", e)
try:
    only_kw()
except TypeError as e:
    print("TypeError:", e)
def posonly(a, /):
    return a
try:
    posonly(a=1)
except TypeError as e:
    print("TypeError:", e)
def kw2(a, *, b, c):
    pass
try:
    kw2(1)
except TypeError as e:
    print("TypeError:", e)
def three(a, b, c):
    pass
try:
    three(1)
except TypeError as e:
    print("TypeError:", e)
class M:
    def meth(self, x):
        return x
try:
    M().meth()
except TypeError as e:
    print("TypeError:", e)
try:
    M().meth(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    M.meth(1)
except TypeError as e:
    print("TypeError:", e)
try:
    len(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    (lambda: 0)(1)
except TypeError as e:
    print("TypeError:", e)
print(f.__defaults__, f.__kwdefaults__, f.__code__.co_argcount, f.__code__.co_kwonlyargcount, f.__code__.co_posonlyargcount)
print(f.__name__, f.__qualname__, M.meth.__qualname__, (lambda: 0).__name__)
