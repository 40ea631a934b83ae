# re: the Python API over the _sre engine (lib/re.py, frontend/re_*.c), CPython 3.11 as the oracle.
import re
print(re.match(r'a+b', 'aaab'))
print(re.search(r'(\d+)-(\d+)', 'tel 123-456 x').groups())
print(re.findall(r'\w+', 'hello world, foo_bar 42'))
print(re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'joe@example and ann@site'))
print(re.split(r'[,;]\s*', 'a, b;c;  d'))
print(re.split(r'(,)', 'a,b,c'))
print(re.sub('x*', '-', 'abxd'))
print(re.split(r'\b', 'a b'))
m = re.match(r'(?P<first>\w+) (?P<last>\w+)', 'Jane Doe')
print(m.groupdict(), m['first'], m.group(0, 2), m.span(2), m.lastindex, m.lastgroup)
print(re.compile(r'abc', re.I | re.M))
print(re.fullmatch(r'a|ab', 'ab'))
print(re.match(r'(a|)*', 'aa').groups())
print(re.match(r'(?<=ab)c', 'abc'), re.search(r'(?<=ab)c', 'abc'))
print(re.search(r'(?<!x)y', 'xy zy'))
print(re.search(r'a(?=b)', 'ac ab').span())
print(re.search(r'a(?!b)', 'ab ac').span())
print(re.findall(r'(a)(b)?', 'ab a'))
print(re.match(r'(a)\1', 'aa'), re.match(r'(?P<x>a)(?P=x)', 'aa'))
print(re.match(r'(?i)hello', 'HeLLo'))
print(re.findall(r'^\w', 'ab\ncd', re.M))
print(re.findall(r'a.c', 'abc a\nc', re.S))
print(re.match(r'a{2,3}', 'aaaa'), re.match(r'a{2,3}?', 'aaaa'), re.match(r'(ab){2}', 'ababab'))
print(re.escape('a.b*c'))
for pat in ['(abc', '*a', 'abc)', 'a**', '[abc', r'\q', '(?P<1a>x)', r'(a)\2', 'a{3,2}', '(?<=a+)b', '(?z)']:
    try:
        re.compile(pat)
    except re.error as e:
        print(pat, '->', e, e.pos)
print(re.sub(r'\d', lambda m: str(int(m.group()) * 2), 'a1b2c3'))
print(re.subn('a', 'b', 'aaa', 2))
print(re.findall(r'\s+', 'a \t b\n c'))
print(re.match('ü+', 'üüx'), re.findall(r'\w+', 'héllo wörld ñ'))
print(re.search('é', 'abcé').span())
print([m.span() for m in re.finditer(r'\w+', 'ab cd ef')])
print(re.match(r'(?x) a b  # comment\n c', 'abc'))
print(re.search(r'[^a-z]', 'abcD1'))
print(re.search(r'\bfoo\b', 'a foo b').start())
print(re.compile(r'(?P<n>x)(y)').groupindex, re.compile('a(b)(c)').groups)
print(re.match(r'(a*)*', 'b').groups(), re.match(r'(a*)+', 'b').groups())
print(re.match(r'x*?y', 'xxy'))
print(re.match(r'(?:a|b)+?c', 'ababc'))
print(re.compile('a').flags)
def err(pat, flags=0):
    try:
        re.compile(pat, flags)
        print(repr(pat), 'ok')
    except re.error as e:
        print(repr(pat), '->', str(e), e.pos, e.msg)
for pat in ['(', ')', 'a)', '((a)', '[', '[]', '[a-', r'[z-a]', r'[\d-z]', '?', '+a', 'a{2}{3}', 'a|?',
            r'\x1', r'\u12', r'\8', r'(?P<a>x)(?P<a>y)', r'(?P=zz)', '(?P<>x)', '(?Px)', '(?<x)',
            '(?#abc', 'a(?i)b', '(?i', r'(a)(?<=\1)', 'x{,3}', 'x{}', 'x{a}', r'\\', '\\', r'(?i)(?-i:A)a',
            'a\nb(', r'(?<=a|bc)d', '^*', r'\b+', 'a{5,3}', '(?i)(?m)x']:
    err(pat)
