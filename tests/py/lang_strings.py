# Strings: methods, formatting, slicing, f-strings.
s = 'Hello, World'
print(s.upper(), s.lower(), s.split(', '), s.replace('l', 'L'), s.find('o'), s.count('l'))
print(s[0], s[-1], s[1:5], s[::-1], s[::2], s[-5:], len(s))
print('  pad  '.strip() + '|', 'xxhixx'.strip('x'), 'a,b,,c'.split(','), ' a  b '.split())
print('-'.join(['a', 'b', 'c']), 'abc'.startswith('ab'), 'abc'.endswith(('x', 'c')))
print('42'.isdigit(), 'abc'.isalpha(), '  '.isspace(), 'ab1'.isalnum(), 'Ab'.index('b'))
print('%d items cost %.2f (%s) %r %5d|%-5s|%x' % (3, 9.5, 'ok', 'q', 42, 'ab', 255))
print('{} {} {}'.format(1, 'two', 3.0), '{1}{0}'.format('a', 'b'), '{x}-{y}'.format(x=1, y=2))
name, value = 'pi', 3.14159
print(f'{name}={value:.3f}', f'{value!r}', f'{42:>6}', f'{42:<6}|', f'{42:^7}|', f'{1234567:,}')
print(f'{"nested"}', f'{3 + 4}', f'{name=}', f'{255:#x}', f'{0.25:.1%}', f'{7:03d}')
print('abc' * 3, 'a' + 'b', 'x' in 'xyz', 'é'.upper(), len('héllo'), 'héllo'[1])
print(repr('quote\'s'), repr("tab\there"), repr('new\nline'), str(None), str([1, 'a']))
print('Hello'.center(11, '*'), 'x'.ljust(3, '.') + '|', '7'.zfill(3), 'a b c'.title())
parts = []
for ch in 'abc':
    parts.append(ch.upper())
print(''.join(parts), ord('A'), chr(97), 'abc'.encode())
t = ''
for i in range(100):
    t += str(i)
print(len(t), t[:20], t[-10:])
print('line1\nline2'.splitlines(), 'a=b=c'.partition('='), 'a=b=c'.rpartition('='))
print(str(1.0), str(1e16), str(1.5e-7), str(0.1 + 0.2), repr(1/3), 2.0 ** 0.5, float('inf'), -float('inf'))
