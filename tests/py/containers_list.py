# list: slots, methods, slicing, sort, errors.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

l = [3, 1, 4, 1, 5, 9, 2, 6]
print(l, len(l), l[0], l[-1], l[2:5], l[::2], l[::-1], l[-3:], l[:-3], l[5:1:-1])
print(3 in l, 7 in l, l.index(1), l.index(1, 2), l.count(1))
l.append(10); l.insert(0, 0); l.insert(-1, 99); l.insert(100, 100)
print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(9); print(l)
l.extend(range(3)); l.extend("ab"); l.extend((7, 8)); print(l)
l += {1: 2}; print(l)
m = l.copy(); m.reverse(); print(m)
m.clear(); print(m, len(m), bool(m), bool(l))

# slice assignment
a = list(range(10))
a[2:5] = ["x", "y"]; print(a)
a[1:1] = (1, 2, 3); print(a)
a[:] = a; print(a)
a[::2] = range(len(a[::2])); print(a)
del a[::3]; print(a)
del a[1:4]; print(a)
a[-2:] = []; print(a)
b = list(range(10)); del b[::-2]; print(b)
b = list(range(10)); b[8:2:-2] = "abc"; print(b)
b = [1, 2, 3]; b[5:] = [9]; print(b)
b[1] = "z"; b[-1] = "w"; print(b)
del b[0]; print(b)
err(lambda: b[10])
err(lambda: b.__setitem__(10, 1))
err(lambda: b.__delitem__(-10))
err(lambda: b["a"])
err(lambda: b.__setitem__(slice(None, None, 2), [1, 2, 3, 4, 5]))
err(lambda: b.__setitem__(slice(0, 1), 5))
err(lambda: [].pop())
err(lambda: [1].pop(5))
err(lambda: [1].remove(2))
err(lambda: [1].index(2))
err(lambda: ['a'].index('x'))
err(lambda: [1] + (1,))
err(lambda: [1] * 2.5)
err(lambda: 2.5 * [1])
err(lambda: [1, 'a'].sort())
err(lambda: [].append())
err(lambda: [].insert(1))
err(lambda: hash([]))
err(lambda: list(1))
err(lambda: list(1, 2))
err(lambda: [1, 2][1:2:0])

# operators and comparisons
print([1, 2] + [3], [1, 2] * 3, 3 * [0], [1] * 0, [1] * -2)
c = [1]; c *= 3; print(c); c *= 0; print(c)
print([1, 2] == [1, 2], [1, 2] != [1, 3], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [] <= [], [1] >= [1, 0])
print([1, [2, [3]]] == [1, [2, [3]]], [float('nan')] == [float('nan')])
x = float('nan'); print([x] == [x])

# recursion in repr
r = [1, 2]; r.append(r); print(r)
d = {'k': r}; print(d)

# sort
s = [5, 2, 8, 1, 9, 3]; s.sort(); print(s)
s.sort(reverse=True); print(s)
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))
pairs = [(1, 'b'), (0, 'a'), (1, 'a'), (0, 'b')]
pairs.sort(key=lambda p: p[0]); print(pairs)
pairs.sort(key=lambda p: p[0], reverse=True); print(pairs)
big = [(i * 7919) % 1000 for i in range(1000)]
sb = sorted(big); print(sb[:10], sb[-5:], all(sb[i] <= sb[i + 1] for i in range(999)))
print(sorted([3.5, -1.0, 2.25]), sorted(["b", "é", "a", "ä"]), sorted([10**20, 5, -10**20, 0]))
stab = [(i % 3, i) for i in range(30)]
print(sorted(stab, key=lambda t: t[0]))
print(sorted(range(100, 0, -1))[:5], sorted([1] * 5 + [0] * 5))
def bad(x):
    m.append(x)
    return x
m = [3, 2, 1]
try:
    m.sort(key=bad)
except ValueError as e:
    print("ValueError:", e, m)
lst = [3, 1, 2]
lst.sort(key=lambda v: -v); print(lst)
print(list(reversed([1, 2, 3])), [1, 2, 3].__reversed__().__next__())
it = iter([1, 2]); print(next(it), next(it), next(it, 'end'))
e = []; it = iter(e); e.append(1); print(list(it))
print([].__len__(), [1, 2].__getitem__(1), [1].__contains__(1))
print(list("héllo"), list((1, 2)), list({1: 2, 3: 4}), list(range(3)))
print(repr([]), str([None, True, 'x', 1.5]))
