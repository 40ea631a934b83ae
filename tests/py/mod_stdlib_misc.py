# copy, operator, heapq, contextlib, io (lib/): checked against CPython.
import copy, operator, heapq, contextlib, io, sys
from operator import itemgetter, attrgetter, methodcaller

class Node:
    def __init__(self, v, kids=()):
        self.v = v
        self.kids = list(kids)
a = Node(1, [Node(2), Node(3)])
b = copy.copy(a)
c = copy.deepcopy(a)
print(b.kids is a.kids, c.kids is a.kids, c.kids[0].v, copy.deepcopy([1, [2, {'k': (3, [4])}]]))
nested = [[1], [2]]
print(copy.copy(nested)[0] is nested[0], copy.deepcopy(nested)[0] is nested[0])

rows = [('b', 2), ('a', 3), ('c', 1)]
print(sorted(rows, key=itemgetter(1)), sorted(rows, key=itemgetter(0)), itemgetter(0, 1)(rows[0]))
print(operator.add(2, 3), operator.mul('ab', 2), list(map(operator.neg, [1, -2])), methodcaller('upper')('x'))
print(attrgetter('v')(a), operator.contains([1, 2], 2), operator.getitem({'k': 1}, 'k'))

h = []
for x in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, x)
print(h, [heapq.heappop(h) for _ in range(3)], h)
data = [7, 2, 9, 4, 1]
heapq.heapify(data)
print(data, heapq.nsmallest(2, [5, 3, 8]), heapq.nlargest(2, [5, 3, 8]))

@contextlib.contextmanager
def tag(name):
    print('<%s>' % name)
    try:
        yield name.upper()
    finally:
        print('</%s>' % name)

with tag('b') as t:
    print('inside', t)
with contextlib.suppress(KeyError):
    {}['x']
print('suppressed')
try:
    with tag('i'):
        raise ValueError('boom')
except ValueError as e:
    print('propagated', e)

buf = io.StringIO()
buf.write('hello\n')
print('world', file=buf)
print(repr(buf.getvalue()))
rd = io.StringIO('l1\nl2\nl3')
print(rd.readline(), rd.read(), list(io.StringIO('a\nb\n')))
with contextlib.redirect_stdout(io.StringIO()) as out:
    print('captured')
print(repr(out.getvalue()))
bio = io.BytesIO(b'abc')
print(bio.read(2), bio.read(), bio.getvalue())
