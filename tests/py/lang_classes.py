# Classes: __init__, methods, class attributes, inheritance, super(), isinstance, properties.
class Animal:
    kind = 'animal'
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return self.name + ' makes a sound'

    def __repr__(self):
        return 'Animal(%r)' % self.name

class Dog(Animal):
    kind = 'dog'

    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed

    def speak(self):
        return super().speak() + ' (woof)'

a = Animal('generic')
d = Dog('rex', 'lab')
print(a.speak())
print(d.speak(), d.kind, Animal.kind, Animal.count)
print(isinstance(d, Animal), isinstance(a, Dog), issubclass(Dog, Animal))
print(repr(a), [a])
print(type(d).__name__, Dog.__mro__ == (Dog, Animal, object))

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return self.x == other.x and self.y == other.y

    def __str__(self):
        return '(%s, %s)' % (self.x, self.y)

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y

    @staticmethod
    def origin():
        return Point(0, 0)

    @classmethod
    def unit(cls):
        return cls(1, 1)

p = Point(1, 2) + Point(3, 4)
print(p, p.norm2, p == Point(4, 6), p != Point(0, 0), Point.origin(), Point.unit())

class Stack:
    def __init__(self):
        self.items = []
    def push(self, x):
        self.items.append(x)
        return self
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __iter__(self):
        return iter(self.items)
    def __contains__(self, x):
        return x in self.items

s = Stack().push(1).push(2).push(3)
print(len(s), s[0], s[-1], list(s), 2 in s, 5 in s, bool(Stack()))

class Counter:
    def __init__(self):
        self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
cnt = Counter()
cnt(); cnt()
print(cnt())

class Temp:
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        self._c = v
t = Temp()
t.celsius = 25
print(t.celsius)
print(hasattr(t, 'celsius'), getattr(t, 'missing', 'dflt'))
setattr(t, 'extra', 5)
print(t.extra)
