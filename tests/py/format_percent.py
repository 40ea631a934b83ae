# printf-style formatting: str % args.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

show('basic', lambda: '%d %i %u %s %r %a %%' % (1, -2, 3, 'é', 'é', 'é'))
show('single', lambda: '%d' % 42)
show('single str', lambda: '<%s>' % 'x')
show('tuple in tuple', lambda: '%s' % ((1, 2),))
show('list single', lambda: '%s' % [1, 2])
show('dict single', lambda: '%s' % {'a': 1})
show('mapping', lambda: '%(a)s-%(b)05.1f-%(a)r' % {'a': 'x', 'b': 2.25})
show('mapping then plain', lambda: '%s %(a)s' % {'a': 1})
show('plain after mapping', lambda: '%(a)s %s' % {'a': 1})
show('no mapping', lambda: '%(a)s' % (1,))
show('missing key', lambda: '%(a)s' % {})
show('flags', lambda: '[%5d][%-5d][%05d][%+d][% d][%+5d][%-+5d][%.3d][%8.3d][%-08d]' % ((42,) * 10))
show('neg flags', lambda: '[%5d][%05d][%+d][% d][%.3d]' % ((-42,) * 5))
show('hex oct', lambda: '%x %X %o %#x %#X %#o %#5x %#05x %-#6o|' % ((255,) * 9))
show('neg hex', lambda: '%x %#x %#010x %o' % (-255, -255, -255, -8))
show('floats', lambda: '%f %e %E %g %G %.2f %10.3f %-10.1e| %+.0f %#.0f %#g %.0e' % (
    3.14159, 31415.9, 0.000314, 1e-5, 1e20, 2.675, -1.5, 12345.678, 2.5, 2.5, 1.0, 15.0))
show('float specials', lambda: '%f %e %g %5.1f %F %E' % (float('inf'), float('-inf'), float('nan'), float('inf'), float('nan'), float('inf')))
show('int as float', lambda: '%f %e %.3g' % (1, 10**20, 12345))
show('float as int', lambda: '%d %i %d %d' % (3.99, -3.99, 1e20, -0.5))
show('bool', lambda: '%d %s %r %f %x' % (True, False, True, True, True))
show('big ints', lambda: '%d|%x|%o|%X' % (2**100, -2**100, 2**70, 2**64))
show('big width', lambda: '%40d|%-40d|%+.30d' % (2**100, -2**100, 2**64))
show('star', lambda: '[%*d][%-*d][%.*f][%*.*f][%*d]' % (5, 1, 5, 2, 2, 3.14159, 8, 3, 2.5, -4, 7))
show('star str', lambda: '[%*s][%.*s]' % (6, 'ab', 2, 'abcdef'))
show('str prec', lambda: '%.3s|%5s|%-5s|%.1s|%5.2s|' % ('abcdef', 'é', 'é', 'éa', 'xyz'))
show('char', lambda: '%c%c%c%c' % (65, 'b', 0x263A, 233))
show('char max', lambda: ord('%c' % 0x10FFFF))
show('char width', lambda: '[%3c][%-3c]' % ('x', 66))
show('repr of objects', lambda: '%s %r %s' % (None, [1, 'a'], 1.5))
class P:
    def __str__(self): return 'P-str'
    def __repr__(self): return 'P-repr'
show('custom', lambda: '%s %r %a %10s|' % (P(), P(), P(), P()))
class I:
    def __index__(self): return 10
class N:
    def __int__(self): return 5
show('index', lambda: '%d %x %c' % (I(), I(), I()))
show('__int__ for %d', lambda: '%d' % N())
show('__int__ for %x', lambda: '%x' % N())
errors = [
    ('%d', 'x'), ('%d %d', (1,)), ('%d', (1, 2)), ('%c', 'ab'), ('%c', 1.5), ('%c', -1),
    ('%c', 0x110000), ('%c', 2**70), ('abc', 5), ('abc', ()), ('%x', 1.5), ('%x', 'a'),
    ('%o', 3.0), ('%e', 'a'), ('%f', None), ('%y', 3), ('%', 3), ('%(a', {}), ('%*d', ('a', 1)),
    ('%.*d', ('a', 1)), ('%d', float('nan')), ('%d', float('inf')), ('%s %s', 'ab'),
    ('%*d', (2**70, 1)), ('%d', None), ('%i', [1]), ('%10.5', 1), ('%-', 1), ('%ld', 3),
]
for fmt, args in errors:
    show('%r %% %r' % (fmt, args), lambda: fmt % args)
show('ok empty', lambda: ('abc' % (), 'abc' % [], 'abc' % {}, '%%' % (), '%s' % ()))
show('unicode fmt', lambda: 'héllo %s wörld %d €' % ('ü', 5))
show('unicode error index', lambda: 'é%y' % 1)
big = 1
for i in range(50):
    big = big * 1000003 + i
out = []
for i in range(300):
    out.append('<li>%d</li>' % (big + i))
print(len(''.join(out)), out[0], out[-1][-20:])
a, b = 0, 1
for i in range(3000):
    a, b = b, a + b
s = '%d' % a
print(len(s), s[:20], s[-20:])
show('digit limit', lambda: '%d' % 10**5000)
show('hex no limit', lambda: len('%x' % 10**5000))
