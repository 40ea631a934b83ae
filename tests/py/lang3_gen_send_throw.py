# generator send/throw/close
def acc():
    total = 0
    while True:
        try:
            v = yield total
        except ValueError as e:
            print("caught in gen:", e)
            total = -1
            continue
        if v is None:
            break
        total += v
    return "final %d" % total

g = acc()
print(next(g))
print(g.send(5), g.send(10))
print(g.throw(ValueError("reset")))
print(g.send(3))
try:
    g.send(None)
except StopIteration as e:
    print("StopIteration", e.value, e.args)

g2 = acc()
try:
    g2.send(1)
except TypeError as e:
    print("TypeError:", e)

def fin():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")
g = fin()
print(next(g))
g.close()
g.close()
print("closed")
try:
    next(g)
except StopIteration:
    print("exhausted after close")

def ignore_exit():
    try:
        yield 1
    except GeneratorExit:
        yield "bad"
g = ignore_exit()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def thrower():
    yield 1
g = thrower()
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("unstarted throw propagates", repr(e))
try:
    next(g)
except StopIteration:
    print("dead")

def catch_all():
    while True:
        try:
            yield
        except Exception as e:
            print("got", type(e).__name__)
g = catch_all()
next(g)
g.throw(IndexError)
g.throw(TypeError, TypeError("x"))
g.close()

def stop_in_gen():
    yield 1
    raise StopIteration("oops")
try:
    list(stop_in_gen())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)

def running():
    yield g3.send(None)
g3 = running()
try:
    next(g3)
except ValueError as e:
    print("ValueError:", e)
