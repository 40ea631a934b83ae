# skip: \N{NAME} escapes unsupported in string literals (lexer.c)
# string literal escapes
print("\N{BULLET}", "\N{LATIN SMALL LETTER E WITH ACUTE}", len("\N{SNOWMAN}"))
print("\x41\101\u00e9\U0001F600" == "AAé😀", "a\
b", r"\n\t", rb"\x00", b"\x41\101")
print("\a\b\f\v" == "\x07\x08\x0c\x0b", "\0" == "\x00", '\'' + "\"")
