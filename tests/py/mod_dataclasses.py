# dataclasses (lib/dataclasses.py): init/repr/eq, defaults and factories, order, frozen, inheritance, post-init.
from dataclasses import dataclass, field, fields, asdict, astuple, replace, FrozenInstanceError

@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)

p = Point(1, 2)
q = Point(1)
print(p, q, p == Point(1, 2), p == q, p.tags is not q.tags)
p.tags.append('a')
print(asdict(p), astuple(p), [f.name for f in fields(Point)], replace(p, y=5))

@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0

vs = sorted([Version(2, 1), Version(1, 9), Version(2, 0)])
print(vs, Version(1) < Version(1, 1), hash(Version(1, 2)) == hash(Version(1, 2)))
try:
    vs[0].major = 5
except FrozenInstanceError as e:
    print('FrozenInstanceError:', e)

@dataclass
class Point3(Point):
    z: int = 9
    def norm1(self):
        return abs(self.x) + abs(self.y) + abs(self.z)
print(Point3(1, 2, z=3), Point3(-1).norm1())

@dataclass
class WithPost:
    a: int
    b: int = field(default=0, repr=False)
    def __post_init__(self):
        self.total = self.a + self.b
print(WithPost(3, 4), WithPost(3, 4).total)
try:
    Point()
except TypeError as e:
    print('TypeError')
