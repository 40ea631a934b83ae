# int methods: bit_length, to_bytes, from_bytes, and int edge cases
for n in (0, 1, 2, 255, 256, -1, -128, -129, 2**63, 2**64 - 1, 10**30):
    print(n, n.bit_length())
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), (255).to_bytes(1, "big"))
print((-1).to_bytes(2, "big", signed=True), (-129).to_bytes(2, "little", signed=True))
print((2**70).to_bytes(9, "big"), (0).to_bytes(0, "big"), (1).to_bytes(4, byteorder="little"))
try:
    (256).to_bytes(1, "big")
except OverflowError as e:
    print("OverflowError:", e)
try:
    (-1).to_bytes(1, "big")
except OverflowError as e:
    print("OverflowError:", e)
try:
    (1).to_bytes(1, "middle")
except ValueError as e:
    print("ValueError:", e)
print(int.from_bytes(b"\x00\x10", "big"), int.from_bytes(b"\x00\x10", "little"), int.from_bytes(b"\xff", "big", signed=True))
print(int.from_bytes(b"\xff\xff", "little", signed=False), int.from_bytes(bytes(10) + b"\x01", "big"), int.from_bytes(b"", "big"))
print(int.from_bytes([1, 2], "big"), int.from_bytes(bytearray(b"\x80\x00"), "big", signed=True))
print((10).bit_count() if hasattr(int, "bit_count") else 2, (255).bit_count(), (-7).bit_count())
print((5).conjugate(), (7).real, (7).imag, (6).numerator, (6).denominator, (10).as_integer_ratio())
print(int("ff", 16), int("0x1F", 0), int("0o17", 0), int("0b101", 0), int(" 42 "), int("-1_000"), int("z", 36))
for bad in ("", "1.5", "0x", "1__0", "abc"):
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("9", 8)
except ValueError as e:
    print("ValueError:", e)
try:
    int(1.5, 10)
except TypeError as e:
    print("TypeError:", e)
print(int(3.99), int(-3.99), int(True), int("+7"), int(b"12"), int(2**70 + 0.0) == 2**70)
print(7 // 2, -7 // 2, 7 % -2, -7 % 2, divmod(-7, 2), 2 ** -1, (-2) ** 2, -2 ** 2, 0 ** 0)
print(10**20 // 7, -(10**20) // 7, (10**20) % 7, pow(3, 100, 7), pow(2, -1, 7), abs(-10**20))
print(1 << 70, (1 << 70) >> 69, -1 >> 5, ~0, 5 & -2, -5 | 2, 6 ^ -1, True + True, round(1234, -2), round(1250, -2), round(1350, -2))
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    5 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    pow(2, -1, 4)
except ValueError as e:
    print("ValueError:", e)
print(hex(-255), oct(8), bin(-5), format(255, "x"), format(255, "#010b"), format(1234567, ","), format(1234567, "_x"))
print(int.__name__, isinstance(True, int), (2**100).__class__.__name__, hash(2**100) == hash(2**100), hash(-1))
