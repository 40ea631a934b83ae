# binary files and encodings
import os
fn = "lang3_files_binary.tmp"
with open(fn, "wb") as f:
    print(f.write(b"\x00\x01\x02abc\n\xff"))
    f.write(bytearray(b"tail"))
with open(fn, "rb") as f:
    data = f.read()
    print(data, type(data).__name__, len(data))
with open(fn, "rb") as f:
    print(f.read(2), f.readline(), f.read())
with open(fn, "ab") as f:
    f.write(b"\nmore")
with open(fn, "rb") as f:
    print(list(f))
with open(fn, "rb") as f:
    f.seek(3)
    print(f.read(3), f.tell())
    f.seek(-4, 2)
    print(f.read())
try:
    with open(fn, "wb") as f:
        f.write("text")
except TypeError as e:
    print("TypeError:", e)
try:
    with open(fn, "w") as f:
        f.write(b"bytes")
except TypeError as e:
    print("TypeError:", e)
with open(fn, "w", encoding="utf-8") as f:
    f.write("héllo ☃\n")
with open(fn, "rb") as f:
    print(f.read())
with open(fn, encoding="utf-8") as f:
    print(f.read())
with open(fn, "w", encoding="latin-1") as f:
    f.write("é")
with open(fn, "rb") as f:
    print(f.read())
with open(fn, "wb") as f:
    f.write(b"\xff\xfe")
try:
    with open(fn, encoding="utf-8") as f:
        f.read()
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
with open(fn, "wb") as f:
    f.write(b"a\r\nb\rc\n")
with open(fn) as f:
    print(repr(f.read()))
with open(fn, newline="") as f:
    print(repr(f.read()))
with open(fn, "w") as f:
    f.write("x\n")
with open(fn, "rb") as f:
    print(f.read())
os.remove(fn)
