"""typing: the names programs import for annotations. Annotations are not checked at run
time, so the special forms only need to exist and be subscriptable: List[int] gives back
an alias object that prints like CPython's. TypeVar, Generic, Protocol, NamedTuple,
cast, overload, TYPE_CHECKING, get_type_hints are provided for the same reason."""

TYPE_CHECKING = False


class _Alias:
    def __init__(self, name, origin=None, args=()):
        self._name = name
        self.__origin__ = origin
        self.__args__ = args

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _Alias(self._name, self.__origin__ or self, params)

    def __call__(self, *args, **kwargs):
        if self.__origin__ is not None and callable(self.__origin__):
            return self.__origin__(*args, **kwargs)
        raise TypeError('Cannot instantiate typing.%s' % self._name)

    def __repr__(self):
        if not self.__args__:
            return 'typing.' + self._name
        return 'typing.%s[%s]' % (self._name, ', '.join(_type_repr(a) for a in self.__args__))

    def __eq__(self, other):
        return isinstance(other, _Alias) and (self._name, self.__args__) == (other._name, other.__args__)

    def __hash__(self):
        return hash((self._name, self.__args__))

    def __mro_entries__(self, bases):
        return (self.__origin__,) if isinstance(self.__origin__, type) else ()


def _type_repr(t):
    if isinstance(t, type):
        return t.__name__ if t.__module__ == 'builtins' else '%s.%s' % (t.__module__, t.__qualname__)
    if t is Ellipsis:
        return '...'
    return repr(t)


Any = _Alias('Any')
Union = _Alias('Union')
Optional = _Alias('Optional')
Callable = _Alias('Callable')
ClassVar = _Alias('ClassVar')
Final = _Alias('Final')
Literal = _Alias('Literal')
Annotated = _Alias('Annotated')
NoReturn = _Alias('NoReturn')
List = _Alias('List', list)
Dict = _Alias('Dict', dict)
Set = _Alias('Set', set)
FrozenSet = _Alias('FrozenSet', frozenset)
Tuple = _Alias('Tuple', tuple)
Type = _Alias('Type', type)
Iterable = _Alias('Iterable')
Iterator = _Alias('Iterator')
Generator = _Alias('Generator')
Sequence = _Alias('Sequence')
MutableSequence = _Alias('MutableSequence')
Mapping = _Alias('Mapping')
MutableMapping = _Alias('MutableMapping')
AbstractSet = _Alias('AbstractSet')
Hashable = _Alias('Hashable')
Sized = _Alias('Sized')
Collection = _Alias('Collection')
Awaitable = _Alias('Awaitable')
DefaultDict = _Alias('DefaultDict')
Counter = _Alias('Counter')
Deque = _Alias('Deque')
Text = str
AnyStr = _Alias('AnyStr')


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return '~' + self.__name__


class Generic:
    def __class_getitem__(cls, params):
        return cls


class Protocol(Generic):
    pass


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(f):
    return f


def runtime_checkable(cls):
    return cls


def get_type_hints(obj, globalns=None, localns=None):
    return dict(getattr(obj, '__annotations__', {}))


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type


def NamedTuple(typename, fields=None, **kwargs):
    from collections import namedtuple
    if fields is None:
        fields = kwargs.items()
    return namedtuple(typename, [name for name, _ in fields])
