# splitlines, partition, rpartition, rsplit, split corner cases
s = "line1\nline2\r\nline3\rline4\n\nlast"
print(s.splitlines())
print(s.splitlines(True))
print("".splitlines(), "\n".splitlines(), "a\n".splitlines(), "a\x0bb\x0cc\x1cd\u2028e".splitlines())
print("a=b=c".partition("="), "abc".partition("="), "=x".partition("="))
print("a=b=c".rpartition("="), "abc".rpartition("="), "x=".rpartition("="))
try:
    "a".partition("")
except ValueError as e:
    print("ValueError:", e)
print("a,b,,c".split(","), "a,b,,c".rsplit(",", 1), "a b  c ".split(), " a b ".rsplit(None, 1))
print("a,b,c".split(",", 1), "a,b,c".rsplit(",", maxsplit=1), "  x  y  ".split(None, 1))
print("".split(), "".split(","), "abc".split("abc"), "1<>2<>3".rsplit("<>"))
try:
    "a".split("")
except ValueError as e:
    print("ValueError:", e)
print("a\tb\nc  d".split(), "x".rsplit("x"), "aaa".split("a"), "aaa".rsplit("aa"))
print("-".join(["a", "b"]), "".join([]), ", ".join(map(str, range(3))))
try:
    "".join(["a", 1])
except TypeError as e:
    print("TypeError:", e)
print("hello world".count("o"), "aaaa".count("aa"), "abc".count(""), "hello".find("l"), "hello".rfind("l"))
print("hello".index("e"), "hello".rindex("l"), "abc".find("z"), "hello".find("l", 3), "hello".find("l", -1))
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError:", e)
print("  pad ".strip(), "xxhixx".strip("x"), "  a".lstrip(), "b  ".rstrip(), "abcba".strip("ab"))
print("hello".replace("l", "L"), "hello".replace("l", "L", 1), "abc".replace("", "-"), "aaa".replace("a", "b", 0))
print("prefix_name".removeprefix("prefix_"), "name.py".removesuffix(".py"), "x".removeprefix("y"))
print("abc".startswith(("x", "a")), "abc".endswith("bc"), "abc".startswith("b", 1), "abc".endswith("a", 0, 1))
print("a\tb\tc".expandtabs(4), repr("ab\tc".expandtabs()))
