# yield from with return values, delegation of send/throw, generator expressions
def inner(n):
    got = []
    for i in range(n):
        x = yield i
        got.append(x)
    return got

def outer():
    r = yield from inner(3)
    print("inner returned", r)
    r2 = yield from [10, 20]
    print("list delegation returns", r2)
    return "outer done"

g = outer()
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(g.send("c"))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("stop:", e.value)

def sub():
    try:
        yield 1
    except KeyError:
        print("sub caught KeyError")
        yield 2
    finally:
        print("sub finally")
def deleg():
    yield from sub()
    yield 3
g = deleg()
print(next(g), g.throw(KeyError), next(g))
g.close()
g = deleg()
next(g)
g.close()
print("deleg closed")

def chain(*its):
    for it in its:
        yield from it
print(list(chain("ab", range(2), (x * x for x in [3]))))

# generator expressions: lazy, scoping, first iterable evaluated eagerly
def src():
    print("src evaluated")
    return [1, 2, 3]
ge = (x * 2 for x in src())
print("created")
print(list(ge), list(ge))
print(sum(x for x in range(5) if x % 2), max((len(w), w) for w in ["aa", "b", "ccc"]))
print(type(x for x in []).__name__)
try:
    (1 / x for x in [0]).__next__()
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)

def nested():
    x = yield from (yield from inner(1)) or []
    return x
g = nested()
print(next(g))
try:
    g.send("v")
except StopIteration as e:
    print("nested value", e.value)

def gen_return_value():
    return 5
    yield
try:
    next(gen_return_value())
except StopIteration as e:
    print("return in gen", e.value)
print(list(zip(inner(3), "xyz")))
