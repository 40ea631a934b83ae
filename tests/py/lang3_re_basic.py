# re: common patterns
import re
m = re.match(r"(\w+)-(\d+)", "abc-123 rest")
print(m.group(0), m.group(1), m.group(2), m.groups(), m.span(), m.start(2), m.end())
print(re.search(r"\d+", "ab 42 cd 7").group(), re.match(r"\d", "x1"), re.fullmatch(r"[a-z]+", "abc") is not None)
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)=(\d)", "a=1, b=2"), re.split(r"[,;]\s*", "a, b;c"))
print(re.sub(r"\s+", " ", "a   b \t c"), re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@host"), re.subn("a", "b", "aaa"))
print(re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2"), [m.group() for m in re.finditer(r"[A-Z]", "aBcD")])
p = re.compile(r"(?P<key>\w+):(?P<val>\w+)", re.I)
m = p.search("x KEY:Value")
print(m.group("key"), m["val"], m.groupdict(), p.pattern)
print(re.match(r"^a.c$", "abc") is not None, re.match("a.c", "a\nc"), re.match("a.c", "a\nc", re.S) is not None)
print(re.findall(r"^\w", "ab\ncd", re.M), re.escape("a.b*c"), re.findall(r"a*?b", "aab"), re.findall(r"\bcat\b", "cat concat cat"))
print(re.match(r"(a)(b)?", "a").groups(), re.match(r"(a)(b)?", "a").group(2), re.search(r"colou?r", "my color").group())
