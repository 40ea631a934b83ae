# text files: write/read/append, readline, readlines, iteration, with, seek/tell
import os
fn = "lang3_files_text.tmp"
with open(fn, "w") as f:
    n = f.write("first line\nsecond line\n")
    f.write("third é line\n")
    f.writelines(["four\n", "five"])
print(n, f.closed)
with open(fn) as f:
    print(repr(f.readline()))
    print(repr(f.readline()))
    print(repr(f.read(5)))
    print(repr(f.readline()))
    print(f.readlines())
    print(repr(f.readline()), repr(f.read()))
with open(fn, "a") as f:
    f.write("\nappended\n")
with open(fn, encoding="utf-8") as f:
    for i, line in enumerate(f):
        print(i, repr(line))
with open(fn, "r") as f:
    lines = [l.rstrip("\n") for l in f]
print(lines)
with open(fn) as f:
    data = f.read()
print(len(data), data.count("\n"), data.splitlines()[2])
f = open(fn)
print(f.read(3), f.tell())
f.seek(0)
print(f.read(5))
print(f.name, f.mode, f.closed, f.readable(), f.writable())
f.close()
print(f.closed)
try:
    f.read()
except ValueError as e:
    print("ValueError:", e)
with open(fn, "w") as f:
    print("via print", 1, 2, sep=",", file=f)
    print("second", file=f, end="!")
print(open(fn).read())
with open(fn, "r+") as f:
    f.write("VIA")
    f.seek(0)
    print(f.read())
with open(fn, "w") as f:
    pass
print(repr(open(fn).read()), os.path.getsize(fn))
with open(fn, "x" if not os.path.exists(fn) else "w") as f:
    f.write("x")
try:
    open(fn, "x")
except FileExistsError as e:
    print("FileExistsError:", e)
try:
    with open(fn, "w") as f:
        f.write("partial")
        raise RuntimeError("inside with")
except RuntimeError:
    pass
print(open(fn).read(), f.closed)
try:
    open(fn, "q")
except ValueError as e:
    print("ValueError:", e)
with open(fn, "w") as f:
    try:
        f.read()
    except OSError as e:
        print(type(e).__name__, e)
os.remove(fn)
print(os.path.exists(fn))
