# Subclasses of named tuples: methods, properties, repr, construction, no instance attributes.
from collections import namedtuple

class Point(namedtuple('Point', 'x y')):
    __slots__ = ()

    def norm2(self):
        return self.x * self.x + self.y * self.y

    @property
    def swapped(self):
        return Point(self.y, self.x)

    def __repr__(self):
        return 'P<%s,%s>' % self

p = Point(3, 4)
print(p, p.norm2(), p.swapped, p.x, p[1], len(p), tuple(p), p == (3, 4), isinstance(p, tuple))
print(Point(y=1, x=2), sorted([Point(2, 1), Point(1, 5)]), hash(p) == hash((3, 4)))
a, b = p
print(a, b, p._replace(x=9), p._asdict())
try:
    p.z = 1
except AttributeError as e:
    print('AttributeError')

class Pair(namedtuple('Pair', ['left', 'right'])):
    def total(self):
        return self.left + self.right
print(Pair(1, 2).total(), Pair(1, 2))
