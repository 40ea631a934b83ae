"""types: the names of the built-in types a program cannot spell otherwise, and
SimpleNamespace. Not here: new_class/prepare_class, coroutine types, MappingProxyType."""
import sys

__all__ = ['FunctionType', 'LambdaType', 'CodeType', 'GeneratorType', 'MethodType',
           'BuiltinFunctionType', 'BuiltinMethodType', 'ModuleType', 'NoneType',
           'EllipsisType', 'NotImplementedType', 'TracebackType', 'SimpleNamespace']


def _function():
    pass


def _generator():
    yield 1


class _Class:
    def _method(self):
        pass


FunctionType = type(_function)
LambdaType = type(lambda: None)
CodeType = type(_function.__code__)
GeneratorType = type(_generator())
MethodType = type(_Class()._method)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
ModuleType = type(sys)
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)
try:
    raise TypeError
except TypeError as _e:
    TracebackType = type(_e.__traceback__)


class SimpleNamespace:
    """An object whose attributes are the keyword arguments it was made with."""

    def __init__(self, /, *args, **kwargs):
        if args:
            raise TypeError('no positional arguments expected')
        self.__dict__.update(kwargs)

    def __repr__(self):
        items = ('%s=%r' % (k, v) for k, v in self.__dict__.items())
        name = 'namespace' if type(self) is SimpleNamespace else type(self).__name__
        return '%s(%s)' % (name, ', '.join(items))

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None


del sys, _function, _generator, _Class
