# __getattr__, __getattribute__, __setattr__, __delattr__
class Lazy:
    def __init__(self):
        self.real = 1
    def __getattr__(self, name):
        if name.startswith("x_"):
            return name[2:].upper()
        raise AttributeError("no attribute %r" % name)
l = Lazy()
print(l.real, l.x_hello, getattr(l, "x_a"), getattr(l, "missing", "dflt"))
print(hasattr(l, "x_q"), hasattr(l, "nope"))
try:
    l.nope
except AttributeError as e:
    print("AttributeError:", e)

class Rec:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __setattr__(self, name, value):
        self.log.append(("set", name, value))
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.log.append(("del", name))
        object.__delattr__(self, name)
r = Rec()
r.a = 1
r.b = 2
del r.a
setattr(r, "c", 3)
delattr(r, "b")
print(r.log)
print(sorted(vars(r)))
try:
    del r.zzz
except AttributeError as e:
    print("AttributeError:", e)

class Ga:
    def __init__(self):
        self.v = 5
    def __getattribute__(self, name):
        if name == "secret":
            return "intercepted"
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return "fallback:" + name
g = Ga()
print(g.v, g.secret, g.other)

class Plain:
    pass
p = Plain()
try:
    p.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    Plain.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    del p.missing
except AttributeError as e:
    print("AttributeError:", e)
p.__dict__["z"] = 9
print(p.z, p.__dict__)
try:
    (1).foo = 2
except AttributeError as e:
    print("AttributeError:", e)
try:
    object().x = 1
except AttributeError as e:
    print("AttributeError:", e)

# __dir__ and __class__
class D:
    def __dir__(self):
        return ["b", "a"]
print(dir(D()), D().__class__.__name__, type(D()) is D)
