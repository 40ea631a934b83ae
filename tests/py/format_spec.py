# format() and f-strings: the format mini-language for str, int, bool, float, and __format__.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

int_specs = ['', 'd', '5', '<5', '^7', '*>8', '=+8', '+', ' ', '-', ',', '_', '_x', 'b', '#b', 'o', '#o',
             'x', '#X', '08', '#010x', 'c', 'n', 'e', '.2f', '%', 'g', '.3', 'z', '#', ',d', ',x', '_o']
for v in [0, 42, -42, 255, 2**70, -2**70, True, False]:
    for spec in int_specs:
        show('format(%r, %r)' % (v, spec), lambda: format(v, spec))
float_specs = ['', 'f', '.2f', '10.3f', '<10', '^12.4', '+', ' ', 'e', '.3E', 'g', '.10g', 'G', '%', '.1%',
               ',', '_.2f', '#', '#.0f', '#g', 'n', 'z.1f', '010.2f', '=+12.3f', 'F', '.0f', '.0e', 'd', 'x', 's']
for v in [0.0, -0.0, 1.5, -2.675, 1234567.891, 1e-7, 1e22, 2.5, float('inf'), float('-inf'), float('nan'), 0.1]:
    for spec in float_specs:
        show('format(%r, %r)' % (v, spec), lambda: format(v, spec))
str_specs = ['', 's', '10', '<10', '>10', '^10', '*^9', '.2', '10.2', '=10', '+', 'd', ',', '#', '0']
for v in ['', 'abc', 'héllo']:
    for spec in str_specs:
        show('format(%r, %r)' % (v, spec), lambda: format(v, spec))
show('format(None)', lambda: format(None))
show('format(None, "")', lambda: format(None, ''))
show('format(None, "x")', lambda: format(None, 'x'))
show('format([1], "")', lambda: format([1], ''))
class O:
    pass
show('format(O(), "x")', lambda: format(O(), 'x'))
show('format(O(), "")', lambda: format(O(), '')[:10])
show('format(1, 3)', lambda: format(1, 3))
show('int.__format__', lambda: ((5).__format__('03'), 'x'.__format__('>3'), (1.5).__format__('.3f'), True.__format__('')))
show('__format__ bad arg', lambda: (1).__format__(3))
class F:
    def __format__(self, spec):
        return 'F<' + spec + '>'
class Bad:
    def __format__(self, spec):
        return 42
class S:
    def __str__(self):
        return 'S!'
show('custom', lambda: (format(F(), 'abc'), f'{F():xyz}', '{:q}'.format(F()), f'{F()}'))
show('bad custom', lambda: format(Bad(), ''))
show('bad custom f', lambda: f'{Bad()}')
show('str-only class', lambda: (format(S()), f'{S()}', f'{S()!r:.3}', '{}'.format(S())))
show('str-only spec', lambda: f'{S():>5}')
x, w, p = 3.14159, 10, 2
show('fstring nested', lambda: f'[{x:{w}.{p}f}] [{x!r}] [{"abc"!r:>8}] [{w:#x}] [{w=}] [{x = :.1f}]')
show('fstring exprs', lambda: f'{1 + 1} {"a" * 3} {[1, 2][1]:03d} {{literal}} {True:d} {None!s:>5}')
for i in [0, 5, 123456789]:
    print(f'{i:>12,}|{i:<8x}|{i:^9o}|{-i:+}')
