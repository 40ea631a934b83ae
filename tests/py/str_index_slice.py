# str indexing, slicing, iteration, comparison, + and * on ASCII and non-ASCII strings


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


a = "Hello, World"
u = "héllo wörld ✓ 😀 end"
for s in (a, u, ""):
    print(len(s), repr(s))
    for i in (0, 1, 5, -1, -2, len(s) - 1):
        show("idx %d" % i, lambda: s[i])
    for sl in ((None, None, None), (1, 5, None), (None, None, -1), (2, None, 3), (-3, None, None),
               (None, -4, 2), (10, 2, -2), (100, 200, None), (-100, 3, None), (5, 1, None)):
        show("slice %r" % (sl,), lambda: s[slice(*sl)])

# sequential indexing over a non-ASCII string (exercises the position cache)
w = "aé😀" * 50
print("".join(w[i] for i in range(len(w))) == w)
print("".join(w[i] for i in range(len(w) - 1, -1, -1)) == w[::-1])
print(w[::7], w[3:40:5], w[-1:-30:-4])

print(list("añ😀b"), [c for c in "xyz"])
it = iter("ab")
print(next(it), next(it), next(it, "done"))

show("bad index", lambda: a[1.0])
show("bad index str", lambda: a["x"])
show("out of range", lambda: a[12])
show("neg out of range", lambda: a[-13])
show("step zero", lambda: a[::0])
show("big index", lambda: a[2**70])

# comparisons follow code points
words = ["b", "a", "é", "z", "ab", "", "A", "😀", "ÿ", "\x00"]
print(sorted(words))
print("a" < "b", "a" <= "a", "b" > "ab", "é" > "z", "abc" == "abc", "abc" != "abd")
show("lt int", lambda: "a" < 1)
print("a" == 1, "a" != 1)

# + and *
print("ab" + "cd", "x" * 5, 3 * "yz", "é" * 3, "a" * 0, "a" * -2, repr("" * 10))
show("add int", lambda: "a" + 1)
show("add none", lambda: "a" + None)
show("radd", lambda: 1 + "a")
show("mul str", lambda: "a" * "b")
show("mul float", lambda: "a" * 2.0)
show("mul huge", lambda: "a" * (2**70))
s = "q"
for i in range(5):
    s += "é"
print(s, len(s))


class Rep:
    def __radd__(self, other):
        return "radd:" + other

    def __rmul__(self, other):
        return "rmul:" + other


print("x" + Rep(), "y" * Rep())


class Idx:
    def __index__(self):
        return 3


print("ab" * Idx(), "abcdef"[Idx()])

# contains
print("ll" in a, "" in a, "é" in u, "xyz" in a, "😀 e" in u)
show("int in str", lambda: 1 in "abc")
print(str(), str("x"), str(12), str(None), str([1, "a"]), str(b"ab"), str(1.5))
print(str(b"h\xc3\xa9", "utf-8"), str(b"abc", encoding="ascii"), str(object=5))
show("str kw", lambda: str(x=1))
show("str decode str", lambda: str("a", "utf-8"))
show("str decode int", lambda: str(1, "utf-8"))
print("abc".__len__(), "abc".__getitem__(1), "abc".__contains__("b"), "ab".__add__("c"), "ab".__mul__(2))
print("%s-%d" % ("x", 5), "%r" % "q", "<%s>".__mod__("b"))
print(hash("abc") == hash("ab" + "c"), {"ab" + "c": 1}["abc"])
