# split, rsplit, splitlines, partition, join, strip


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


samples = ["  a b\tc\n d  ", "a,b,,c,", ",a,", "", "   ", "one", "x\u3000y\u2003z\xa0w\x1cv",
           "a::b::c", "ñ😀ñ😀ñ"]
for s in samples:
    print(repr(s))
    print("  ", s.split(), s.rsplit(), s.split(None, 1), s.rsplit(None, 1), s.split(maxsplit=0))
    for sep in (",", "::", "😀", " "):
        print("  ", repr(sep), s.split(sep), s.rsplit(sep), s.split(sep, 1), s.rsplit(sep, 1),
              s.split(sep, maxsplit=2), s.rsplit(sep=sep, maxsplit=0))
    print("  ", s.partition(","), s.rpartition(","), s.partition("😀"), s.rpartition("::"))
    print("  ", repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip(",a")),
          repr(s.strip("ñ")), repr(s.rstrip(" d")), repr(s.lstrip(None)))

for s in ["a\nb\r\nc\rd", "a\n\nb\n", "", "\n", "x\x0by\x0cz\x1c1\x1d2\x1e3\x854\u20285\u20296", "no newline"]:
    print(repr(s), s.splitlines(), s.splitlines(True), s.splitlines(keepends=True))

print("-".join(["a", "b", "c"]), "".join([]), "x".join(["only"]), ", ".join("abc"), "é".join(["ü", "ö"]))
print("".join(str(i) for i in range(10)), "+".join(("t", "u")), "".join({"k": 1, "l": 2}))
show("join int", lambda: "-".join(["a", 1]))
show("join noniter", lambda: "-".join(5))
show("join none", lambda: "".join())
show("split empty", lambda: "a".split(""))
show("rsplit empty", lambda: "a".rsplit(""))
show("split int", lambda: "a".split(1))
show("split 3", lambda: "a".split(",", 1, 2))
show("split bad max", lambda: "a".split(",", "x"))
show("partition empty", lambda: "a".partition(""))
show("partition int", lambda: "a".partition(1))
show("strip int", lambda: "a".strip(1))
show("strip 2", lambda: "a".strip("a", "b"))
show("splitlines float", lambda: "a".splitlines(1.0))
parts = ("word%d" % i for i in range(100000))
big = " ".join(parts)
print(len(big), len(big.split()), len(big.split(" ")), big.split()[-1], big.rsplit(None, 2)[0][-12:])
