# __slots__
class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = P(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"))
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
p.x = 10
print(p.x, P.__slots__)

class Q(P):
    __slots__ = ("z",)
q = Q(1, 2)
q.z = 3
print(q.x, q.y, q.z)
try:
    q.w = 1
except AttributeError as e:
    print("AttributeError:", e)

class Free(P):
    pass
f = Free(1, 2)
f.anything = 5
print(f.anything, f.__dict__)

class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.b, w.__dict__)

class S1:
    __slots__ = "single"
s = S1()
s.single = "ok"
print(s.single)
try:
    S1().single
except AttributeError as e:
    print("AttributeError:", e)

class Cnt:
    __slots__ = ["n"]
    total = 0
    def __init__(self):
        self.n = 0
        Cnt.total += 1
a = Cnt(); b = Cnt()
print(Cnt.total, a.n)
try:
    a.total = 5
except AttributeError as e:
    print("AttributeError:", e)
print(type(P.x).__name__)
print(repr(P.x), P.y.__name__, P.x.__objclass__ is P, isinstance(P.__dict__["x"], type(P.y)))
print(Q.x is P.x, "z" in Q.__dict__, "x" in Q.__dict__)
try:
    class Bad:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)
r = P(5, 6)
del r.y
try:
    del r.y
except AttributeError as e:
    print("AttributeError:", e)
print(P.x.__get__(None, P) is P.x, getattr(r, "y", "unset"))
