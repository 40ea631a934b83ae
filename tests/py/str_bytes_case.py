# bytes and bytearray: the ASCII case methods and predicates, expandtabs.
for b in (b"hello world", b"HeLLo wORLD 123", b"they're bill's", b"", b"\xe9t\xe9 ok", b"ABC", b"Abc Def", b"aBC"):
    for x in (b, bytearray(b)):
        print(x.swapcase(), x.title(), x.capitalize(), x.isascii(), x.istitle(), type(x.title()).__name__)
for b in (b"a\tb", b"\tx\ty\n\tz", b"12345\t6\r\tq", b"no tabs"):
    print(b.expandtabs(), b.expandtabs(4), bytearray(b).expandtabs(tabsize=2), b.expandtabs(0))
try:
    b"x".title(1)
except TypeError as e:
    print("TypeError", e)
print(bytearray(b"it's"), bytearray(b'say "hi"'), bytearray(b"both ' and \""), b"it's", [bytearray(b"'")])
for f in (lambda: b"x".upper(1), lambda: bytearray(b"x").lower(2), lambda: b"x".zfill(), lambda: bytearray(b"x").removeprefix()):
    try:
        f()
    except TypeError as e:
        print("TypeError", e)
