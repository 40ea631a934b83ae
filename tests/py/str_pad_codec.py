# padding, expandtabs, prefixes, maketrans/translate, encode/decode


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


for s in ("ab", "abc", "é", "", "-42", "+7", "12345"):
    print(repr(s), repr(s.center(6)), repr(s.center(7, "*")), repr(s.ljust(5, "é")), repr(s.rjust(4)),
          repr(s.zfill(6)), repr(s.zfill(2)), repr(s.center(1)))
show("center str", lambda: "a".center("a"))
show("center fill2", lambda: "a".center(5, "ab"))
show("ljust fill int", lambda: "a".ljust(3, 1))
show("ljust none", lambda: "a".ljust())
show("zfill none", lambda: "a".zfill())
print(repr("a\tbc\td\n\tx\r\ty".expandtabs()), repr("a\tb".expandtabs(4)), repr("a\tb".expandtabs(0)),
      repr("é\tb".expandtabs(tabsize=3)), repr("no tabs".expandtabs()))
print("prefix_word".removeprefix("prefix_"), "word".removeprefix("x"), "a.py".removesuffix(".py"),
      "a.py".removesuffix(""), "ñab".removeprefix("ñ"))
show("removeprefix int", lambda: "a".removeprefix(1))

t = str.maketrans("abc", "xyz")
print(sorted(t.items()), "aabbcc".translate(t))
t = str.maketrans("ab", "éü", "c")
print("abcabc".translate(t))
t = str.maketrans({"a": "AA", "b": None, ord("c"): 100})
print(sorted(t.items()), "abcd".translate(t))
print("hello".translate({ord("l"): None}), "hello".translate([]))
show("maketrans 1", lambda: str.maketrans(1))
show("maketrans len", lambda: str.maketrans("ab", "a"))
show("maketrans key", lambda: str.maketrans({"ab": 1}))

for s in ("abc", "héllo", "€uro", "😀", "a\xe9\xe9b"):
    for enc in ("utf-8", "UTF8", "ascii", "latin-1", "latin1", "iso-8859-1"):
        for errors in ("strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"):
            show("%r.encode(%s,%s)" % (s, enc, errors), lambda: s.encode(enc, errors))
print("x".encode(), "é".encode(encoding="utf-8"))
show("encode unknown", lambda: "a".encode("foo"))
show("encode errors int", lambda: "a".encode(errors=1))
for b in (b"abc", b"h\xc3\xa9", b"\xff", b"\xe4\xb8", b"\xe4\xb8x", b"a\xe9", b"\xed\xa0\x80",
          b"\xf0\x9f\x98\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"ok\xe2\x82"):
    for enc in ("utf-8", "ascii", "latin-1"):
        for errors in ("strict", "ignore", "replace", "backslashreplace"):
            show("%r.decode(%s,%s)" % (b, enc, errors), lambda: b.decode(enc, errors))
show("decode unknown", lambda: b"a".decode("nope"))
