# float edge cases
import math
print(0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e-5, 123456789.0, 1e22, 1.5e-10, 100.0, 3.0 * 1.1)
print(float("inf"), -float("inf"), float("nan"), float(" 1.5 "), float("1e3"), float("-0"), float("infinity"), float("NaN"))
print(repr(0.1), str(2.0), repr(1e100), 1e-310, 5e-324, 1.7976931348623157e308, 2.0 ** 0.5)
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, math.isnan(nan), math.isinf(float("inf")), [nan] == [nan])
print(0.0 == -0.0, str(-0.0), math.copysign(1, -0.0), 1 / float("inf"), float("inf") - float("inf"))
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1.0 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1.0 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    10.0 ** 400
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, divmod(-7.5, 2), (-8.0) ** (1 / 3) if False else 0)
print(round(2.675, 2), round(0.5), round(1.5), round(-2.5), round(3.14159, 3), round(1e20), round(5.5, -1), type(round(1.5)).__name__)
print((1.5).is_integer(), (2.0).is_integer(), (0.5).as_integer_ratio(), (0.1).hex(), float.fromhex("0x1.8p1"), (3.7).__trunc__())
print(int(2.5e20), float(2**70), float(10**20), 2**53 + 1.0, 1e15 + 0.3, float(True), 3 * 0.1 == 0.3)
print(hash(1.0) == hash(1), hash(0.5), hash(-0.0), 1 == 1.0, 2**53 == 2.0**53, 2**53 + 1 == 2.0**53)
print(1 < 1.5 < 2, 10**20 > 1e19, max(1, 1.0), min(1.0, 1), sum([0.1] * 10), math.fsum([0.1] * 10))
print(math.floor(-1.5), math.ceil(-1.5), math.trunc(-1.5), math.floor(2.0), type(math.floor(2.5)).__name__)
print(abs(-0.0), -(0.0), float.__name__, isinstance(1.0, float), 1.0.real, (2.5).conjugate())
print("%.17g" % 0.1, "%g" % 1e-4, "%g" % 123456789.0, "%.3e" % 0.000123, "%f" % 1e10, "%.0e" % 5.5)
print(float(1e308) * 10, -1e308 * 10, 1e308 + 1e308 - 1e308)
