# args: 5000
# Float-heavy object code: create many points with float attributes, normalize
# each one in place, then fold them into a component-wise maximum and a centroid.
import sys
import math


class Point(object):
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def length(self):
        return math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z)

    def normalize(self):
        n = self.length()
        self.x /= n
        self.y /= n
        self.z /= n
        return self

    def keep_max(self, other):
        if other.x > self.x:
            self.x = other.x
        if other.y > self.y:
            self.y = other.y
        self.z = max(self.z, other.z)
        return self

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y, self.z + other.z)

    def __repr__(self):
        return 'Point(%.9f, %.9f, %.9f)' % (self.x, self.y, self.z)


def make_points(count):
    points = []
    for i in range(count):
        t = i * 0.001
        s = math.sin(t * 7.0)
        points.append(Point(s, math.cos(t) * 3.0, s * s / 2.0 + 0.25))
    return points


def crunch(points):
    for p in points:
        p.normalize()
    best = Point(-1e300, -1e300, -1e300)
    total = Point(0.0, 0.0, 0.0)
    for p in points:
        best.keep_max(p)
        total = total + p
    n = float(len(points))
    return best, Point(total.x / n, total.y / n, total.z / n)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    rounds = 5
    for r in range(rounds):
        best, centre = crunch(make_points(count + r))
    print('max    %r' % best)
    print('centre %r' % centre)


main()
