# Lists, tuples, dicts, sets and comprehensions.
l = [3, 1, 4, 1, 5, 9, 2, 6]
l.append(5)
l.extend([3, 5])
l.insert(0, 0)
print(l, len(l), l.index(4), l.count(5))
print(l.pop(), l.pop(0), l)
l.remove(1)
l.sort()
print(l, l[2:5], l[::-2], l[-3:])
l.reverse()
print(l, sorted(l, key=lambda x: -x), min(l), max(l))
l[1:3] = ['a', 'b', 'c']
print(l)
del l[0]
del l[-2:]
print(l, [1, 2] + [3], [0] * 3, [[0] * 2 for _ in range(2)])
t = (1, 2, 3)
print(t, t[1:], t + (4,), t * 2, (1,), (), len(t), t.index(2), 3 in t)
d = {'a': 1, 'b': 2}
d['c'] = 3
print(d, d['a'], d.get('z'), d.get('z', 0), len(d), 'a' in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop('a'), d, d.setdefault('x', 10), d)
d.update({'y': 20}, z=30)
print(d)
del d['b']
print(d, {k: v for k, v in d.items() if v > 10})
for k, v in sorted(d.items()):
    print(k, v, end='; ')
print()
s = {3, 1, 2}
s.add(5)
s.discard(1)
print(s, len(s), 2 in s, s | {9}, s & {2, 3}, s - {2}, s ^ {3, 4})
print({x % 3 for x in range(10)}, frozenset([1, 2]), set(), set('aab') == {'a', 'b'})
print([x * x for x in range(6) if x % 2], [(x, y) for x in range(2) for y in range(2)])
gen = (x for x in range(3))
print(next(gen), list(gen))
print(list(enumerate('ab', 1)), list(zip([1, 2, 3], 'ab')), dict(zip('ab', [1, 2])))
nested = {'k': [1, {'x': (2, 3)}]}
print(nested, nested['k'][1]['x'][0])
m = [[1, 2], [3, 4]]
print([row[1] for row in m], list(map(sum, m)), [list(r) for r in zip(*m)])
print(list(range(10, 0, -3)), range(5)[2], len(range(0, 10, 3)), list(range(3)) == [0, 1, 2])
print(sorted([(2, 'b'), (1, 'z'), (2, 'a')]), sorted(['bb', 'a', 'ccc'], key=len))
a = [1, 2, 3]
b = a
b.append(4)
print(a, a is b, a == [1, 2, 3, 4], a.copy() is a)
