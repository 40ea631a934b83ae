# find/rfind/index/rindex/count/startswith/endswith/replace, with start/end and non-ASCII text


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


for s in ("abracadabra", "ñandú ñandú 😀ñ", ""):
    for sub in ("a", "ab", "ra", "ñ", "dú", "😀", "", "zz", "abracadabra!"):
        print(repr(s), repr(sub), s.find(sub), s.rfind(sub), s.count(sub), sub in s,
              s.startswith(sub), s.endswith(sub))
        for args in ((1,), (2, 8), (-5,), (-5, -1), (3, 2), (0, 100), (None, 4), (20,), (len(s),)):
            print("  ", args, s.find(sub, *args), s.rfind(sub, *args), s.count(sub, *args),
                  s.startswith(sub, *args), s.endswith(sub, *args))

show("index", lambda: "abc".index("c"))
show("index missing", lambda: "abc".index("d"))
show("rindex missing", lambda: "abc".rindex("d", 1))
show("rindex", lambda: "abcabc".rindex("b"))
show("find int", lambda: "abc".find(1))
show("find none", lambda: "abc".find())
show("count none", lambda: "abc".count())
show("find float idx", lambda: "abc".find("a", 1.5))
show("find kw", lambda: "abc".find(sub="a"))
print("abc".find("c", None, None), "abc".find("b", -100, 100))
print("abcabc".startswith(("x", "bc"), 1), "abcabc".endswith(("x", "ab"), 0, 5))
show("startswith int", lambda: "a".startswith(1))
show("startswith tuple int", lambda: "a".startswith(("b", 1)))
show("endswith none", lambda: "a".endswith())

for s, old, new, cnt in (("aaa", "a", "b", -1), ("aaa", "a", "bb", 2), ("abcabc", "bc", "", -1),
                         ("ab", "", "-", -1), ("ab", "", "-", 2), ("ab", "", "-", 0), ("", "", "x", -1),
                         ("héhé", "é", "e", -1), ("aaaa", "aa", "x", -1), ("xyz", "q", "w", -1),
                         ("ñ😀ñ", "😀", "😀😀", 1), ("abc", "abc", "", -1)):
    print(repr(s), repr(old), repr(new), cnt, repr(s.replace(old, new, cnt)), repr(s.replace(old, new)))
show("replace int", lambda: "a".replace(1, "a"))
show("replace int2", lambda: "a".replace("a", 2))
show("replace one", lambda: "a".replace("a"))
show("replace kw", lambda: "a".replace("a", "b", count=1))

big = "x" * 100000 + "needle" + "y" * 100000
print(big.find("needle"), big.rfind("x"), big.count("y"), big.replace("needle", "N").find("N"))
ub = "é" * 50000 + "needle" + "ü" * 50000
print(ub.find("needle"), ub.rfind("é"), ub.count("ü"), ub.index("dle"), len(ub.replace("é", "e")))
