# str.format and str.format_map: numbering, keywords, attribute/index access, conversions,
# nested specs, escapes, and the errors.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return 'Pt(%r, %r)' % (self.x, self.y)
    def __str__(self):
        return '(%s, %s)' % (self.x, self.y)

show('auto', lambda: '{} {} {}'.format(1, 'a', 2.5))
show('manual', lambda: '{1} {0} {1}'.format('a', 'b'))
show('keywords', lambda: '{name} is {age}'.format(name='Bob', age=42))
show('mixed', lambda: '{0} {name} {1}'.format(1, 2, name='n'))
show('auto + kw', lambda: '{} {x} {}'.format(1, 2, x=3))
show('escapes', lambda: '{{}} {{{}}} }}{{'.format(7))
show('attr', lambda: '{0.x},{0.y} {p.x}'.format(Pt(1, 2), p=Pt(3, 4)))
show('index', lambda: '{0[0]} {0[1]} {d[key]} {d[3]} {l[2]}'.format([5, 6], d={'key': 'v', 3: 'three'}, l='abc'))
show('chain', lambda: '{0[a][1].x}'.format({'a': [0, Pt(9, 8)]}))
show('conversions', lambda: '{!r} {!s} {!a} {0!r:>10}'.format('é', Pt(1, 2), 'ü'))
show('conv spec', lambda: '{!r:^12}|{!s:5}|'.format('ab', 1))
show('nested spec', lambda: '{:{w}.{p}f}|{:{}}|{:{fill}{align}{width}}'.format(3.14159, 'x', 6, 'y', w=10, p=3, fill='*', align='^', width=7))
show('nested auto', lambda: '{:{}}|{:>{}}'.format('a', 4, 'b', 3))
show('spec types', lambda: '{:d} {:5} {:<5}| {:x} {:08.3f} {:,} {:_b} {:e} {:%}'.format(42, 7, 7, 255, -3.14159, 10**9, 255, 12345.678, 0.25))
show('str spec', lambda: '[{:10}][{:>10}][{:^10}][{:*^9}][{:.2}]'.format('abc', 'abc', 'abc', 'abc', 'abc'))
show('unicode', lambda: '→{}←{:é^7}'.format('ü', 'x'))
show('format_map', lambda: '{a}-{b[0]}'.format_map({'a': 1, 'b': [2]}))
class Mapping:
    def __getitem__(self, key):
        if key == 'a':
            return 1
        return '<' + key + '>'
show('format_map user mapping', lambda: '{a} {zz}'.format_map(Mapping()))
show('format_map missing', lambda: '{a} {zz}'.format_map({'a': 1}))
show('empty', lambda: ''.format(1, 2))
show('extra args ok', lambda: '{}'.format(1, 2, x=3))
show('bool/None', lambda: '{} {} {:d} {}'.format(True, None, True, False))
show('big int', lambda: '{:,}'.format(2**100))
errors = [
    ('{', ()), ('}', ()), ('a}b', ()), ('{0', (1,)), ('{0!', (1,)), ('{0!x}', (1,)),
    ('{0!rr}', (1,)), ('{0[}', (1,)), ('{0[0]x}', ([1],)), ('{0.}', (1,)),
    ('{0:{1:{2}}}', (1, 2, 3)), ('{a{}', (1,)), ('{0:d', (1,)), ('{1}{}', (1, 2)),
    ('{}{1}', (1, 2)), ('{1}', (1,)), ('{}{}', (1,)), ('{a}', (1,)), ('{0.nope}', (1,)),
    ('{0[5]}', ([1],)), ('{0[k]}', ({},)), ('{99999999999999999999999}', (1,)),
    ('{0:q}', (1,)), ('{0:d}', (1.5,)), ('{0:d}', ('a',)), ('{0:x}', ([],)), ('{0:,s}', ('a',)),
    ('{0!}', (1,)), ('{!r', (1,)), ('{:s}', (1,)),
]
for fmt, args in errors:
    show('%r.format%r' % (fmt, args), lambda: fmt.format(*args))
show('format_map positional', lambda: '{0}'.format_map({'x': 3}))
