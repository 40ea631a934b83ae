# abc (lib/abc.py): abstract methods block instantiation until overridden.
from abc import ABC, abstractmethod

class Shape(ABC):
    @abstractmethod
    def area(self):
        ...
    def describe(self):
        return '%s with area %s' % (type(self).__name__, self.area())

class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s * self.s

print(Square(3).describe(), isinstance(Square(2), Shape))
try:
    Shape()
except TypeError as e:
    print('TypeError:', e)
class Half(Shape):
    pass
try:
    Half()
except TypeError as e:
    print('TypeError:', e)
