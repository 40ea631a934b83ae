# __getitem__/__setitem__/__delitem__ with slices, __len__, __contains__, __iter__ fallbacks
class Seq:
    def __init__(self, data):
        self.data = list(data)
    def __len__(self):
        return len(self.data)
    def __getitem__(self, k):
        if isinstance(k, slice):
            print("slice", k.start, k.stop, k.step)
            return Seq(self.data[k])
        return self.data[k]
    def __setitem__(self, k, v):
        print("set", k if not isinstance(k, slice) else (k.start, k.stop, k.step), v)
        self.data[k] = v
    def __delitem__(self, k):
        print("del", k if not isinstance(k, slice) else (k.start, k.stop, k.step))
        del self.data[k]
    def __repr__(self):
        return "Seq(%r)" % self.data

s = Seq(range(10))
print(s[2], s[-1])
print(s[1:4], s[::3], s[:], s[5:1:-1])
s[0] = 100
s[1:3] = [7, 7, 7]
del s[0]
del s[::2]
print(s, len(s))
print(3 in Seq([1, 2, 3]), 9 in Seq([1, 2]))
print(list(Seq("abc")), [c for c in Seq("xy")])
a, b = Seq([1, 2])
print(a, b)

class Old:
    # iteration via __getitem__ + IndexError
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(Old()), 20 in Old(), 5 in Old())
print(sorted(Old(), reverse=True), max(Old()))

class Tup:
    def __getitem__(self, k):
        return k
t = Tup()
print(t[1, 2], t[1:2, ::3], t[...], t["key"])

class C:
    def __contains__(self, x):
        return x == "yes"
print("yes" in C(), "no" in C(), "no" not in C())

class It:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(list(It(4)), 2 in It(5), sum(It(4)))
it = It(2)
print(next(it), next(it), next(it, "done"))

class NoIter:
    pass
try:
    iter(NoIter())
except TypeError as e:
    print("TypeError:", e)
try:
    len(NoIter())
except TypeError as e:
    print("TypeError:", e)
try:
    NoIter()[0]
except TypeError as e:
    print("TypeError:", e)
try:
    1 in NoIter()
except TypeError as e:
    print("TypeError:", e)
