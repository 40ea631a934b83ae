# Loops that take every road out of compiled code: guards that fail after many iterations,
# values that change type, globals and classes changed while a loop runs, calls that are
# inlined and then see another function, exceptions in the middle of a loop, big ints, and
# loops that end in every way. Run with the JIT forced early (pyjit:) each one is compiled
# and then leaves its machine code; the output must still be CPython's.
import math

LIMIT = 7


def int_loop(n):
    total = 0
    for i in range(n):
        if i % 7 == 3:
            total -= i
        elif i % 3 == 0:
            total += i * 2
        else:
            total += 1
    return total


def overflow(n):
    x = 3
    for i in range(n):
        x = x * 3 + i     # leaves the tagged range partway: big ints from then on
    return x


def negatives():
    out = []
    for i in range(-20, 20):
        out.append((i % 7, i // 7, i % -7 if i else 0, -i // 3))
    return out


def type_change(n):
    acc = 0
    for i in range(n):
        if i == n // 2:
            acc = float(acc)    # the accumulator turns into a float mid-loop
        acc = acc + i
    return acc


def global_change(n):
    global LIMIT
    hits = 0
    for i in range(n):
        if i == n // 2:
            LIMIT = 3           # a global the loop reads changes under it
        if i % 10 < LIMIT:
            hits += 1
    return hits


class Counter(object):
    step = 1

    def __init__(self):
        self.value = 0

    def bump(self):
        self.value += self.step


def class_change(n):
    c = Counter()
    for i in range(n):
        if i == n // 2:
            Counter.step = 5    # a class attribute changes: the type's version guard
        c.bump()
    return c.value


def double(x):
    return x * 2


def triple(x):
    return x * 3


def callee_change(n):
    global double
    total = 0
    for i in range(n):
        if i == n // 2:
            old = double
            double = triple     # the inlined function is replaced
        total += double(i)
    double = old
    return total


def divide_until_zero(n):
    results = []
    for i in range(n, -5, -1):
        try:
            results.append(100 // i)
        except ZeroDivisionError:
            results.append('zero')
    return results[-8:]


def floats(n):
    s = 0.0
    m = -1e300
    for i in range(1, n):
        x = math.sqrt(i) / i - 0.5
        s += x * x
        if x > m:
            m = x
    return round(s, 9), m


def nested(n):
    rows = [[j * i for j in range(6)] for i in range(n)]
    total = 0
    for row in rows:
        for v in row:
            if v is not None and v % 2:
                total += v
    return total


def closures(n):
    base = 10

    def add(x):
        return x + base

    out = 0
    for i in range(n):
        out = add(out) % 1000003
        if i == n // 2:
            base = 7
    return out


def early_return(items, target):
    for i, v in enumerate(items):
        if v == target:
            return i
    return -1


def while_loop(n):
    a, b, k = 0, 1, 0
    while k < n:
        a, b = b, (a + b) % 1000000007
        k += 1
    return a


def attrs(n):
    p = Counter()
    q = Counter()
    for i in range(n):
        p.value = p.value + 1.5
        if i % 4 == 0:
            q.value = q.value - 1
        else:
            q.value += p.value > 10 and 1 or 0
    return p.value, q.value


def from_the_end(xs):
    t = 0
    for i in range(2000):
        t += xs[-1] + xs[i % 5] + xs[-(i % 5) - 1]
        if i == 1000:
            xs.append(9)        # xs[-1] is another item from here on
    return t


def scaled(x, factor=3, offset=-1):
    return x * factor + offset


def defaults(n):
    total = 0
    for i in range(n):
        total += scaled(i) + scaled(i, 2) + scaled(i, 1, 0)
        if i == n // 2:
            scaled.__defaults__ = (5, 1)   # the defaults change under the loop
    return total


def main():
    print(int_loop(5000))
    print(overflow(120) % 10**30)
    print(negatives()[:6], negatives()[-3:])
    print(type_change(3000))
    print(global_change(2000), LIMIT)
    print(class_change(2000))
    print(callee_change(2000))
    print(divide_until_zero(3000))
    print(floats(4000))
    print(nested(200))
    print(closures(3000))
    print(early_return(list(range(500)), 377), early_return([1, 2, 3] * 100, 9))
    print(while_loop(5000))
    print(attrs(3000))
    print(from_the_end([1, 2, 3, 4, 5]))
    print(defaults(3000))


main()
