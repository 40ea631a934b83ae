# functools: reduce, partial, lru_cache/cache with cache_info, wraps, cmp_to_key, total_ordering.
import functools
from functools import reduce, partial, lru_cache, cache, wraps, update_wrapper, cmp_to_key, total_ordering
print(reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(lambda a, b: a + b, [], 10))
try: reduce(lambda a, b: a, [])
except TypeError as e: print(e)
def f(a, b, c=3, *, d=4): return (a, b, c, d)
p = partial(f, 1, d=9); print(p(2), p(2, 5), p.args, p.keywords, p.func is f)
pp = partial(p, 7); print(pp(), pp.args, pp.func is f)
print(repr(partial(max, 1, key=abs)).replace(repr(max), 'MAX'))
calls = []
@lru_cache(maxsize=2)
def sq(x):
    calls.append(x); return x * x
print(sq(2), sq(3), sq(2), sq(4), sq(3), calls, sq.cache_info())
sq.cache_clear(); print(sq.cache_info(), sq.__name__)
@lru_cache
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info().hits, fib.cache_info())
@cache
def g(x, y=1): return x + y
print(g(1), g(1, y=2), g(1), g.cache_info())
@lru_cache(typed=True)
def t(x): return type(x).__name__
print(t(1), t(1.0), t.cache_info().currsize)
def deco(fn):
    @wraps(fn)
    def inner(*a, **k): return fn(*a, **k)
    return inner
@deco
def hello(x):
    "Say hello."
    return 'hello ' + x
print(hello('bob'), hello.__name__, hello.__doc__, hello.__wrapped__.__name__, hello.__qualname__, hello.__module__)
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))
@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) < V(2), V(2) <= V(2), V(3) > V(2), V(1) >= V(2))
