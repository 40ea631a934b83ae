"""weakref: weak references and the containers built on them.

ref comes from the runtime's _weakref module: a referent that only weak references reach is
collected, its references then return None and their callbacks run after the collection.
"""
from _weakref import ref, getweakrefcount, ReferenceType

__all__ = ['ref', 'ReferenceType', 'getweakrefcount', 'WeakValueDictionary',
           'WeakKeyDictionary', 'WeakSet', 'finalize']


class WeakValueDictionary:
    """A mapping whose values are held weakly: an entry goes away with its value."""

    def __init__(self, other=(), **kw):
        self.data = {}

        def remove(wr, selfref=ref(self)):
            self = selfref()
            if self is not None:
                for k, v in list(self.data.items()):
                    if v is wr:
                        del self.data[k]
        self._remove = remove
        self.update(other, **kw)

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        return o

    def __setitem__(self, key, value):
        self.data[key] = ref(value, self._remove)

    def __delitem__(self, key):
        del self.data[key]

    def __contains__(self, key):
        w = self.data.get(key)
        return w is not None and w() is not None

    def __len__(self):
        return sum(1 for w in self.data.values() if w() is not None)

    def __iter__(self):
        return iter([k for k, w in self.data.items() if w() is not None])

    def get(self, key, default=None):
        w = self.data.get(key)
        if w is None:
            return default
        o = w()
        return default if o is None else o

    def keys(self):
        return list(iter(self))

    def values(self):
        return [o for o in (w() for w in self.data.values()) if o is not None]

    def items(self):
        out = []
        for k, w in self.data.items():
            o = w()
            if o is not None:
                out.append((k, o))
        return out

    def pop(self, key, *default):
        w = self.data.pop(key, None)
        o = w() if w is not None else None
        if o is None:
            if default:
                return default[0]
            raise KeyError(key)
        return o

    def setdefault(self, key, default=None):
        o = self.get(key)
        if o is None:
            self[key] = default
            return default
        return o

    def update(self, other=(), **kw):
        if hasattr(other, 'items'):
            other = other.items()
        for k, v in other:
            self[k] = v
        for k, v in kw.items():
            self[k] = v

    def copy(self):
        return WeakValueDictionary(self.items())

    def __repr__(self):
        return '<WeakValueDictionary at %#x>' % id(self)


class WeakKeyDictionary:
    """A mapping whose keys are held weakly: an entry goes away with its key."""

    def __init__(self, dict=None):
        self.data = {}

        def remove(k, selfref=ref(self)):
            self = selfref()
            if self is not None:
                self.data.pop(k, None)
        self._remove = remove
        if dict is not None:
            self.update(dict)

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def __delitem__(self, key):
        del self.data[ref(key)]

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def __len__(self):
        return sum(1 for w in self.data if w() is not None)

    def __iter__(self):
        return iter([o for o in (w() for w in list(self.data)) if o is not None])

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def keys(self):
        return list(iter(self))

    def values(self):
        return [v for w, v in self.data.items() if w() is not None]

    def items(self):
        out = []
        for w, v in self.data.items():
            o = w()
            if o is not None:
                out.append((o, v))
        return out

    def pop(self, key, *default):
        return self.data.pop(ref(key), *default)

    def setdefault(self, key, default=None):
        return self.data.setdefault(ref(key, self._remove), default)

    def update(self, dict=None, **kw):
        if dict is not None:
            if hasattr(dict, 'items'):
                dict = dict.items()
            for k, v in dict:
                self[k] = v
        for k, v in kw.items():
            self[k] = v

    def __repr__(self):
        return '<WeakKeyDictionary at %#x>' % id(self)


class WeakSet:
    """A set whose elements are held weakly."""

    def __init__(self, data=None):
        self.data = set()

        def remove(item, selfref=ref(self)):
            self = selfref()
            if self is not None:
                self.data.discard(item)
        self._remove = remove
        if data is not None:
            for x in data:
                self.add(x)

    def add(self, item):
        self.data.add(ref(item, self._remove))

    def discard(self, item):
        self.data.discard(ref(item))

    def remove(self, item):
        self.data.remove(ref(item))

    def __contains__(self, item):
        try:
            return ref(item) in self.data
        except TypeError:
            return False

    def __len__(self):
        return sum(1 for w in self.data if w() is not None)

    def __iter__(self):
        return iter([o for o in (w() for w in list(self.data)) if o is not None])


class finalize:
    """finalize(obj, func, *args, **kwargs): call func(*args, **kwargs) once, when obj is
    collected or at exit (if atexit is true), whichever comes first."""

    _registry = {}
    _registered_with_atexit = False

    def __init__(self, obj, func, *args, **kwargs):
        if not finalize._registered_with_atexit:
            import atexit
            atexit.register(finalize._exitfunc)
            finalize._registered_with_atexit = True
        self.atexit = True
        self._key = object()
        finalize._registry[self._key] = self
        self._info = (func, args, kwargs)
        self._weakref = ref(obj, self)

    def __call__(self, _=None):
        info = finalize._registry.pop(self._key, None) and self._info
        if info:
            func, args, kwargs = info
            return func(*args, **(kwargs or {}))

    def detach(self):
        obj = self._weakref()
        if obj is not None and finalize._registry.pop(self._key, None):
            func, args, kwargs = self._info
            return (obj, func, args, kwargs)

    def peek(self):
        obj = self._weakref()
        if obj is not None and self._key in finalize._registry:
            func, args, kwargs = self._info
            return (obj, func, args, kwargs)

    @property
    def alive(self):
        return self._key in finalize._registry

    @classmethod
    def _exitfunc(cls):
        pending = [f for f in cls._registry.values() if f.atexit]
        for f in reversed(pending):
            f()
