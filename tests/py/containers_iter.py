# enumerate, zip, map, filter, reversed, the sequence and callable iterators.
def err(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)

print(list(enumerate('abc')), list(enumerate([5, 6], start=10)), list(enumerate((), 3)), list(enumerate('xy', -1)))
e = enumerate(range(3), 2**62); print(next(e), next(e), next(e))
print(list(zip()), list(zip('abc')), list(zip('abc', range(10), [True, False])), dict(zip('ab', 'cd')))
print(list(zip('ab', 'cd', strict=True)))
err(lambda: list(zip('ab', 'c', strict=True)))
err(lambda: list(zip('a', 'bc', strict=True)))
err(lambda: list(zip('ab', 'ab', 'a', strict=True)))
err(lambda: list(zip('ab', 'ab', 'abc', strict=True)))
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a * b, [1, 2, 3], (4, 5))), list(map(str.upper, 'ab')))
print(list(filter(None, [0, 1, '', 'a', None, [], [0]])), list(filter(lambda v: v % 2, range(10))), list(filter(bool, [0, 2])))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed('héllo')), list(reversed('abc')), list(reversed(range(4))))
print(list(reversed({'a': 1, 'b': 2})), list(reversed([])))
class Seq:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i * 10
print(list(reversed(Seq())), list(Seq()), 20 in Seq(), list(iter(Seq())))
class OnlyGet:
    def __getitem__(self, i):
        if i > 4: raise IndexError
        return chr(97 + i)
print(list(OnlyGet()), ''.join(OnlyGet()), type(iter(OnlyGet())).__name__)
class Rev:
    def __reversed__(self): return iter([3, 2, 1])
print(list(reversed(Rev())))
err(lambda: reversed(5))
err(lambda: reversed({1, 2}))
err(lambda: reversed(OnlyGet()))
err(lambda: reversed())
err(lambda: map(abs))
err(lambda: filter(None))
err(lambda: enumerate())
err(lambda: enumerate([], 'a'))
err(lambda: zip(1))
err(lambda: list(map(int, ['1', 'x'])))
n = [0]
def counter():
    n[0] += 1
    return n[0]
print(list(iter(counter, 5)), type(iter(counter, 0)).__name__)
it = iter([1, 2, 3])
print(list(zip(it, it)), list(it))
z = zip([1, 2], [3, 4]); print(iter(z) is z, next(z), list(z))
m = map(abs, [-1]); print(iter(m) is m, list(m), list(m))
g = (i * i for i in range(5))
print(list(enumerate(g)), sorted(map(lambda v: -v, range(4))))
print(type(enumerate([])).__name__, type(zip()).__name__, type(map(abs, [])).__name__, type(filter(None, [])).__name__)
print(type(iter([])).__name__, type(iter(())).__name__, type(iter(range(1))).__name__, type(iter(set())).__name__, type(iter({}.items())).__name__)
