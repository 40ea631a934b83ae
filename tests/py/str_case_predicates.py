# case mapping and the is* predicates, ASCII and Latin-1 (with CPython's special cases)
samples = ["hello world", "Hello World", "HELLO", "they're bill's friends", "ß straße", "µ ÿ Ä é",
           "123abc", "ABC123 def", "", "  ", "a1_b", "_private", "2bad", "ªº", "x²", "¼", "ÀÖØÞ",
           "mIxEd CaSe", "hello\tworld\n", "Ünïcödé", "ǅemal", "a-b_c d"]
for s in samples:
    print(repr(s), repr(s.upper()), repr(s.lower()), repr(s.title()), repr(s.capitalize()),
          repr(s.swapcase()), repr(s.casefold()))
    print("  ", s.isdigit(), s.isdecimal(), s.isnumeric(), s.isalpha(), s.isalnum(), s.isspace(),
          s.isupper(), s.islower(), s.istitle(), s.isidentifier(), s.isascii(), s.isprintable())
for c in "\t\n\x0b\x0c\r\x1c\x1f \x85\xa0\u3000\u2028x":
    print(repr(c), c.isspace(), c.isprintable())
try:
    "a".upper(1)
except TypeError as e:
    print(e)
try:
    "a".isdigit(1)
except TypeError as e:
    print(e)
