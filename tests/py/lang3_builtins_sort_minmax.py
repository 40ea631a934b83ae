# dict.fromkeys, sorted on tuples/strings, max/min with key/default, sort stability
print(dict.fromkeys("abc"), dict.fromkeys(["x", "y"], 0), dict.fromkeys(range(3), []))
d = dict.fromkeys("ab", [])
d["a"].append(1)
print(d)
class MyDict(dict):
    pass
print(type(MyDict.fromkeys("a")).__name__, MyDict.fromkeys("a"))
print(sorted([(2, "b"), (1, "z"), (2, "a"), (1, "a")]))
print(sorted("hello"), sorted("Hello World", key=str.lower), sorted(["bb", "a", "ccc"], key=len, reverse=True))
print(sorted({3: "c", 1: "a"}), sorted((3, 1, 2), reverse=True), sorted([]), sorted(x for x in "cab"))
pairs = [("b", 1), ("a", 1), ("c", 0), ("d", 1), ("e", 0)]
print(sorted(pairs, key=lambda p: p[1]))
print(sorted(pairs, key=lambda p: p[1], reverse=True))
recs = [("x", 3, 1.5), ("y", 1, 2.5), ("z", 3, 0.5)]
print(sorted(recs, key=lambda r: (-r[1], r[2])))
lst = [5, 3, 5, 1]
lst.sort()
print(lst)
words = ["Banana", "apple", "cherry", "Apple"]
words.sort(key=str.lower)
print(words)
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1], key=1)
except TypeError as e:
    print("TypeError:", e)
print(max([3, 1, 4]), min([3, 1, 4]), max(3, 1, 4), min("hello"), max("abc", "b", key=len))
print(max([], default="empty"), min([], default=None), max([1, 2], default=0), min([(1, "b"), (1, "a")]))
print(max(["aa", "b", "cc"], key=len), min(["aa", "b", "cc"], key=len), max({"a": 3, "b": 1}.items(), key=lambda kv: kv[1]))
print(max([1, 3, 3], key=lambda v: v), max([(1, "first"), (1, "second")], key=lambda t: t[0]))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
try:
    min()
except TypeError as e:
    print("TypeError:", e)
try:
    max(1, 2, default=0)
except TypeError as e:
    print("TypeError:", e)
try:
    max(5)
except TypeError as e:
    print("TypeError:", e)
print(sum([1, 2, 3], 10), sum([[1], [2]], []), sum([0.1] * 3), any([]), all([]), any([0, "", 1]))
print(list(reversed([1, 2, 3])), list(reversed("ab")), list(enumerate("ab", 1)), list(zip("ab", [1, 2, 3])))
print(list(map(lambda a, b: a + b, [1, 2], [10, 20])), list(filter(None, [0, 1, "", "x"])), abs(-3.5), round(2.5), round(3.5), round(-0.5))
print(divmod(7.5, 2), pow(2, 10), isinstance(1, (str, int)), issubclass(bool, int), len(range(0, 10, 3)))
