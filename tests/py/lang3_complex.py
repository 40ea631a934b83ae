# complex numbers: literals, arithmetic (Smith division, powers), repr, hash, the constructor
# and its string forms, errors, and a negative float to a fractional power (complex).
print(1j, 2+3j, (1+2j)*(3-4j), (1+2j)/(3-4j), abs(3+4j), (1j)**2, 2**(0.5j), (-8)**(1/3))
print(complex(), complex(1), complex(1, 2), complex('1+2j'), complex(' (3-j) '), complex('-2.5J'), complex(1j, 1j))
print(hash(1+0j) == hash(1), hash(2.5j), (1+2j) == (1+2j), 1j == 1, (1+0j) == 1, -0j, complex(-0.0, -0.0), (0.0-1j))
print((1+2j).real, (1+2j).imag, (1+2j).conjugate(), repr(complex(float('inf'), float('nan'))), complex(1e16, 2), format(1+2j, '.2f'))
print(isinstance(1j, complex), type(1j).__name__, bool(0j), bool(1j), 1j.__format__(''))
print(complex('j'), complex('-j'), complex('+1.5e3-2j'), complex('nan+infj'), (1+1j) ** 3, (2+0j) ** -2, 1j ** 0.5)
for bad in ("1+", "j1", "1+2", "(1+2j", "", "1 + 2j", "--1"):
    try:
        complex(bad)
    except ValueError as e:
        print(repr(bad), "ValueError", e)
for f in (lambda: 1j < 2j, lambda: 1j // 2, lambda: 1j % 2, lambda: (0j) ** -1, lambda: 1 / 0j, lambda: complex("1", 2), lambda: complex([]), lambda: int(1j), lambda: float(2j)):
    try:
        print(f())
    except (TypeError, ZeroDivisionError, ValueError) as e:
        print(type(e).__name__, e)
print(sum([1j, 2, 3.5]), [x * 1j for x in range(3)], {1j: 'a', 1+0j: 'b'}, 1+0j in {1}, 3 * (1 - 1j), -(2 + 3j))


def powers(n):
    out = []
    for i in range(n):
        base = -2.0 if i % 3 == 0 else 2.0
        out.append(base ** 0.5)
    return out


r = powers(40)
print(r[:4], r[-1], sum(abs(x) for x in r))
z = 0j
for k in range(50):
    z = z * (0.5 + 0.5j) + 1
print(z, round(abs(z), 12))
