# Subclasses of list and dict: methods, attributes, super().__init__, __missing__, overrides.
class MyList(list):
    def total(self):
        return sum(self)
    def __repr__(self):
        return 'MyList(%s)' % list.__repr__(self)

l = MyList([3, 1, 2])
l.append(10)
l.tag = 'x'
print(l, len(l), l.total(), l[0], l[-1], l.tag, isinstance(l, list), sorted(l))
l.sort()
print(l, list(l), [x * 2 for x in l], 2 in l)

class Registry(dict):
    def __init__(self, name):
        super().__init__()
        self.name = name
    def register(self, key, value):
        self[key] = value
        return self
    def __missing__(self, key):
        return 'missing:' + key

r = Registry('r1').register('a', 1).register('b', 2)
print(r, len(r), r['a'], r.name, sorted(r.keys()), list(r.items()), 'a' in r, r.get('zz'))

class Counter2(dict):
    def __getitem__(self, k):
        return dict.get(self, k, 0)
c = Counter2()
c['x'] = c['x'] + 1
print(c, c['y'])

class Stack(list):
    pass
s = Stack()
s.append(1); s.append(2)
print(s.pop(), s, type(s).__name__, Stack.__mro__)
import gc; gc.collect()
print(l, r, s)


class Defaulting(dict):
    def __missing__(self, key):
        return key * 2


d = Defaulting(a=1)
print(d['a'], d['bb'], len(d))


class Plain(dict):
    pass


try:
    Plain()['x']
except KeyError as e:
    print('KeyError', e)
