# deque: __init__ on an existing deque starts it again, * and *= (with maxlen), __delitem__;
# dict items views' symmetric difference; a class's own __delattr__.
from collections import deque

d = deque(range(-5, 0))
d.__init__(range(4))
print(d, d.maxlen)
d.__init__("ab", 3)
d.extend("cd")
print(d, d.maxlen)
e = deque([1, 2], maxlen=5)
print(e * 3, 3 * e, e * 0, deque([1, 2]) * 2)
e *= 2
print(e)
e.__delitem__(0)
del e[-1]
print(e, deque.__delitem__ is not None)
for bad in (lambda: e * "x", lambda: e.__delitem__(10)):
    try:
        bad()
    except (TypeError, IndexError) as ex:
        print(type(ex).__name__, ex)
d1 = {"a": 1, "b": 2}
d2 = {"a": 2, "b": 2, "c": 3}
print(sorted(d1.items() ^ d2.items()), sorted(d2.items() ^ d1.items()), sorted(d1.keys() ^ d2.keys()))


class CustomDelAttr:
    def __init__(self):
        self.attr_deleted = "nothing"

    def __getattr__(self, name):
        return 42

    def __delattr__(self, name):
        object.__setattr__(self, "attr_deleted", name)


x = CustomDelAttr()
del x.a
x.b = 5
print(x.a, x.b, x.attr_deleted)
del CustomDelAttr.__delattr__
del x.b
print(x.b, x.attr_deleted)
