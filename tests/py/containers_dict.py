# dict: slots, methods, views and their set operations, iteration errors.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

d = {'a': 1, 'b': 2, 'c': 3}
print(d, len(d), d['b'], 'a' in d, 'z' in d, 'z' not in d)
d['d'] = 4; d['a'] = 10; del d['b']; print(d)
print(d.get('a'), d.get('z'), d.get('z', 0), d.setdefault('a', 5), d.setdefault('e', 5), d)
print(d.pop('e'), d.pop('zz', 'dflt'), d)
print(d.popitem(), d)
d['x'] = 1; print(d, list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
print(dict(), dict(a=1, b=2), dict([(1, 2), [3, 4]]), dict({1: 2}, c=3), dict(zip('ab', range(2))))
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), {}.fromkeys((1,)), dict.fromkeys({5: 6}))
e = d.copy(); e.update({'q': 1}, r=2); e.update([('s', 3)]); print(e, d)
e.clear(); print(e, len(e), bool(e))
print({1: 'a'} == {1: 'a'}, {1: 'a'} != {1: 'b'}, {1: 2, 3: 4} == {3: 4, 1: 2}, {} == {}, {1: 2} == [1])
print({1: 2} | {3: 4}, {1: 2, 3: 4} | {1: 5})
f = {1: 2}; f |= {3: 4}; f |= [(5, 6)]; print(f)
print(list(reversed({1: 2, 3: 4, 5: 6})), list(reversed({1: 2, 3: 4}.items())), list(reversed({1: 2}.values())))
print(sorted({3: 1, 1: 2, 2: 3}))
# keys/items views
k = {'a': 1, 'b': 2, 'c': 3}.keys()
print(len(k), 'a' in k, 'z' in k, k == {'a', 'b', 'c'}, k == {'a'}, k <= {'a', 'b', 'c', 'd'}, k > {'a'})
print(sorted(k & {'a', 'c', 'z'}), sorted(k | {'z'}), sorted(k - {'a'}), sorted(k ^ {'a', 'z'}))
print(sorted({'x', 'a'} & k), sorted(['a', 'q'] & k), sorted({'a'} | k), sorted({'a', 'w'} - k))
it = {1: 'x', 2: 'y'}.items()
print((1, 'x') in it, (1, 'y') in it, 1 in it, sorted(it & {(1, 'x')}), sorted(it ^ {2: 'y', 3: 'z'}.items()))
print({1: 2}.keys().isdisjoint([3]), {1: 2}.keys().isdisjoint([1]))
print({1: 'a'}.values() == {1: 'a'}.values())
# ints as keys: order and hashing
g = {}
for i in range(20):
    g[i * 7 % 13] = i
print(g)
for i in range(0, 20, 3):
    g.pop(i * 7 % 13, None)
print(g, list(g.items())[:3])
h = {(1, 2): 'tuple', 1.0: 'float', True: 'bool', None: 'none', frozenset([1]): 'fs'}
print(h, h[1], h[(1, 2)], h[frozenset({1})])
# recursion
r = {}; r['self'] = r; print(r)
# errors
err(lambda: d['nope'])
err(lambda: {}[(1, 2)])
err(lambda: {}.pop(1))
err(lambda: {}.popitem())
err(lambda: {[]: 1})
err(lambda: {}.get())
err(lambda: dict(1))
err(lambda: dict([1]))
err(lambda: dict([(1, 2, 3)]))
err(lambda: dict({}, {}))
err(lambda: {} | [])
err(lambda: {} < {})
err(lambda: hash({}))
err(lambda: {}.keys() | 1)
def mutate():
    m = {1: 1, 2: 2}
    for x in m:
        m[x + 10] = 0
err(mutate)
def mutate2():
    m = {1: 1, 2: 2}
    for x in m.values():
        del m[1]
err(mutate2)
print({}.__len__(), {1: 2}.__getitem__(1), {1: 2}.__contains__(3))
class K:
    def keys(self): return ['p', 'q']
    def __getitem__(self, k): return k * 2
print(dict(K()), {}.__class__, type({}.keys()).__name__, type(iter({})).__name__)
