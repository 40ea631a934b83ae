# Formatting that calls back into Python code which allocates enough to run the collector
# while the formatter holds objects of its own (field objects, mapping values, nested specs).
def churn():
    junk = []
    for i in range(3000):
        junk.append([i, str(i), (i, i * 0.5)])
    return len(junk)

class Width:
    def __format__(self, spec):
        churn()
        return '12'

class Val:
    def __init__(self, n):
        self.n = n
    def __str__(self):
        churn()
        return 'Val%d' % self.n
    def __repr__(self):
        churn()
        return 'Val(%r)' % self.n
    def __format__(self, spec):
        churn()
        return format(self.n * 1.5, spec)

class Holder:
    def __init__(self):
        self.items = [Val(i) for i in range(3)]

out = []
for i in range(40):
    h = Holder()
    out.append('{0.items[1]:{1}.3f}|{2!s:>8}'.format(h, Width(), Val(i)))
    out.append('%(a)s-%(b)s-%(a)s' % {'a': Val(i), 'b': [Val(i + 1)]})
    out.append('%s %s %r' % (Val(i), float(i) / 7, 2**80 + i))
    out.append(f'{Val(i):{Width()}.2f}|{h.items[2]!s}')
print(len(out))
for line in out[:8] + out[-8:]:
    print(line)
