# set and frozenset: CPython's iteration order for int elements, operators, methods, errors.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

print({3, 1, 2, 100, 8}, set(), frozenset(), frozenset([5, 3]), {-1, -2, 0, 2**61, 2**64, -(2**70)})
s = set()
for i in [64, 8, 16, 0, 32, 1, 9, 17, 25, 33, 41, 49, 57, 65, 73]:
    s.add(i)
    print(s)
for i in [8, 17, 41]:
    s.discard(i)
print(s)
for i in [81, 8, 89, 97, 105]:
    s.add(i)
print(s, len(s))
t = set(range(0, 200, 7)); print(t)
u = set(range(50)); 
for i in range(0, 50, 2): u.remove(i)
print(u)
for i in range(100, 140): u.add(i)
print(u)
print({1.5, 2.5, 0.5, 1.0, 2, True, None is None}, {(1, 2), (2, 1), (0,)}, {frozenset({1}), frozenset()})
a = {1, 2, 3, 4, 5}; b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b, b ^ a)
print(a.union(b, [10, 11]), a.intersection(b, {5}), a.difference(b, [1]), a.symmetric_difference([5, 6, 40]))
print(a <= b, a < a | b, a >= {1, 2}, a > {1, 2}, a == {5, 4, 3, 2, 1}, a != b, {1} == frozenset({1}))
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint(b), a.isdisjoint({9}), a.isdisjoint([9, 1]))
c = set(a); c |= b; print(c); c &= {1, 5, 6, 99}; print(c); c -= {1}; print(c); c ^= {6, 7}; print(c)
c.update([20, 21], (22,)); print(c)
c.intersection_update(range(21), [5, 7, 20]); print(c)
c.difference_update([5]); print(c)
c.symmetric_difference_update([7, 8]); print(c)
big = set(range(1000)); small = {3, 500, 999, 5000}
print(big & small, small & big, small - big, len(big - small), sorted(big ^ set(range(990, 1010)))[-12:])
print(set(range(1000)) - set(range(5, 1000)), set(range(20)) - {3, 4})
p = {10, 20, 30}
print(p.pop(), p.pop(), p, p.copy(), len(p))
p.clear(); print(p)
fs = frozenset([1, 2, 3])
print(fs | {4}, {4} | fs, fs & {2}, fs - {1}, fs ^ {9}, type(fs | {4}).__name__, type({4} | fs).__name__)
print(hash(frozenset()), hash(frozenset([1, 2, 3])), hash(frozenset(range(100))), hash(frozenset([(1, 2), -1])))
print({frozenset([1, 2]): 'x'}[frozenset([2, 1])], fs.copy() is fs, frozenset(fs) is fs)
print({1, 2} in {frozenset({1, 2})}, set() in {frozenset()})
q = {frozenset({1})}; q.discard({1}); print(q)
q = {frozenset({1})}; q.remove({1}); print(q)
nested = {frozenset({1, 2}), frozenset({3})}; print(len(nested))
print(sorted({3, 1, 2}), list({5, 4}), max({1, 9, 3}), sum({1, 2, 3}))
# recursion-free repr of sets of tuples and floats
print({(1, 2.5), (2, 0.5)}, {0.25, 0.5})
# errors
err(lambda: {1}.remove(2))
err(lambda: set().pop())
err(lambda: {[1]})
err(lambda: set().add([]))
err(lambda: {1} | [2])
err(lambda: {1} < [2])
err(lambda: set(1))
err(lambda: set([1], [2]))
err(lambda: hash({1}))
err(lambda: {1}.issubset(5))
def mutate():
    m = {1, 2, 3}
    for x in m:
        m.add(x + 10)
err(mutate)
print({1, 2}.__len__(), {1}.__contains__(1), {1, 2} == {2, 1}, frozenset() == set())
