# dict ordering after deletes/updates, views, methods
d = {}
for k in "abcde":
    d[k] = ord(k)
del d["b"]
d["b"] = 0
d["a"] = 1
print(list(d), list(d.values()))
d.pop("c")
d["c"] = 3
print(list(d.items()))
print(d.popitem(), list(d))
d.update({"z": 26, "a": 100}, y=25)
print(d)
print(d.setdefault("a", -1), d.setdefault("new", []), d)
print(d.get("missing"), d.get("missing", 5), "a" in d, 100 in d, len(d))
ks = d.keys()
d["late"] = 1
print(list(ks)[-1], "late" in ks, ks & {"a", "zz"}, sorted(ks - {"a"}))
print(list(reversed(d))[:2], {1: 2} | {3: 4}, {1: 2, 3: 4} == {3: 4, 1: 2})
e = dict(d)
e |= {"x": 0}
print(list(e)[-1], len(d))
try:
    d.pop("nope")
except KeyError as ex:
    print("KeyError:", ex)
print(d.pop("nope", "dflt"))
try:
    {}.popitem()
except KeyError as ex:
    print("KeyError:", ex)
try:
    for k in d:
        d["added"] = 1
except RuntimeError as ex:
    print("RuntimeError:", ex)
try:
    for k in d:
        del d[k]
except RuntimeError as ex:
    print("RuntimeError:", ex)
print(dict([("a", 1), ("b", 2)]), dict(zip("xy", [1, 2])), dict(a=1), dict({"k": 1}, k=2))
try:
    dict([("a", 1, 2)])
except ValueError as ex:
    print("ValueError:", ex)
c = {"b": 1, "a": 2}
cc = c.copy()
cc["c"] = 3
print(c, cc, c.items() == {("b", 1), ("a", 2)}, repr({}.keys()), repr({1: "x"}.values()), repr({1: 2}.items()))
big = {i: i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
big[0] = "zero"
print(list(big)[:5], list(big)[-2:], len(big))
class K:
    def __missing__(self, k): return k
class DD(dict):
    def __missing__(self, key):
        return "missing-" + str(key)
dd = DD(a=1)
print(dd["a"], dd["b"], dd.get("b"), "b" in dd)
print({1: "int", 1.0: "float", True: "bool"})
nested = {"a": {"b": {"c": 1}}}
print(nested["a"]["b"]["c"], str(nested))
r = {}
r["self"] = r
print(r)
