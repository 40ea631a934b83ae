# bytes and bytearray basics
b = b"hello world"
print(b[0], b[-1], b[1:4], b[::-2], len(b), b"o" in b, 111 in b)
print(b.upper(), b.split(), b.split(b"o"), b.replace(b"l", b"L"), b.find(b"wor"), b.count(b"l"))
print(b.startswith(b"he"), b.endswith(b"ld"), b.strip(b"hd"), b"  x ".strip(), b.partition(b" "))
print(b.hex(), bytes.fromhex("68 69"), b"ab".hex(":"), list(b"abc"), bytes([65, 66]), bytes(3))
print(b + b"!", b * 2, b"-".join([b"a", b"b"]), b.decode(), str(b"x"), repr(b"\x00\xff'\""))
print(b"abc" < b"abd", b"a" == "a", bytes("é", "utf-8"))
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
try:
    bytes("x")
except TypeError as e:
    print("TypeError:", e)
try:
    b[0] = 1
except TypeError as e:
    print("TypeError:", e)
ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
ba += b"!"
print(ba, len(ba), ba[1], ba[1:3], bytes(ba))
ba[1:3] = b"XYZ"
print(ba)
print(ba.pop(), ba.pop(0), ba)
ba.insert(0, 122)
ba.reverse()
print(ba, ba.decode(), ba.upper(), bytearray(3), bytearray("hi", "ascii"))
ba.remove(ord("X"))
print(ba, ba.index(b"Y"), ba.find(b"q"), ba.count(b"Z"))
try:
    ba.append(300)
except ValueError as e:
    print("ValueError:", e)
print(bytearray(b"x") == b"x", b"x" + bytearray(b"y"), type(bytearray(b"x") + b"y").__name__)
ba.clear()
print(ba, bool(ba), bool(b"a"))
print(bytes(range(5)), list(bytearray(b"\x01\x02")), b"a b".split(b" ", 1), b"ab\ncd\r\n".splitlines())
print(b"abc".isalpha(), b"12".isdigit(), b"AbC".lower(), b"x".center(5, b"-"), b"5".zfill(3), b"  x".lstrip())
print(hash(b"abc") == hash(bytes(bytearray(b"abc"))), {b"k": 1}[b"k"], bytes(bytearray(b"ab")))
for x in b"hi":
    print(x, end=" ")
print()
print(int.from_bytes(b"\x01\x00", "big"), b"\x01\x02".rjust(4, b"\x00"), b"abc".translate(bytes.maketrans(b"a", b"b")))
