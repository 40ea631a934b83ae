# json, string constants, random determinism
import json, string, random
obj = {"a": 1, "b": [1, 2.5, None, True, False], "c": {"d": "é\n"}, "e": []}
s = json.dumps(obj)
print(s)
print(json.loads(s) == obj, json.loads(s)["c"]["d"])
print(json.dumps(obj, indent=2, sort_keys=True))
print(json.dumps("é", ensure_ascii=False), json.dumps("é"), json.dumps([1, 2], separators=(",", ":")), json.dumps((1, 2)))
print(json.loads('{"x": [1, {"y": null}], "z": 1e3, "w": -0.5, "u": "\\u00e9"}'))
print(json.loads("3"), json.loads('"s"'), json.loads("[]"), json.loads(" true "), json.dumps(None), json.dumps({1: 2}))
try:
    json.loads("{bad}")
except json.JSONDecodeError as e:
    print("JSONDecodeError:", e)
try:
    json.dumps(set())
except TypeError as e:
    print("TypeError:", e)
print(json.dumps({"k": object()}, default=lambda o: "obj"))
print(string.ascii_lowercase, string.ascii_uppercase, string.digits, string.hexdigits, string.punctuation)
print(len(string.printable), string.ascii_letters[:3], repr(string.whitespace), string.octdigits)
print(string.capwords("hello  big world"))
random.seed(12345)
a = [random.random() for _ in range(3)]
b = [random.randint(1, 100) for _ in range(5)]
random.seed(12345)
a2 = [random.random() for _ in range(3)]
print(a == a2, all(0 <= v < 1 for v in a), all(1 <= v <= 100 for v in b))
random.seed(42)
print(random.random(), random.randint(1, 10), random.choice("abcdef"), random.randrange(100))
lst = list(range(10))
random.shuffle(lst)
print(lst, random.sample(range(100), 3), round(random.uniform(1, 2), 6))
r = random.Random(7)
print(r.random(), r.randint(0, 5))
