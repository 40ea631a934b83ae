# Generators: send, throw, close, yield from, finally, generator expressions.
def counter(n):
    i = 0
    while i < n:
        received = yield i
        if received is not None:
            i = received
        else:
            i += 1

g = counter(10)
print(next(g), next(g), g.send(7), next(g))

def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print('generator finally')

g = with_finally()
print(next(g))
g.close()

def catcher():
    while True:
        try:
            yield
        except ValueError as e:
            print('caught', e)

c = catcher()
next(c)
c.throw(ValueError('boom'))
c.throw(ValueError('again'))

def inner():
    x = yield 'a'
    yield 'inner got %s' % x
    return 'inner result'

def outer():
    r = yield from inner()
    yield r

o = outer()
print(next(o), o.send('hello'), next(o))
print(list(x * 2 for x in range(5) if x != 2))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

f = fib()
print([next(f) for _ in range(10)])

def gen_return():
    yield 1
    return 5
try:
    g = gen_return()
    next(g)
    next(g)
except StopIteration as e:
    print('StopIteration value', e.value)
print(sum(i for i in range(100)), max((len(w), w) for w in ['a', 'abc', 'ab']))
