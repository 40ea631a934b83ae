# copy.copy and copy.deepcopy of subclasses of the containers: the items, the attributes,
# what the base keeps (a defaultdict's factory, a deque's maxlen), no __init__ call, sharing
# kept in a deep copy.
import copy
from collections import defaultdict, OrderedDict, Counter, deque


def factory():
    return []


class Tagged(dict):
    def __init__(self, tag):
        super().__init__()
        self.tag = tag


class Stack(list):
    def __init__(self, name):
        super().__init__()
        self.name = name


dd = defaultdict(factory, {1: [1], 2: [2, 2]})
od = OrderedDict([("b", [1]), ("a", [2])])
ct = Counter("abracadabra")
dq = deque([[1], [2], [3]], maxlen=5)
td = Tagged("t")
td["k"] = [9]
st = Stack("s")
st.extend([[1], [2]])
for name, x in (("defaultdict", dd), ("OrderedDict", od), ("Counter", ct), ("deque", dq),
                ("Tagged", td), ("Stack", st)):
    for how in (copy.copy, copy.deepcopy):
        y = how(x)
        first = next(iter(x.values())) if isinstance(x, dict) else (x[0] if isinstance(x, (list, deque)) else None)
        yfirst = next(iter(y.values())) if isinstance(y, dict) else (y[0] if isinstance(y, (list, deque)) else None)
        shared = first is yfirst if first is not None else None
        print(name, how.__name__, type(y).__name__, y == x, y is x, shared, getattr(y, "tag", getattr(y, "name", "-")))
print(copy.deepcopy(dd).default_factory is factory, copy.copy(dq).maxlen, copy.deepcopy(dq).maxlen)
inner = [0]
pair = Stack("p")
pair.extend([inner, inner])
dp = copy.deepcopy(pair)
print(dp[0] is dp[1], dp[0] is inner, dp.name)


class T(dict):
    pass


class U(dict):
    def __init__(self, tag):
        super().__init__()
        self.tag = tag


a = T()
a["k"] = 1
b = U("x")
b["k"] = 1
c = U.__new__(U)
c["k"] = 1
print(a == {"k": 1}, {"k": 1} == a, a == T(k=1), b == a, c == b, a != {"k": 2}, b != c)


class L(list):
    pass


class M(list):
    def __init__(self, n):
        super().__init__()
        self.n = n


la = L([1, 2])
mb = M(1)
mb.extend([1, 2])
mc = M.__new__(M)
mc.append(1)
mc.append(2)
print(la == [1, 2], [1, 2] == la, la < [3], la == L([1, 2]), mb == la, mc == mb, mc == [1, 2], la != (1, 2))
