# __del__ (at most once, also for cycles), weak references and their callbacks, the weakref
# containers, generator finally blocks on collection, finalize, and __del__ at exit.
import gc
import weakref


class Res:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('del', self.name)


def make():
    Res('temp')


make()
gc.collect()
print('after collect')

a = Res('cycle-a')
b = Res('cycle-b')
a.other = b
b.other = a
del a, b
gc.collect()
gc.collect()
print('cycles collected once')


class Obj:
    pass


o = Obj()
w = weakref.ref(o, lambda wr: print('callback, dead:', wr() is None))
print(w() is o)
del o
gc.collect()
print(w())

d = weakref.WeakValueDictionary()
k = Obj()
d['x'] = k
print(len(d), 'x' in d)
del k
gc.collect()
print(len(d), 'x' in d)

kd = weakref.WeakKeyDictionary()
key = Obj()
kd[key] = 'value'
print(len(kd), kd[key])
del key
gc.collect()
print(len(kd))


def gen():
    try:
        yield 1
        yield 2
    finally:
        print('generator finally ran')


g = gen()
next(g)
del g
gc.collect()
print('after gen')

f = weakref.finalize(Obj(), print, 'finalized obj')
gc.collect()
print(f.alive)


class Resurrect:
    saved = []

    def __del__(self):
        print('resurrecting')
        Resurrect.saved.append(self)


Resurrect()
gc.collect()
Resurrect.saved.clear()
gc.collect()
print('del ran once')
keep = Res('at exit')
print('end of program')
