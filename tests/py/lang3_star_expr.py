# star-expressions: calls, literals, assignments, for targets, dict unpacking
def f(*args, **kw):
    return args, sorted(kw.items())
a = [1, 2]
b = (3,)
print(f(*a, *b, 4, *"xy"))
print(f(**{"p": 1}, q=2, **dict(r=3)))
print(f(*a, k=1, **{"m": 2}))
print([*a, *b, *range(2)], (*a, 0), {*a, *b} == {1, 2, 3}, [*"ab"])
print({**{"a": 1}, "b": 2, **{"a": 3}})
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
a1, *mid, z1 = range(5)
print(a1, mid, z1)
x, *y = [1]
print(x, y)
(p, *q), r = "abc", 9
print(p, q, r)
for h, *t in [(1, 2, 3), (4,), "ab"]:
    print(h, t)
[m, n] = [7, 8]
print(m, n)
try:
    u, *v, w = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    i, j = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    i, j, k = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    f(**{"a": 1}, a=2)
except TypeError as e:
    print("TypeError:", e)
try:
    f(*5)
except TypeError as e:
    print("TypeError:", e)
try:
    f(**[1])
except TypeError as e:
    print("TypeError:", e)
def g():
    return 1, *a, 2
print(g())
def gy():
    yield 0, *a
print(list(gy()))
s = [0] * 3
s[0], *s[1:] = "abc"
print(s)
print(*[1, 2], sep="-")
print(*[], "only")
d = {"x": 1}
print("{x}".format(**d), dict(**d, y=2))
print(max(*[3, 9, 2]), list(zip(*[(1, 2), (3, 4)])))
