# staticmethod, classmethod, property with setter/deleter/docstrings
class Temp:
    """Temperature holder."""
    unit = "C"
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        """Degrees Celsius."""
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("too cold")
        self._c = v
    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def convert(c):
        return c * 9 / 5 + 32
    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)
    def plain(self):
        "plain doc"

t = Temp(100)
print(t.celsius, t.fahrenheit, Temp.convert(0), t.convert(100))
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(hasattr(t, "_c"))
try:
    t.celsius
except AttributeError as e:
    print("AttributeError:", e)
try:
    del t.fahrenheit
except AttributeError as e:
    print("AttributeError:", e)
print(Temp.from_f(212).celsius, type(Temp.from_f(32)).__name__)
print(Temp.celsius.__doc__, Temp.__doc__, Temp.plain.__doc__)
print(type(Temp.__dict__["convert"]).__name__, type(Temp.__dict__["from_f"]).__name__)
print(isinstance(Temp.celsius, property))
print(Temp.celsius.fget.__name__, Temp.fahrenheit.fset)

# property() function form
class P:
    def getx(self): return self._x
    def setx(self, v): self._x = v * 2
    x = property(getx, setx, None, "the x")
p = P()
p.x = 4
print(p.x, P.x.__doc__)

# custom descriptor
class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, None)
    def __set__(self, obj, value):
        if not isinstance(value, int):
            raise TypeError("expected int for " + self.name)
        setattr(obj, self.name, value)
class Pt:
    x = Typed()
    y = Typed()
pt = Pt()
pt.x = 3
print(pt.x, pt.y, type(Pt.x).__name__)
try:
    pt.y = "a"
except TypeError as e:
    print("TypeError:", e)

class Sub(Temp):
    @Temp.celsius.getter
    def celsius(self):
        return "sub:%s" % self._c
print(Sub(5).celsius)
