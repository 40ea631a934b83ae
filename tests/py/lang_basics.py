# Core statements and expressions: arithmetic, comparisons, control flow.
x = 7
y = 3
print(x + y, x - y, x * y, x / y, x // y, x % y, x ** y)
print(-x // y, -x % y, x // -y, x % -y, 2 ** 100, -2 ** 2, (-2) ** 3)
print(x & y, x | y, x ^ y, ~x, x << 3, x >> 1, -x >> 1)
print(1 < 2 < 3, 1 < 3 < 2, 1 == 1.0, 2 != 2, 'a' < 'b', [1, 2] < [1, 3])
print(True + True, True * 3, 10 / 4, 9 // 2.0, 7.5 % 2)
print(not 0, not [], 0 or 'x', 'a' and 'b', None or 0, 3 if x > y else 4)
i = 0
total = 0
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    total += i
else:
    print('not reached')
print('total', total)
for k in range(3):
    pass
else:
    print('for-else ran', k)
for a, b in [(1, 2), (3, 4)]:
    print(a, b)
a, *rest = [1, 2, 3, 4]
print(a, rest)
*init, last = 'abc'
print(init, last)
(p, q), r = (1, 2), 3
print(p, q, r)
n = 10
n -= 3
n *= 2
n //= 3
n **= 2
n %= 7
n <<= 2
n |= 1
print(n)
print(1_000_000, 0x1F, 0o17, 0b101, 1e3, 1.5e-3, .5, 3.)
print(divmod(17, 5), divmod(-17, 5), pow(2, 10), pow(3, 4, 5), abs(-3), abs(-2.5))
print(round(2.5), round(3.5), round(2.675, 2), round(-0.5), round(1234, -2))
print(hex(255), bin(10), oct(8), chr(65), ord('z'), int('42'), float('1.5'), str(3.0))
print(min(3, 1, 2), max([4, 9, 2]), sum([1, 2, 3]), sum([0.1] * 10), all([1, 0]), any([0, 1]))
print(sorted([3, 1, 2]), sorted('bca', reverse=True), list(reversed([1, 2, 3])))
print(isinstance(3, int), isinstance(True, int), isinstance(3.0, (int, float)), type(3) is int)
print(None is None, [] is [], 'x' in 'xyz', 3 not in [1, 2])
