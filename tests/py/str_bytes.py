# bytes and bytearray: construction, repr, indexing, operators, methods


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


print(bytes(), bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("é", "utf-8"), bytes(b"xy"),
      bytes(bytearray(b"q")), bytes((i for i in (1, 2))))
print(b"a'b", b'a"b', b"'\"", b"\x00\x7f\x80\xff\t\n\r\\", b"")
print(bytearray(), bytearray(b"ab"), bytearray(2), bytearray([1, 2]), bytearray("hé", "utf-8"))
show("bytes str", lambda: bytes("a"))
show("bytes float", lambda: bytes(1.5))
show("bytes neg", lambda: bytes(-1))
show("bytes 256", lambda: bytes([256]))
show("bytes strs", lambda: bytes(["a"]))
show("bytes enc no str", lambda: bytes(1, "utf-8"))

b = b"hello world"
print(len(b), b[0], b[-1], b[1:4], b[::-2], b[100:], list(b[:3]), [x for x in b"az"])
show("bytes idx", lambda: b[20])
show("bytes idx str", lambda: b["a"])
print(b + b"!", b"ab" * 3, 2 * b"x", b + bytearray(b"?"), bytearray(b"?") + b)
show("bytes + str", lambda: b"a" + "b")
show("bytes * float", lambda: b"a" * 1.5)
print(b"ll" in b, 104 in b, 200 in b, b"" in b)
show("str in bytes", lambda: "a" in b"a")
show("256 in bytes", lambda: 256 in b"a")
print(b == b"hello world", b == "hello world", b"a" < b"b", b"ab" > b"a", b"a" == bytearray(b"a"),
      bytearray(b"a") < b"b", b"abc" <= b"abc")
show("bytes < str", lambda: b"a" < "a")
print(hash(b"abc") == hash(b"ab" + b"c"), {b"k": 1}[b"k"])
show("hash bytearray", lambda: hash(bytearray()))

print(b.decode(), b"h\xc3\xa9".decode("utf-8"), b.hex(), bytes.fromhex("de ad BE EF"), b"".hex())
print(b"-".join([b"a", b"b", bytearray(b"c")]), b"a,b,,c".split(b","), b"  a b  ".split(), b"a b c".split(None, 1))
print(b"  x ".strip(), b"xxhixx".strip(b"x"), b"  x ".lstrip(), b"  x ".rstrip())
print(b.startswith(b"he"), b.endswith((b"x", b"ld")), b.find(b"o"), b.rfind(b"o"), b.find(111), b.count(b"l"),
      b.index(b"w"), b.find(b"zz"), b.find(b"o", 5), b.count(b""))
print(b.replace(b"l", b"L"), b.replace(b"l", b"", 2), b.upper(), b"ABC".lower())
show("fromhex bad", lambda: bytes.fromhex("zz"))
show("fromhex odd", lambda: bytes.fromhex("abc"))
show("join int", lambda: b"".join([1]))
show("find str", lambda: b"a".find("a"))
show("index missing", lambda: b"a".index(b"b"))

ba = bytearray(b"abc")
ba.append(100)
ba.extend(b"ef")
ba.extend([103, 104])
ba += b"ij"
print(ba, len(ba), ba[0], ba[-1], ba[1:3])
ba[0] = 65
ba[1:3] = b"XYZ"
print(ba, ba.pop(), ba.pop(0), ba)
del ba[0]
del ba[1:3]
print(ba, bytes(ba), ba.decode(), ba.upper(), ba.split(b"f"), ba * 2)
ba2 = ba.copy()
ba.clear()
print(ba, ba2, ba2.find(b"g"), bytearray.fromhex("01 02"))
show("ba append 256", lambda: bytearray().append(256))
show("ba pop empty", lambda: bytearray().pop())
show("ba pop idx", lambda: bytearray(b"a").pop(5))


def setit():
    x = bytearray(b"a")
    x[0] = 256


show("ba setitem 256", setit)
show("ba getitem", lambda: bytearray(b"a")[3])
