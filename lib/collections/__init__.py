"""collections: deque, defaultdict, OrderedDict, Counter and namedtuple.

The types are built in C (_collections): the runtime cannot yet subclass dict in Python, so
defaultdict, OrderedDict and Counter are C dict subtypes. Counter's methods that are plain
logic are written here, after CPython's collections/__init__.py, and attached to the C type.
collections.abc is not provided.
"""

import sys as _sys
from _collections import deque, defaultdict, OrderedDict, Counter
import _collections
from itertools import chain as _chain, repeat as _repeat, starmap as _starmap
from keyword import iskeyword as _iskeyword

__all__ = ['ChainMap', 'Counter', 'OrderedDict', 'UserDict', 'UserList', 'UserString',
           'defaultdict', 'deque', 'namedtuple']


# -- namedtuple ------------------------------------------------------------------------------
def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    field_names = list(map(str, field_names))
    typename = _sys.intern(str(typename))

    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not name.isidentifier() or _iskeyword(name) or name.startswith('_')
                    or name in seen):
                field_names[index] = f'_{index}'
            seen.add(name)

    for name in [typename] + field_names:
        if type(name) is not str:
            raise TypeError('Type names and field names must be strings')
        if not name.isidentifier():
            raise ValueError('Type names and field names must be valid '
                             f'identifiers: {name!r}')
        if _iskeyword(name):
            raise ValueError('Type names and field names cannot be a '
                             f'keyword: {name!r}')

    seen = set()
    for name in field_names:
        if name.startswith('_') and not rename:
            raise ValueError('Field names cannot start with an underscore: '
                             f'{name!r}')
        if name in seen:
            raise ValueError(f'Encountered duplicate field name: {name!r}')
        seen.add(name)

    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(field_names):
            raise TypeError('Got more default values than field names')

    if module is None:
        try:
            module = _sys._getframe(1).f_globals.get('__name__', '__main__')
        except (AttributeError, ValueError):
            module = '__main__'
    doc = f'{typename}({", ".join(field_names)})'
    return _collections._make_namedtuple(typename, tuple(field_names), defaults, module, doc)


# -- Counter ---------------------------------------------------------------------------------
def _counter_method(f):
    f.__qualname__ = 'Counter.' + f.__name__  # as if defined in the class: error messages say so
    _collections._set_type_attr(Counter, f.__name__, f)
    return f


@_counter_method
def update(self, iterable=None, /, **kwds):
    if iterable is not None:
        if isinstance(iterable, dict) or hasattr(iterable, 'keys'):
            if self:
                self_get = self.get
                for elem in iterable.keys():
                    self[elem] = iterable[elem] + self_get(elem, 0)
            else:
                dict.update(self, iterable)
        else:
            self_get = self.get
            for elem in iterable:
                self[elem] = self_get(elem, 0) + 1
    if kwds:
        self.update(kwds)


@_counter_method
def subtract(self, iterable=None, /, **kwds):
    if iterable is not None:
        self_get = self.get
        if isinstance(iterable, dict) or hasattr(iterable, 'keys'):
            for elem in iterable.keys():
                self[elem] = self_get(elem, 0) - iterable[elem]
        else:
            for elem in iterable:
                self[elem] = self_get(elem, 0) - 1
    if kwds:
        self.subtract(kwds)


@_counter_method
def most_common(self, n=None):
    if n is None:
        return sorted(self.items(), key=lambda kv: kv[1], reverse=True)
    if n >= len(self):  # compared first, as heapq.nlargest does (its errors are CPython's)
        return sorted(self.items(), key=lambda kv: kv[1], reverse=True)[:n]
    if n <= 0:
        return []
    return sorted(self.items(), key=lambda kv: kv[1], reverse=True)[:n]


@_counter_method
def elements(self):
    return _chain.from_iterable(_starmap(_repeat, self.items()))


@_counter_method
def total(self):
    return sum(self.values())


@_counter_method
def __repr__(self):
    if not self:
        return f'{self.__class__.__name__}()'
    try:
        d = dict(self.most_common())
    except TypeError:
        d = dict(self)
    return f'{self.__class__.__name__}({d!r})'


def _fromkeys(cls, iterable, v=None):
    raise NotImplementedError(
        'Counter.fromkeys() is undefined.  Use Counter(iterable) instead.')


_collections._set_type_attr(Counter, 'fromkeys', classmethod(_fromkeys))


def _keep_positive(self):
    nonpositive = [elem for elem, count in self.items() if not count > 0]
    for elem in nonpositive:
        del self[elem]
    return self


@_counter_method
def __eq__(self, other):
    if not isinstance(other, Counter):
        if isinstance(other, dict):
            return dict(self) == dict(other)
        return NotImplemented
    return all(self[e] == other[e] for c in (self, other) for e in c)


@_counter_method
def __ne__(self, other):
    r = self.__eq__(other)
    return r if r is NotImplemented else not r


@_counter_method
def __le__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    return all(self[e] <= other[e] for c in (self, other) for e in c)


@_counter_method
def __lt__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    return self.__le__(other) and self != other


@_counter_method
def __ge__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    return all(self[e] >= other[e] for c in (self, other) for e in c)


@_counter_method
def __gt__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    return self.__ge__(other) and self != other


@_counter_method
def __add__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    result = Counter()
    for elem, count in self.items():
        newcount = count + other[elem]
        if newcount > 0:
            result[elem] = newcount
    for elem, count in other.items():
        if elem not in self and count > 0:
            result[elem] = count
    return result


@_counter_method
def __sub__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    result = Counter()
    for elem, count in self.items():
        newcount = count - other[elem]
        if newcount > 0:
            result[elem] = newcount
    for elem, count in other.items():
        if elem not in self and count < 0:
            result[elem] = 0 - count
    return result


@_counter_method
def __or__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    result = Counter()
    for elem, count in self.items():
        other_count = other[elem]
        newcount = other_count if count < other_count else count
        if newcount > 0:
            result[elem] = newcount
    for elem, count in other.items():
        if elem not in self and count > 0:
            result[elem] = count
    return result


@_counter_method
def __and__(self, other):
    if not isinstance(other, Counter):
        return NotImplemented
    result = Counter()
    for elem, count in self.items():
        other_count = other[elem]
        newcount = count if count < other_count else other_count
        if newcount > 0:
            result[elem] = newcount
    return result


@_counter_method
def __pos__(self):
    result = Counter()
    for elem, count in self.items():
        if count > 0:
            result[elem] = count
    return result


@_counter_method
def __neg__(self):
    result = Counter()
    for elem, count in self.items():
        if count < 0:
            result[elem] = 0 - count
    return result


@_counter_method
def __iadd__(self, other):
    for elem, count in other.items():
        self[elem] += count
    return _keep_positive(self)


@_counter_method
def __isub__(self, other):
    for elem, count in other.items():
        self[elem] -= count
    return _keep_positive(self)


@_counter_method
def __ior__(self, other):
    for elem, other_count in other.items():
        count = self[elem]
        if other_count > count:
            self[elem] = other_count
    return _keep_positive(self)


@_counter_method
def __iand__(self, other):
    for elem, count in self.items():
        other_count = other[elem]
        if other_count < count:
            self[elem] = other_count
    return _keep_positive(self)


del update, subtract, most_common, elements, total, __repr__, __eq__, __ne__, __le__, __lt__
del __ge__, __gt__, __add__, __sub__, __or__, __and__, __pos__, __neg__
del __iadd__, __isub__, __ior__, __iand__
