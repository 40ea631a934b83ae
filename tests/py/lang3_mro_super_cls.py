# super() in classmethods, staticmethod-ish access, and properties through MRO
class Base:
    count = 0
    @classmethod
    def make(cls, *a):
        cls.count += 1
        return cls.__name__, a
    @property
    def name(self):
        return "base"
    def __repr__(self):
        return "<%s>" % type(self).__name__

class Mid(Base):
    @classmethod
    def make(cls, *a):
        r = super().make(*a)
        return ("mid",) + r
    @property
    def name(self):
        return "mid/" + super().name

class Leaf(Mid):
    pass

print(Leaf.make(1, 2))
print(Leaf.count, Mid.count, Base.count)
print(Leaf().name)
print(repr(Leaf()))

class Mixin:
    def greet(self):
        return "mixin " + super().greet()
class Greeter:
    def greet(self):
        return "greeter"
class Both(Mixin, Greeter):
    pass
print(Both().greet())

# super() zero-arg inside nested function fails properly
class K:
    def m(self):
        def inner():
            return super().m()
        try:
            return inner()
        except RuntimeError as e:
            return "RuntimeError: " + str(e)
print(K().m())

# __init_subclass__
class Plugin:
    registry = []
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        Plugin.registry.append((cls.__name__, tag))
class P1(Plugin, tag="one"): pass
class P2(Plugin): pass
print(Plugin.registry)

# type() with three args
T = type("T", (Base,), {"x": 5, "f": lambda self: self.x * 2})
print(T().f(), T.__mro__[1].__name__, T.__name__)
