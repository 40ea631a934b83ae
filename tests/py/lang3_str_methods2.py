# zfill, center, ljust, rjust, title, capitalize, swapcase, casefold, encode, predicates
print("42".zfill(5), "-42".zfill(5), "+3".zfill(4), "abc".zfill(2), "".zfill(3), "-".zfill(3))
print("[" + "ab".center(6) + "]", "[" + "ab".center(7, "*") + "]", "[" + "abc".center(6) + "]", "[" + "x".center(0) + "]")
print("[" + "ab".ljust(5, ".") + "]", "[" + "ab".rjust(5) + "]", "[" + "long".ljust(2) + "]")
try:
    "a".center(5, "ab")
except TypeError as e:
    print("TypeError:", e)
print("hello world".title(), "they're bill's".title(), "HELLO wORLD".title(), "a1b2 c3".title())
print("hello World".capitalize(), "ÉCOLE".capitalize(), "123abc".capitalize(), "".capitalize())
print("Hello".swapcase(), "Straße".casefold(), "Straße".upper(), "İ".lower() == "i̇")
print("héllo".encode(), "héllo".encode("utf-8"), "abc".encode("ascii"), "é".encode("latin-1"))
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
print("é".encode("ascii", "replace"), "é".encode("ascii", "ignore"), b"h\xc3\xa9".decode(), b"\xff".decode("latin-1"))
try:
    b"\xff".decode()
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
print(b"\xffa".decode("utf-8", "replace"), b"\xffa".decode("utf-8", "ignore"))
print("abc".isalpha(), "ab1".isalnum(), "123".isdigit(), "12.3".isdigit(), "  ".isspace(), "".isspace())
print("Title Case".istitle(), "lower".islower(), "UP".isupper(), "a_b".isidentifier(), "1a".isidentifier())
print("½".isnumeric(), "½".isdigit(), "٣".isdecimal(), "abc".isascii(), "é".isascii(), "\t".isprintable())
print("%s|%5s|%-5s|%.2s" % ("a", "b", "c", "defg"), "%c%c" % (65, "b"), "%%")
print("{0}{1}{0}".format("a", "b"), "{:^7}".format("mid"), "{:*<4}".format("x"), "{!r}".format("q"))
print(str.maketrans("ab", "xy"), "abcab".translate(str.maketrans("ab", "xy", "c")))
print("abc"[::-1], "abcdef"[1:5:2], "abc" * 2, 3 * "-", "a" in "abc", "" in "abc")
print(ord("é"), chr(233), chr(0x1F600) == "\U0001F600", len("\U0001F600"))
print(repr("it's"), repr('say "hi"'), repr("both ' \""), repr("\x00\n\t\\"), ascii("é☃"))
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "abc" == "abc", sorted(["b", "A", "a", "B"]))
