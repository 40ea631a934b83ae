# float arithmetic: float/float, float/int, int/float, CPython's special cases and errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

inf = float('inf')
nan = float('nan')
vals = [0.0, -0.0, 1.5, -2.25, 7, -3, 1e300, 2**70]
for a in vals:
    for b in vals:
        for name, op in [('+', lambda x, y: x + y), ('-', lambda x, y: x - y),
                         ('*', lambda x, y: x * y), ('/', lambda x, y: x / y),
                         ('//', lambda x, y: x // y), ('%', lambda x, y: x % y),
                         ('divmod', divmod)]:
            if isinstance(a, int) and isinstance(b, int):
                continue
            show('%r %s %r' % (a, name, b), lambda: op(a, b))

show('mod signs', lambda: [(-7.5) % 2, 7.5 % -2, -7.5 % -2, 0.0 % -1, -0.0 % 1])
show('floordiv signs', lambda: [(-7.5) // 2, 7.5 // -2, -0.0 // 1, 0.0 // -1])
show('big int + float', lambda: 10**400 + 1.0)
show('float / big int', lambda: 1.0 / 10**400)
show('big int / float', lambda: 10**400 / 2.0)
show('2**1023 * 2.0', lambda: 2**1023 * 2.0)
show('1e308 * 10', lambda: 1e308 * 10)
show('inf - inf', lambda: inf - inf)
show('bool + float', lambda: True + 0.5)
show('float * bool', lambda: 2.5 * False)

# powers
for a in [0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, inf, -inf, nan, 3]:
    for b in [0.0, 1.0, -1.0, 2.0, 3.0, 0.5, -0.5, inf, -inf, nan, 2, -3]:
        if isinstance(a, int) and isinstance(b, int):
            continue
        if a < 0 and b == b and b not in (inf, -inf) and b != int(b):
            continue  # a complex result in CPython; this runtime has no complex
        show('%r ** %r' % (a, b), lambda: a ** b)
show('10.0 ** 400', lambda: 10.0 ** 400)
show('10 ** 400.0', lambda: 10 ** 400.0)
show('2.0 ** -1100', lambda: 2.0 ** -1100)
show('(-1.0) ** 10**20', lambda: (-1.0) ** 10**20)
show('pow(2.0, 10)', lambda: pow(2.0, 10))

# unary and abs
show('neg', lambda: [-1.5, -(-0.0), +2.5, abs(-3.5), abs(-0.0), -inf])
x = 1.25
x += 1
x *= 2
x -= 0.5
x /= 2
x //= 0.5
x %= 3
x **= 2
show('augmented', lambda: x)
show('~1.5', lambda: ~1.5)
show('1.5 @ 2', lambda: 1.5 @ 2)
show('1.5 << 2', lambda: 1.5 << 2)
show('1.5 + "a"', lambda: 1.5 + "a")
show('"a" * 1.5', lambda: "a" * 1.5)
show('[1] * 2.0', lambda: [1] * 2.0)
show('sum', lambda: sum([0.1] * 10))
s = 0.0
for i in range(1000):
    s += i * 0.5 - i / 3
print('loop', s)
