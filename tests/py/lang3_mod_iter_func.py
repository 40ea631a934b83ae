# itertools and functools basics
import itertools as it, functools as ft
print(list(it.islice(it.count(5, 2), 4)), list(it.islice("abcdef", 1, 5, 2)), list(it.islice(it.count(), 3)))
print(list(it.chain([1], "ab", (2,))), list(it.chain.from_iterable([[1, 2], [3]])))
print(list(it.product("ab", [1, 2])), len(list(it.product(range(3), repeat=2))))
print(list(it.permutations("abc", 2)), len(list(it.permutations(range(4)))))
print(list(it.combinations("abcd", 2)), list(it.combinations_with_replacement("ab", 2)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], lambda a, b: a * b)), list(it.repeat("x", 3)))
print([(k, list(g)) for k, g in it.groupby("aabbbc")], list(it.zip_longest("ab", [1], fillvalue="-")))
print(list(it.takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 5, 1])), list(it.compress("abc", [1, 0, 1])))
print(list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.islice(it.cycle("ab"), 5)), [list(t) for t in it.tee([1, 2], 2)], list(it.filterfalse(None, [0, 1, 0])))
print(ft.reduce(lambda a, b: a + b, [1, 2, 3]), ft.reduce(lambda a, b: a * b, [], 1), ft.reduce(max, [3, 9, 2]))
try:
    ft.reduce(lambda a, b: a, [])
except TypeError as e:
    print("TypeError:", e)
p = ft.partial(int, base=2)
print(p("101"), p.func is int, p.keywords, ft.partial(lambda a, b, c: (a, b, c), 1, c=3)(2))
calls = []
@ft.lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(50), len(calls), fib.cache_info().hits, fib.cache_info().misses)
fib.cache_clear()
print(fib.cache_info().currsize)
@ft.lru_cache(maxsize=2)
def sq(x):
    calls.append(("sq", x))
    return x * x
calls.clear()
sq(1); sq(2); sq(1); sq(3); sq(2)
print(calls)
@ft.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) > V(2), V(2) >= V(2))
print(sorted([3, 1, 2], key=ft.cmp_to_key(lambda a, b: b - a)))
@ft.cache
def double(x): return x * 2
print(double(4), double(4))
