# types: the built-in types by name, and SimpleNamespace.
import types


def f():
    pass


def g():
    yield 1


class C:
    def m(self):
        pass


print(isinstance(f, types.FunctionType), isinstance(lambda: 0, types.LambdaType),
      isinstance(g(), types.GeneratorType), isinstance(C().m, types.MethodType),
      isinstance(len, types.BuiltinFunctionType), isinstance(types, types.ModuleType),
      isinstance(None, types.NoneType), isinstance(f.__code__, types.CodeType))
print(types.FunctionType.__name__, types.ModuleType.__name__, types.NoneType.__name__)
ns = types.SimpleNamespace(a=1, b="two")
ns.c = [3]
print(ns, ns.a, ns.c, vars(ns))
print(ns == types.SimpleNamespace(a=1, b="two", c=[3]), ns == types.SimpleNamespace(a=1))
print(types.SimpleNamespace(y=2), types.SimpleNamespace())
for bad in (lambda: types.SimpleNamespace({"x": 1}), lambda: hash(ns)):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", str(e).replace("types.", ""))
del ns.b
print(ns, hasattr(ns, "b"))
