# Attribute stores followed by calls in a loop (a float box is stored into an instance, and
# the write barrier is a call): what the optimizer learnt about a field in the first
# iteration must not stand for it in the later ones. Found by the fleet test; every
# loop here printed a wrong total once.
class Vec(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm2(self):
        return self.x * self.x + self.y * self.y


def drift(n):
    v = Vec(1.5, -2.0)
    total = 0.0
    for i in range(n):
        v.x = v.x * 0.999 + 0.01
        total += v.norm2()
    return total


def counters(n):
    c = Vec(0, 0)
    log = []
    for i in range(n):
        c.x += 1
        log.append(c.x)
        c.y = c.y + c.x
    return c.x, c.y, sum(log)


def two_objects(n):
    a = Vec(1.0, 2.0)
    b = Vec(3.0, 4.0)
    for i in range(n):
        a.x, b.x = b.x * 0.5, a.x + 1.0
        b.y = a.norm2() * 0.001
    return a.x, b.x, b.y


print('%.6f' % drift(3000))
print(counters(2500))
print(two_objects(1000))
