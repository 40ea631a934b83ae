# A small tour of what pypy-client runs today: classes, generators, big ints, formatting,
# dicts and the standard modules that ship with it. Compare: python3 examples/demo.py
import json
import math
from collections import Counter, namedtuple

Order = namedtuple('Order', 'item qty price')


class Shop:
    def __init__(self, name):
        self.name = name
        self.orders = []

    def add(self, item, qty, price):
        self.orders.append(Order(item, qty, price))
        return self

    def total(self):
        return sum(o.qty * o.price for o in self.orders)

    def report(self):
        lines = ['%-8s %3d x %6.2f' % (o.item, o.qty, o.price) for o in self.orders]
        lines.append('total %.2f' % self.total())
        return '\n'.join(lines)


def primes(limit):
    sieve = [True] * limit
    for n in range(2, limit):
        if sieve[n]:
            yield n
            for k in range(n * n, limit, n):
                sieve[k] = False


shop = Shop('corner').add('apple', 3, 0.5).add('bread', 1, 2.25).add('cheese', 2, 4.1)
print(shop.report())
print('primes:', list(primes(50)))
print('2**200 =', 2 ** 200)
print('sqrt(2) = %.12f, pi = %r' % (math.sqrt(2), math.pi))
words = 'the quick brown fox jumps over the lazy dog the end'.split()
print(Counter(words).most_common(2))
print(json.dumps({'shop': shop.name, 'items': [o.item for o in shop.orders]}, sort_keys=True))
print(f'{shop.name!r:>10} has {len(shop.orders)} orders')
