# Rich comparisons, __hash__/__eq__ in dicts and sets, functools.total_ordering-free
class V:
    def __init__(self, x):
        self.x = x
    def __repr__(self):
        return "V(%r)" % self.x
    def __str__(self):
        return "v%s" % self.x
    def __eq__(self, o):
        print("eq", self.x, getattr(o, "x", o))
        return isinstance(o, V) and self.x == o.x
    def __lt__(self, o):
        return self.x < o.x
    def __le__(self, o):
        return self.x <= o.x
    def __hash__(self):
        return hash(self.x)

a, b = V(1), V(2)
print(a < b, a <= b, a > b, a >= b)
print(a == V(1), a != V(1))
print(str(a), repr(a), [a], "%s %r" % (a, a), f"{a} {a!r}")
d = {a: "one"}
print(d[V(1)])
s = {V(1), V(1), V(2)}
print(len(s))
print(sorted([V(3), V(1), V(2)]))
print(max([V(3), V(1), V(2)]), min(V(3), V(1)))

class NoEq:
    pass
n = NoEq()
print(n == n, n != NoEq(), n.__eq__(1) is NotImplemented)

class EqOnly:
    def __eq__(self, o):
        return True
print(EqOnly.__hash__)
try:
    hash(EqOnly())
except TypeError as e:
    print("TypeError:", e)
try:
    {EqOnly()}
except TypeError as e:
    print("TypeError:", e)

class Ne:
    def __ne__(self, o):
        return "custom-ne"
print(Ne() != 1)

try:
    NoEq() < NoEq()
except TypeError as e:
    print("TypeError:", e)

class Rev:
    def __gt__(self, o):
        return "Rev.gt"
print(1 < Rev())
print(Rev() > 1)

class Hsh:
    def __init__(self, k): self.k = k
    def __hash__(self): return 7
    def __eq__(self, o): return self.k == o.k
d = {Hsh(1): 1, Hsh(2): 2}
d[Hsh(1)] = 10
print(sorted(d.values()))
