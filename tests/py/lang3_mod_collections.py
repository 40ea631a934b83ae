# collections basics
from collections import deque, defaultdict, OrderedDict, Counter, namedtuple
d = deque([1, 2, 3], maxlen=5)
d.append(4); d.appendleft(0); d.append(5)
print(d, len(d), d[0], d[-1], d.maxlen)
d.rotate(2)
print(d, d.pop(), d.popleft(), list(d))
d.extendleft([9, 8])
print(d, d.count(9), 8 in d)
e = deque()
try:
    e.pop()
except IndexError as ex:
    print("IndexError:", ex)
dd = defaultdict(list)
for k, v in [("a", 1), ("b", 2), ("a", 3)]:
    dd[k].append(v)
print(dd, dict(dd), dd["zz"], len(dd))
di = defaultdict(int)
for ch in "mississippi":
    di[ch] += 1
print(sorted(di.items()), defaultdict(lambda: "x")["q"])
od = OrderedDict()
od["b"] = 1; od["a"] = 2; od["c"] = 3
od.move_to_end("b")
print(od, list(od), od.popitem(), od.popitem(last=False))
od2 = OrderedDict(x=1)
od2.move_to_end("x", last=False)
print(od2 == {"x": 1}, OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1))
c = Counter("abracadabra")
print(c.most_common(2), c["a"], c["z"], sorted(c.elements())[:4], sum(c.values()))
c.update("aaz")
c2 = Counter(a=1, b=10)
print(c["a"], (c + c2)["b"], (c - c2)["b"], Counter([1, 1, 2]) == Counter({1: 2, 2: 1}))
print(Counter({"x": 3, "y": 1}), Counter())
P = namedtuple("P", ["x", "y"])
p = P(1, y=2)
print(p, p.x, p[1], p._asdict(), p._replace(x=5), P._fields, tuple(p), p == (1, 2))
x, y = p
print(x, y, P._make([3, 4]), len(p))
Q = namedtuple("Q", "a b c", defaults=[0])
print(Q(1, 2), Q(1, 2, 3))
try:
    P(1)
except TypeError as e:
    print("TypeError:", e)
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError:", e)
class PP(P):
    def norm(self):
        return self.x + self.y
print(PP(3, 4).norm(), PP(3, 4))
NT = namedtuple("NT", "a b")
nt = NT(1, 2)
for op in ("set", "del"):
    try:
        if op == "set":
            nt.a = 5
        else:
            del nt.b
    except AttributeError as e:
        print(op, "AttributeError:", e)
