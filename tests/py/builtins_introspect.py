# attributes, isinstance/issubclass, callable, iter/next, hash/id, vars/dir, len/repr/ascii/format


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


class A:
    cls_attr = 1

    def __init__(self):
        self.x = 10

    def method(self):
        return "m"


class B(A):
    pass


a = B()
print(getattr(a, "x"), getattr(a, "cls_attr"), getattr(a, "nope", "dflt"), getattr(a, "method")())
print(hasattr(a, "x"), hasattr(a, "nope"), hasattr(a, "method"), hasattr(1, "real"))
setattr(a, "y", 5)
print(a.y, vars(a) == {"x": 10, "y": 5})
delattr(a, "y")
print(hasattr(a, "y"))
show("getattr missing", lambda: getattr(a, "nope"))
show("getattr int name", lambda: getattr(a, 1))
show("setattr int", lambda: setattr(1, "x", 3))
show("delattr missing", lambda: delattr(a, "zzz"))
show("hasattr int name", lambda: hasattr(a, 2))
show("getattr 1 arg", lambda: getattr(a))

print(isinstance(a, A), isinstance(a, B), isinstance(a, (int, A)), isinstance(1, (str, (bytes, int))),
      isinstance(True, int), isinstance(1, bool), isinstance("s", object), isinstance(a, ()))
print(issubclass(B, A), issubclass(A, B), issubclass(bool, int), issubclass(int, (str, object)), issubclass(B, B))
print(isinstance(ValueError("x"), Exception), issubclass(KeyError, LookupError), issubclass(type, object))
show("isinstance bad", lambda: isinstance(1, 2))
show("issubclass bad1", lambda: issubclass(1, int))
show("issubclass bad2", lambda: issubclass(int, 1))
show("isinstance 1 arg", lambda: isinstance(1))

print(callable(len), callable(A), callable(a), callable(a.method), callable(lambda: 0), callable(1), callable("s"))


class CallMe:
    def __call__(self):
        return "called"


print(callable(CallMe()), CallMe()())
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
show("next exhausted", lambda: next(it))
show("next non-iter", lambda: next([1]))
show("iter int", lambda: iter(1))
show("iter bad callable", lambda: iter(1, 2))
count = [0]


def tick():
    count[0] += 1
    return count[0]


print(list(iter(tick, 4)))


class Counter:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n


print(list(Counter()), next(Counter()), all([1, 2]), all([1, 0]), all([]), any([0, 0]), any([0, 3]), any([]))
print(all(x > 0 for x in [1, 2, 3]), any(x > 2 for x in [1, 2, 3]))
print(hash(1) == hash(1.0), hash("a") == hash("a"), hash((1, 2)) == hash((1, 2)), id(a) == id(a), id(a) != id(A))
print(id(5) == id(5), type(id(a)) is int, type(hash(a)) is int)
show("hash list", lambda: hash([]))
print(len("héllo"), len([1, 2]), len({1: 2}), len(b"ab"), len(()))
show("len int", lambda: len(1))
show("len none", lambda: len())
print(repr("x"), repr([1, "a"]), ascii("héllo 😀"), ascii([1, "é"]), format(42), format(3.14159, ".2f"),
      format("s", ">5"), format(255, "x"))
show("format bad", lambda: format(1, 2))
print([n for n in dir(a) if not n.startswith("__")], [n for n in dir(B) if not n.startswith("__")])
print("x" in dir(a), "method" in dir(B), "upper" in dir("s"), dir(a) == sorted(dir(a)))


class WithDir:
    def __dir__(self):
        return ["b", "a", "c"]


print(dir(WithDir()))


def f():
    local_one = 1
    local_two = 2
    return sorted(locals().items()), sorted(dir())


print(f())
print("f" in globals(), globals()["A"] is A, vars()["B"] is B)
show("vars int", lambda: vars(1))
print(type(int), type(3) is int, str is type("x"), bytes, bytearray, list, dict, tuple, set, frozenset, object, bool)
print(range, slice, enumerate, zip, map, filter, reversed, classmethod, staticmethod, property, super, float, type)
print(None, True, False, Ellipsis, NotImplemented, __name__, __builtins__.__name__ if hasattr(__builtins__, "__name__") else "builtins")
print(ValueError, KeyError, StopIteration, OSError is IOError, EnvironmentError, UnicodeDecodeError.__mro__[1])
try:
    exit(3)
except SystemExit as e:
    print("SystemExit", e.code)
try:
    quit()
except SystemExit as e:
    print("SystemExit", e.code)
