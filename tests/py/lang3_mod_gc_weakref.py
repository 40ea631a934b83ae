# gc and weakref basics
import gc, weakref
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled(), type(gc.collect()).__name__)
class Obj:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return "Obj(%s)" % self.name
o = Obj("a")
r = weakref.ref(o)
print(r() is o, r())
died = []
r2 = weakref.ref(o, lambda ref: died.append("callback"))
del o
gc.collect()
print(r(), r2(), died)
wvd = weakref.WeakValueDictionary()
keep = Obj("keep")
tmp = Obj("tmp")
wvd["keep"] = keep
wvd["tmp"] = tmp
del tmp
gc.collect()
print(sorted(wvd.keys()), wvd.get("tmp"), wvd["keep"])
wkd = weakref.WeakKeyDictionary()
k1, k2 = Obj("k1"), Obj("k2")
wkd[k1] = 1
wkd[k2] = 2
del k2
gc.collect()
print(len(wkd), wkd[k1], k1 in wkd)
fin_log = []
x = Obj("fin")
f = weakref.finalize(x, fin_log.append, "finalized")
print(f.alive)
del x
gc.collect()
print(fin_log, f.alive)
class WithDel:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        del_log.append(self.n)
del_log = []
a = WithDel(1)
del a
gc.collect()
print(del_log)
b, c = WithDel(2), WithDel(3)
b.other, c.other = c, b
del b, c
gc.collect()
print("cycle collected", sorted(del_log))
try:
    weakref.ref(1)
except TypeError as e:
    print("TypeError:", e)
