# skip: match statement is not parsed: SyntaxError at 'match x:' (parser.c)
# match statement and walrus operator
def describe(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2:
            return "small"
        case int(n) if n < 0:
            return "negative %d" % n
        case [a, b]:
            return "pair %r %r" % (a, b)
        case [first, *rest]:
            return "seq first=%r rest=%r" % (first, rest)
        case {"type": "pt", "x": px, **others}:
            return "point x=%r others=%r" % (px, others)
        case str() as s:
            return "string " + s
        case (True | False):
            return "bool?"
        case None:
            return "none"
        case _:
            return "other %r" % (x,)
for v in [0, 2, -5, [1, 2], (1, 2, 3), {"type": "pt", "x": 3, "y": 4}, "hi", None, 3.5, []]:
    print(describe(v))
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
def where(p):
    match p:
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return "on y axis at %d" % y
        case Point(x, 0):
            return "on x axis at %d" % x
        case Point():
            return "elsewhere"
print(where(Point(0, 0)), where(Point(0, 5)), where(Point(3, 0)), where(Point(1, 1)))
RED = "red"
class C:
    RED = "red"
match "red":
    case C.RED:
        print("matched dotted constant")
data = [1, 2, 3, 4, 5, 6]
if (n := len(data)) > 5:
    print("long list", n)
print([y for x in data if (y := x * x) > 10], y)
while (chunk := data[:2]):
    data = data[2:]
    print(chunk)
print((z := 5) + z)
def f():
    if any((hit := v) > 2 for v in [1, 3, 5]):
        return hit
print(f())
