# float(): construction, repr/str, and float's methods.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

for s in ['1.5', '  -2.5e3 ', '1_000.5', 'inf', '-Infinity', 'nan', '+1e-400', '1e400', '0x10', '',
          'abc', '1__0', '1.5.5', '\t3\n', '.5', '5.', 'e5', '1e', 'in f']:
    show('float(%r)' % s, lambda: float(s))
class WithFloat:
    def __float__(self):
        return 2.75
class WithIndex:
    def __index__(self):
        return 7
class BadFloat:
    def __float__(self):
        return 1
for v in [0, -5, 2**70, True, 10**400, 1.25, WithFloat(), WithIndex(), BadFloat(), None, [1], '3']:
    show('float(%s)' % type(v).__name__, lambda: float(v))
show('float()', lambda: float())
show('float(1, 2)', lambda: float(1, 2))
show('float(x=1)', lambda: float(x=1))

for v in [0.0, -0.0, 1.0, 0.1, 1/3, 2/3, 1e16, 1e15, 123456789012345678.0, 1e-5, 1e-4, 0.0001234,
          1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 100.0, 1e22, 1e23, float('inf'),
          -float('inf'), float('nan'), 3.141592653589793, 0.30000000000000004]:
    print(repr(v), str(v), v.is_integer(), v.hex())

for v in [0.0, 1.5, -0.75, 0.1, 1e300, 2.0**-1074, -3.0]:
    print('ratio', v, v.as_integer_ratio())
show('ratio inf', lambda: float('inf').as_integer_ratio())
show('ratio nan', lambda: float('nan').as_integer_ratio())

for v in [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.675, 1e20, 123.456, -0.0, 0.49999999999999994]:
    print('round', v, round(v), round(v, 0), round(v, 1), round(v, 2), round(v, -1), round(v, -2))
show('round(1e308, -308)', lambda: round(1e308, -308))
show('round(1.7976931348623157e308, -308)', lambda: round(1.7976931348623157e308, -308))
show('round(inf)', lambda: round(float('inf')))
show('round(nan)', lambda: round(float('nan')))
show('round(inf, 2)', lambda: round(float('inf'), 2))
show('round(1.5, 1.0)', lambda: round(1.5, 1.0))
show('round(1.5, None)', lambda: round(1.5, None))
show('round(1.23456, 10**30)', lambda: round(1.23456, 10**30))
show('round(1.23456, -10**30)', lambda: round(1.23456, -10**30))

import math
for v in [2.5, -2.5, 0.0, 1e20, -1e-9, 2**53 + 0.0]:
    print('int/trunc/floor/ceil', v, int(v), math.trunc(v), math.floor(v), math.ceil(v))
show('int(inf)', lambda: int(float('inf')))
show('int(nan)', lambda: int(float('nan')))
show('real/imag', lambda: ((2.5).real, (2.5).imag, (2.5).conjugate()))
show('fromhex', lambda: [float.fromhex(s) for s in ['0x1.8p1', ' -0X1.ABCp-3 ', '.8', '1', 'inf', '-nan', '0x1p-1074', '0x1.fffffffffffffp1023']])
show('fromhex bad', lambda: float.fromhex('zz'))
show('fromhex big', lambda: float.fromhex('0x1p10000'))
for v in [1.5, -0.1, 1e300, 5e-324, 0.0, -0.0]:
    print('hex round trip', float.fromhex(v.hex()) == v)
show('dunders', lambda: ((1.5).__add__(1), (1.5).__radd__(1), (1.5).__sub__('x'), (1.5).__rtruediv__(3),
                          (2.0).__pow__(3), (2.0).__rpow__(3), (7.5).__divmod__(2), (7.5).__rdivmod__(20),
                          (1.5).__eq__(1.5), (1.5).__lt__(2), (1.5).__ge__(None), (1.5).__hash__() == hash(1.5),
                          (-1.5).__abs__(), (1.5).__neg__(), (1.5).__float__(), (1.5).__trunc__(),
                          (1.5).__round__(), (1.25).__round__(1), (1.5).__repr__(), (0.0).__bool__()))
show('pow 3 args', lambda: (2.0).__pow__(3, 5))
show('type', lambda: (type(1.5), type(1.5) is float, isinstance(1.5, float), float.__name__))
show('bool', lambda: (bool(0.0), bool(-0.0), bool(0.1), bool(float('nan'))))
