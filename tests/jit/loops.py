# Loops of the shapes the JIT compiles, for the fleet test (tests/jit/test_fleet.sh): run by
# several workers on one cache, the output must equal CPython's every time.
import math
import sys


class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y


def count(n):
    mult = 0
    other = 0
    for i in range(n):
        if i % 5 == 0:
            mult += 1
        else:
            other += 1
    return mult, other


def overflow(n):
    # Crosses the tagged range: the overflow guard hands the big ints to the interpreter.
    x = 1
    for i in range(n):
        x = x * 3 + i
    return x


def floats(n):
    acc = 0.0
    for i in range(n):
        acc += math.sqrt(i) * 0.5 - i / 7.0
    return acc


def entry(i, j):
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)


def calls(n):
    acc = 0.0
    for i in range(n):
        acc += entry(i, i % 13)
    return acc


def objects(n):
    v = Vec(1.5, -2.0)
    total = 0.0
    for i in range(n):
        v.x = v.x * 0.999 + 0.01
        total += v.norm2()
    return total


def lists(n):
    xs = [float(i) for i in range(50)]
    s = 0.0
    for k in range(n):
        for x in xs:
            s += x * k
    pairs = [(i, i * 2) for i in range(40)]
    t = 0
    for a, b in pairs:
        t += a * b
    return s, t


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    print(count(n))
    print(overflow(200))
    print('%.6f' % floats(n))
    print('%.9f' % calls(n))
    print('%.6f' % objects(n))
    print(lists(n // 100))


main()
