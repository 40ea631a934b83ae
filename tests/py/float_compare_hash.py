# float comparisons with floats and ints of any size, and hash compatibility with int.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

inf, nan = float('inf'), float('nan')
ints = [0, 1, -1, 2**53, 2**53 + 1, -(2**53 + 1), 2**62, 2**63 - 1, 2**64 + 1, 10**30, -10**30,
        2**1024, -2**1024, 10**400]
floats = [0.0, -0.0, 0.5, -0.5, 1.0, 2.0**53, 2.0**53 + 2, -(2.0**53), 2.0**62, 2.0**63, 2.0**64,
          1e30, -1e30, 1.7976931348623157e308, inf, -inf, nan]
for f in floats:
    row = []
    for i in ints:
        row.append('%d%d%d%d%d%d' % (f < i, f <= i, f == i, f != i, f > i, f >= i))
        # reflected
        row.append('%d%d%d' % (i < f, i == f, i > f))
    print(repr(f), ' '.join(row))
for a in floats:
    print(repr(a), ''.join('%d' % (a < b) for b in floats), ''.join('%d' % (a == b) for b in floats))

show('2**53+1 == 2.0**53', lambda: 2**53 + 1 == 2.0**53)
show('9007199254740993 > 9007199254740992.0', lambda: 9007199254740993 > 9007199254740992.0)
show('10**16+1 > 1e16', lambda: 10**16 + 1 > 1e16)
show('1e16 + 0.5 < 10**16 + 1', lambda: 1e16 + 0.5 < 10**16 + 1)
show('1.5 < None', lambda: 1.5 < None)
show('1.5 == "1.5"', lambda: 1.5 == "1.5")
show('True == 1.0', lambda: True == 1.0)
show('sorted', lambda: sorted([3, 1.5, 2**70, -0.5, True, 2.0**70, -10**20]))
show('max/min', lambda: (max(1, 2.5, 2), min(-1.0, -1, 0)))

for v in [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.0**61, 2.0**61 - 2**8, 2.0**64, 1e300, -1e300, 1e-300,
          5e-324, 123456.789, inf, -inf, 3.14159, 2.0**-1074, -2.0**62]:
    print('hash', repr(v), hash(v))
for i in [1, 2**61 - 1, 2**61, 2**64, 10**20, -1]:
    print('hash-eq', i, hash(float(i)) == hash(i))
print(hash(1.0) == hash(1) == 1, hash(0.5) == 1152921504606846976)
n1, n2 = nan, float('nan')
print('nan hash self-consistent', hash(n1) == hash(n1))
d = {1: 'int', 2.5: 'float'}
d[1.0] = 'float one'
d[True] = 'bool'
print(d)
print({0.0, -0.0, 0, False}, {1.5, 3 / 2})
print(nan in [nan], nan == nan, [nan] == [nan])
