"""dataclasses: @dataclass, field, fields, asdict, astuple, replace, is_dataclass.

The generated methods are written as source and compiled with exec, as CPython does, so they
run as ordinary Python functions. Covered: init, repr, eq, order, frozen, default and
default_factory, field(init=, repr=, compare=), inheritance of fields. Not covered: slots=,
kw_only=, match_args, InitVar and ClassVar pseudo-fields, __post_init__ arguments.
"""

__all__ = ['dataclass', 'field', 'Field', 'fields', 'asdict', 'astuple', 'replace',
           'is_dataclass', 'FrozenInstanceError', 'MISSING']


class _MissingType:
    def __repr__(self):
        return 'MISSING'


MISSING = _MissingType()


class FrozenInstanceError(AttributeError):
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, compare, hash):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare
        self.hash = hash

    def __repr__(self):
        return 'Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,compare=%r)' % (
            self.name, self.type, self.default, self.default_factory, self.init, self.repr, self.compare)


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, compare=True, hash=None):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, compare, hash)


def fields(obj):
    try:
        return tuple(obj.__dataclass_fields__.values())
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None


def is_dataclass(obj):
    return hasattr(obj, '__dataclass_fields__')


def _collect_fields(cls):
    result = {}
    for base in reversed(cls.__mro__[1:]):
        for f in getattr(base, '__dataclass_fields__', {}).values():
            result[f.name] = f
    for name, tp in cls.__dict__.get('__annotations__', {}).items():
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            f = value
        else:
            f = field(default=value)
        f.name = name
        f.type = tp
        if isinstance(f.default, (list, dict, set)):
            raise ValueError('mutable default %s for field %s is not allowed: use default_factory'
                             % (type(f.default), name))
        result[name] = f
        if f.default is MISSING and name in cls.__dict__:
            delattr(cls, name)
        elif f.default is not MISSING:
            setattr(cls, name, f.default)
    return result


def _make_function(name, args, body, namespace):
    src = 'def %s(%s):\n%s\n' % (name, ', '.join(args), '\n'.join('    ' + line for line in body))
    ns = {}
    exec(src, namespace, ns)
    return ns[name]


def _init_fn(flds, frozen):
    args = ['self']
    body = []
    namespace = {'MISSING': MISSING, '__dataclass_builtins_object__': object}
    seen_default = False
    for f in flds:
        if not f.init:
            if f.default_factory is not MISSING:
                namespace['_dflt_' + f.name] = f.default_factory
                value = '_dflt_%s()' % f.name
            elif f.default is not MISSING:
                namespace['_dflt_' + f.name] = f.default
                value = '_dflt_' + f.name
            else:
                continue
        else:
            if f.default_factory is not MISSING:
                namespace['_dflt_' + f.name] = f.default_factory
                args.append('%s=MISSING' % f.name)
                value = '_dflt_%s() if %s is MISSING else %s' % (f.name, f.name, f.name)
                seen_default = True
            elif f.default is not MISSING:
                namespace['_dflt_' + f.name] = f.default
                args.append('%s=_dflt_%s' % (f.name, f.name))
                value = f.name
                seen_default = True
            else:
                if seen_default:
                    raise TypeError('non-default argument %r follows default argument' % f.name)
                args.append(f.name)
                value = f.name
        if frozen:
            body.append('__dataclass_builtins_object__.__setattr__(self, %r, %s)' % (f.name, value))
        else:
            body.append('self.%s = %s' % (f.name, value))
    body.append("if hasattr(self, '__post_init__'): self.__post_init__()")
    return _make_function('__init__', args, body, namespace)


def _tuple_of(obj, flds):
    return tuple(getattr(obj, f.name) for f in flds)


def _process(cls, init, repr, eq, order, frozen):
    flds = _collect_fields(cls)
    cls.__dataclass_fields__ = flds
    all_fields = list(flds.values())
    compared = [f for f in all_fields if f.compare]
    if init and '__init__' not in cls.__dict__:
        cls.__init__ = _init_fn(all_fields, frozen)
    if repr and '__repr__' not in cls.__dict__:
        shown = [f for f in all_fields if f.repr]

        def __repr__(self):
            return '%s(%s)' % (type(self).__qualname__,
                               ', '.join('%s=%r' % (f.name, getattr(self, f.name)) for f in shown))
        cls.__repr__ = __repr__
    if eq and '__eq__' not in cls.__dict__:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return _tuple_of(self, compared) == _tuple_of(other, compared)
            return NotImplemented
        cls.__eq__ = __eq__
        if frozen:
            cls.__hash__ = lambda self: hash(_tuple_of(self, compared))
        else:
            cls.__hash__ = None
    if order:
        def make(op):
            def compare(self, other):
                if other.__class__ is self.__class__:
                    return op(_tuple_of(self, compared), _tuple_of(other, compared))
                return NotImplemented
            return compare
        cls.__lt__ = make(lambda a, b: a < b)
        cls.__le__ = make(lambda a, b: a <= b)
        cls.__gt__ = make(lambda a, b: a > b)
        cls.__ge__ = make(lambda a, b: a >= b)
    if frozen:
        def __setattr__(self, name, value):
            raise FrozenInstanceError("cannot assign to field %r" % (name,))

        def __delattr__(self, name):
            raise FrozenInstanceError("cannot delete field %r" % (name,))
        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False):
    def wrap(c):
        return _process(c, init, repr, eq, order, frozen)
    return wrap if cls is None else wrap(cls)


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('asdict() should be called on dataclass instances')
    return _asdict_inner(obj, dict_factory)


def _asdict_inner(obj, dict_factory):
    if is_dataclass(obj) and not isinstance(obj, type):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory)) for f in fields(obj)])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_asdict_inner(v, dict_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory)) for k, v in obj.items())
    return obj


def astuple(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError('astuple() should be called on dataclass instances')
    return tuple(_astuple_inner(getattr(obj, f.name)) for f in fields(obj))


def _astuple_inner(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        return astuple(obj)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_astuple_inner(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_astuple_inner(k), _astuple_inner(v)) for k, v in obj.items())
    return obj


def replace(obj, **changes):
    for f in fields(obj):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
