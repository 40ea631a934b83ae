# args: 300
# Same page as html_fibo.py, but the pieces are collected in a list and joined
# once at the end, which is linear on every runtime.
import sys


def fibonacci(count):
    a, b = 0, 1
    for _ in range(count):
        yield a
        a, b = b, a + b


def html_fibo(count):
    parts = ['<ul>\n']
    for f in fibonacci(count):
        parts.append('<li>%d</li>\n' % f)
    parts.append('</ul>\n')
    return ''.join(parts)


def summarize(html):
    digit_weight = 0
    for d in range(10):
        digit_weight += d * html.count(str(d))
    return (len(html), html.count('<li>'), digit_weight)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    html = html_fibo(count)
    length, items, weight = summarize(html)
    print('len=%d items=%d digit_weight=%d' % (length, items, weight))
    print('tail=%r' % html[-48:])


main()
