# finally blocks run on close, on exhaustion, on abandonment and gc.collect
import gc

def g(name):
    try:
        yield 1
        yield 2
    finally:
        print("finally", name)

for x in g("loop-exhaust"):
    pass
for x in g("loop-break"):
    break
gc.collect()
print("after break loop")

it = g("abandoned")
next(it)
del it
gc.collect()
print("after del")

def gen_with():
    class CM:
        def __enter__(self): print("cm enter")
        def __exit__(self, *a):
            print("cm exit", a[0].__name__ if a[0] else None)
    with CM():
        yield "in with"
it = gen_with()
print(next(it))
it.close()

def counter():
    n = 0
    try:
        while True:
            yield n
            n += 1
    except GeneratorExit:
        print("GeneratorExit at", n)
        raise
c = counter()
for v in c:
    if v == 3:
        break
c.close()

def return_in_finally():
    try:
        yield 1
    finally:
        return "swallowed"
r = return_in_finally()
next(r)
r.close()
print("closed fine")

def gen_state():
    yield 1
s = gen_state()
print(s.gi_running, s.gi_frame is not None)
list(s)
print(s.gi_frame)