print(re.match(r'(?i)(?-i:A)a', 'aA'), re.match(r'(?i)(?-i:A)a', 'AA'))
print(re.findall(r'[a-c]+', 'xABCabcx', re.I))
print(re.findall(r'\w+', 'héllo wörld', re.A))
print(re.findall(r'(?i)straße', 'STRASSE Straße STRAßE'))
print(re.match(r'\d+', '١٢٣4'))
print(re.sub(r'(?P<w>\w+)', r'<\g<w>|\g<0>|\g<1>>', 'ab cd'))
for t in [r'\g<x>', r'\3', r'\g<', r'\q', '\\']:
    try:
        print(re.sub('(a)', t, 'a'))
    except (re.error, IndexError) as e:
        print(type(e).__name__, e)
print(re.sub('a', r'\n\t\\', 'xay'))
print(re.sub(r'(a)|b', r'[\1]', 'ab'))
m = re.search(r'(a)(b)?', 'xa')
print(m.groups(), m.groups('-'), m.span(2), m.start(1), m.end(), m.re.pattern, m.string, m.pos, m.endpos)
print(re.compile(r'\d').search('ab12', 3), re.compile(r'\d').match('ab12', 2, 3))
print(re.compile('^b').search('ab', 1), re.compile('b$').search('ab\n'))
print(re.compile('$').findall('a\nb\n'), re.findall('$', 'a\nb\n', re.M))
print(re.split(r'\s*', 'a b  c'), re.split('x', 'axbxc', 1))
print(re.split(r'(a)|b', 'xaybz'))
print(re.findall(r'', 'ab'), re.sub('', '-', 'ab'))
print(re.match(r'((a)|b)+', 'ab').groups(), re.match(r'((a)|b)+', 'ab').lastindex)
print(re.match(r'(?:(a)|b)+', 'ab').group(1))
print(re.match(r'(a)(?:b)', 'ab').lastindex, re.match(r'((a)b)', 'ab').lastindex)
print(re.search(r'(?=(\w+))\w', 'abc').groups())
print(re.match(r'(?>a+)b', 'aaab'), re.match(r'(?>a+)ab', 'aaab'), re.match(r'a++b', 'aab'))
print(re.match(r'.*?(\d+)', 'abc123def').group(1))
print(re.match(r'(.*)(\d+)', 'abc123').groups())
print(re.match(r'(\w+)\s(\w+)', 'x y') [2])
try:
    re.match('a', 5)
except TypeError as e:
    print(e)
try:
    m[5]
except IndexError as e:
    print(e)
print(re.findall(r'[\w.-]+@[\w.-]+', 'mail a.b@c.org, x-y@z.com now'))
print(re.compile('a', re.X) == re.compile('a', re.X), re.purge())
print(re.match(r'(?s).+', 'a\nb'), re.match(r'.+', 'a\nb'))
print(re.search(r'\Aab\Z', 'ab'), re.search(r'\Z', 'ab\n').span())
print(re.findall(r'\S+', ' a bb\u3000c '))
print(re.findall(r'[^\W\d]+', 'ab12cd_'))
print(re.search(r'\x41\u0042\101', 'xABA'))
print(re.fullmatch(r'a*', 'aab'), re.fullmatch(r'a*?', 'aaa'))
print(re.compile(r'a.b', re.S | re.I | re.A))
p = re.compile(r'(\d)')
print([m.group() for m in p.finditer('a1b22c', 2)])
print(p.sub(r'\1\1', 'a1b2'), p.subn('', 'a1b2'))
print(re.sub(r'a|(b)', lambda m: m.group(1) or 'A', 'abab'))
print(re.match(r'x{0}y', 'y'), re.match(r'(x){0,1}y', 'xy').groups())
print(re.search(r'(a+)+b', 'a' * 20 + 'c'))
print(re.match(r'[\s\S]+', 'a\nb').group())
print(re.match(r'[.]', 'a'), re.match(r'[-a]', '-'), re.match(r'[]a]', ']'), re.match(r'[a\]]+', 'a]'))
# Long subjects: the matcher's stack is explicit, so a million-character run cannot overflow C.
s = 'a' * 200000
print(len(re.match(r'(?:a|b)*', s).group()), len(re.match(r'.*', s).group()))
text = 'The quick brown fox jumps over the lazy dog 12345. ' * 2000
print(len(re.findall(r'\w+', text)), len(re.sub(r'\s+', ' ', text)), len(re.split(r'\d+', text)))
u = 'héllo wörld ' * 2000
print(len(re.findall(r'\w+', u)), re.search('wörld$', u.strip()).span())
print([m.span() for m in re.finditer('ö', 'aöböc')], re.sub('ö', 'oe', 'aöböc'))
