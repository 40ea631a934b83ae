# args: 300
# Build an HTML <ul> of the first N fibonacci numbers by repeated string
# concatenation (html += ...). The string keeps growing, so a runtime that copies
# the whole string on every += does quadratic work; CPython resizes it in place.
import sys


def fibonacci(count):
    a, b = 0, 1
    for _ in range(count):
        yield a
        a, b = b, a + b


def html_fibo(count):
    html = '<ul>\n'
    for f in fibonacci(count):
        html += '<li>%d</li>\n' % f
    html += '</ul>\n'
    return html


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
