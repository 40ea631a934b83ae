# print with sep/end/file/flush, to sys.stdout and to objects with write()
import sys

print()
print("a", "b", 3, None, True, 1.5, [1, "x"], (2,), {"k": "v"})
print("a", "b", sep="")
print("a", "b", sep=None, end=None)
print("x", "y", sep="--", end="|\n")
print("no newline", end="")
print(" <- same line")
print(*range(3), sep=", ")
print("flushed", flush=True)
print("to stdout", file=sys.stdout)
print("to None file", file=None)


class Sink:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)
        return len(s)

    def flush(self):
        self.parts.append("<flush>")


s = Sink()
print("one", 2, sep="+", end="!", file=s, flush=True)
print(file=s)
print(s.parts)


class Obj:
    def __str__(self):
        return "Obj-str"

    def __repr__(self):
        return "Obj-repr"


print(Obj(), [Obj()], repr(Obj()), str(Obj()))
for bad in ({"sep": 1}, {"end": 1}, {"foo": 1}, {"file": 1}):
    try:
        print("x", **bad)
    except Exception as e:
        print(type(e).__name__, e)
