# global/nonlocal corner cases, closures, comprehension scoping, lambda defaults
counter = 0
def bump():
    global counter
    counter += 1
    return counter
bump(); bump()
print(counter)

def make_global():
    global created_later
    created_later = "made"
make_global()
print(created_later)

def outer():
    x = "outer"
    def mid():
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
        return x
    r = mid()
    return r, x
print(outer())

def counter_factory():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc
c1, c2 = counter_factory(), counter_factory()
print(c1(), c1(), c1(5), c2())

def shadow():
    x = 1
    def inner():
        x = 2
        return x
    return inner(), x
print(shadow())

def unbound():
    try:
        print(counter)
        counter = 5
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
unbound()

funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])

x = "module x"
print([x for x in range(3)], x)
print({k: v for k, v in [(1, 2)]}, x)
class C:
    y = 10
    vals = [y * 2 for _ in range(2)] if False else None
    try:
        vals = [y for _ in range(2)]
    except NameError as e:
        vals = "NameError: " + str(e)
    z = [n for n in range(y)][-1]
print(C.vals, C.z)

def default_once(a=[]):
    a.append(1)
    return len(a)
print(default_once(), default_once(), default_once([]))

def late_binding():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return [f() for f in fs]
print(late_binding())

def nested_nonlocal():
    a = 0
    def l1():
        def l2():
            nonlocal a
            a += 10
        l2()
        l2()
    l1()
    return a
print(nested_nonlocal())
print([(lambda y: y * k)(2) for k in range(3)])
g = 1
def read_global():
    return g + 1
g = 41
print(read_global())
print((lambda *a, **k: (a, k))(1, z=2))
print(globals()["counter"], "bump" in globals(), sorted(locals().keys() & {"counter", "bump"}))
