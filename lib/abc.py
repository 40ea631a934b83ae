"""abc: abstract base classes. A class whose metaclass is ABCMeta cannot be instantiated
while it has abstract methods left (marked with @abstractmethod and not overridden).
register() records virtual subclasses for issubclass/isinstance through __subclasscheck__
only where the runtime consults it (it does not yet): it is kept for API compatibility."""

__all__ = ['ABC', 'ABCMeta', 'abstractmethod', 'abstractproperty', 'get_cache_token']


def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


def _is_abstract(value):
    if isinstance(value, property):
        return _is_abstract(value.fget)
    return getattr(value, '__isabstractmethod__', False) is True


class ABCMeta(type):
    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace)
        abstracts = {n for n, v in namespace.items() if _is_abstract(v)}
        for base in bases:
            for n in getattr(base, '__abstractmethods__', ()):
                if _is_abstract(getattr(cls, n, None)):
                    abstracts.add(n)
        cls.__abstractmethods__ = frozenset(abstracts)
        cls._abc_registry = []
        return cls

    def __call__(cls, *args, **kwargs):
        if cls.__abstractmethods__:
            names = sorted(cls.__abstractmethods__)
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s" % (
                cls.__name__, 's' if len(names) > 1 else '', ', '.join(names)))
        return super().__call__(*args, **kwargs)

    def register(cls, subclass):
        cls._abc_registry.append(subclass)
        return subclass


class ABC(metaclass=ABCMeta):
    __slots__ = ()


def abstractproperty(fget):
    return property(abstractmethod(fget))


def get_cache_token():
    return 0
