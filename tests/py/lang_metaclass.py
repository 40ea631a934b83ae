# Metaclasses: __new__/__init__ through super(), inheritance of the metaclass, __call__ overrides.
class Meta(type):
    registry = []
    def __new__(mcs, name, bases, ns):
        cls = super().__new__(mcs, name, bases, ns)
        mcs.registry.append(name)
        return cls
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.tag = name.lower()
    def describe(cls):
        return 'class ' + cls.__name__

class Base(metaclass=Meta):
    def hello(self):
        return 'hi from ' + type(self).__name__

class Child(Base):
    x = 1

print(Meta.registry, Base.tag, Child.tag, type(Child) is Meta, isinstance(Child, type))
print(Child().hello(), Child.describe(), Child.x, Child.__mro__[1] is Base)

class Plain(type):
    pass

class P(metaclass=Plain):
    y = 2
print(type(P).__name__, P.y, P().__class__.__name__)

class Counted(type):
    def __call__(cls, *a, **k):
        inst = super().__call__(*a, **k)
        cls.count = getattr(cls, 'count', 0) + 1
        return inst

class W(metaclass=Counted):
    def __init__(self, v):
        self.v = v
w1 = W(1); w2 = W(2)
print(W.count, w2.v)
