# enum (lib/enum.py): members, aliases, lookup by value and name, auto, unique, methods.
from enum import Enum, auto, unique

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1

    def describe(self):
        return '%s is %d' % (self.name, self.value)

    @classmethod
    def default(cls):
        return cls.GREEN

print(Color.RED, repr(Color.GREEN), Color.RED.name, Color.RED.value, Color(2), Color['BLUE'])
print(list(Color), len(Color), Color.CRIMSON is Color.RED, Color.RED in Color)
print(Color.BLUE.describe(), Color.default(), Color.RED == Color.RED, Color.RED != Color.BLUE)
print({Color.RED: 'r'}[Color.CRIMSON], isinstance(Color.RED, Color), type(Color.RED).__name__)
print(sorted(Color.__members__), f'{Color.RED}', '%s' % Color.BLUE)

class Step(Enum):
    START = auto()
    MIDDLE = auto()
    END = auto()
print([s.value for s in Step], Step(3))
try:
    Color(7)
except ValueError as e:
    print('ValueError:', e)
try:
    @unique
    class Bad(Enum):
        A = 1
        B = 1
except ValueError as e:
    print('ValueError:', e)
