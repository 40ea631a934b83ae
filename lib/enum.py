"""enum: Enum, IntEnum-less subset of CPython's enum module.

Members are made by the metaclass when the class body is done: each plain attribute of the
body becomes an instance of the class with `name` and `value`, kept in definition order.
Flag, IntEnum and StrEnum need subclasses of int/str, which the runtime does not have yet.
"""

__all__ = ['Enum', 'EnumMeta', 'EnumType', 'auto', 'unique']

_auto_counter = [0]


class auto:
    """A value chosen for you: one more than the previous member's int value (starting at 1)."""

    def __init__(self):
        _auto_counter[0] += 1
        self._order = _auto_counter[0]

    def __repr__(self):
        return 'auto()'


def _is_member_name(name, value):
    if name.startswith('_'):
        return False
    return not (callable(value) and not isinstance(value, auto)) and \
        not isinstance(value, (classmethod, staticmethod, property))


class EnumMeta(type):
    def __new__(mcs, name, bases, ns):
        members = [(k, v) for k, v in ns.items() if _is_member_name(k, v)]
        body = {k: v for k, v in ns.items() if not any(k == m for m, _ in members)}
        cls = super().__new__(mcs, name, bases, body)
        cls._member_map_ = {}
        cls._value2member_map_ = {}
        cls._member_names_ = []
        last = 0
        for key, value in members:
            if isinstance(value, auto):
                value = last + 1
            if isinstance(value, int) and not isinstance(value, bool):
                last = value
            existing = cls._value2member_map_.get(value) if _hashable(value) else None
            if existing is not None:
                member = existing  # an alias
            else:
                member = object.__new__(cls)
                member._name_ = key
                member._value_ = value
                cls._member_names_.append(key)
                if _hashable(value):
                    cls._value2member_map_[value] = member
            cls._member_map_[key] = member
            type.__setattr__(cls, key, member)
        return cls

    def __iter__(cls):
        return iter([cls._member_map_[n] for n in cls._member_names_])

    def __reversed__(cls):
        return iter([cls._member_map_[n] for n in reversed(cls._member_names_)])

    def __len__(cls):
        return len(cls._member_names_)

    def __contains__(cls, member):
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __call__(cls, value):
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            for member in cls._member_map_.values():
                if member._value_ == value:
                    return member
        raise ValueError('%r is not a valid %s' % (value, cls.__qualname__))

    def __setattr__(cls, name, value):
        if name in cls.__dict__.get('_member_map_', {}):
            raise AttributeError('cannot reassign member %r' % (name,))
        type.__setattr__(cls, name, value)

    @property
    def __members__(cls):
        return dict(cls._member_map_)

    def __repr__(cls):
        return "<enum %r>" % cls.__name__


EnumType = EnumMeta


def _hashable(value):
    try:
        hash(value)
        return True
    except TypeError:
        return False


class Enum(metaclass=EnumMeta):
    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return '<%s.%s: %r>' % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return '%s.%s' % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce__(self):
        return (type(self), (self._value_,))


def unique(enumeration):
    """Class decorator: no two members may share a value."""
    dupes = [name for name, member in enumeration.__members__.items() if name != member.name]
    if dupes:
        raise ValueError('duplicate values found in %r: %s' % (
            enumeration, ', '.join('%s -> %s' % (a, enumeration.__members__[a].name) for a in dupes)))
    return enumeration
