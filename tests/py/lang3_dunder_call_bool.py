# __call__, __bool__, __len__ truthiness, __index__, __format__, __repr__ fallback
class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x, *rest, scale=1):
        return (self.n + x + sum(rest)) * scale
add = Adder(10)
print(add(1), add(1, 2, 3), add(1, scale=3), callable(add), callable(Adder), callable(1))
print(list(map(add, [1, 2])))

class B1:
    def __bool__(self):
        return False
class B2:
    def __len__(self):
        return 0
class B3:
    def __len__(self):
        return 3
class B4:
    pass
class B5:
    def __bool__(self):
        return True
    def __len__(self):
        return 0
for o in (B1(), B2(), B3(), B4(), B5()):
    print(type(o).__name__, bool(o), "yes" if o else "no", not o)
print(B1() or "alt", B3() and "and")

class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print("TypeError:", e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print("ValueError:", e)
class StrLen:
    def __len__(self):
        return "3"
try:
    len(StrLen())
except TypeError as e:
    print("TypeError:", e)

class F:
    def __format__(self, spec):
        return "F<" + spec + ">"
print(format(F(), "abc"), "{:xy}".format(F()), f"{F():>10}")

class R:
    def __repr__(self):
        return "R!"
print(str(R()), repr(R()), [R()], "%s" % R())

class S:
    def __str__(self):
        return "S-str"
print(str(S()), "%s" % S(), f"{S()}")
print(repr(S()).startswith("<__main__.S object at "))

class BadStr:
    def __str__(self):
        return 5
try:
    str(BadStr())
except TypeError as e:
    print("TypeError:", e)
