# user exception hierarchies, args/str/repr, except ordering and tuples
class AppError(Exception):
    """base"""
class NotFound(AppError):
    def __init__(self, key):
        super().__init__("missing: %s" % key)
        self.key = key
class Invalid(AppError, ValueError):
    pass
class WithStr(AppError):
    def __str__(self):
        return "custom str"

for exc in (NotFound("k"), Invalid("v", 2), WithStr(1, 2), AppError()):
    try:
        raise exc
    except NotFound as e:
        print("NotFound", e, e.key, e.args, repr(e))
    except ValueError as e:
        print("ValueError-branch", e, e.args, repr(e))
    except AppError as e:
        print("AppError", str(e), repr(e), e.args)

print([c.__name__ for c in Invalid.__mro__])
print(issubclass(NotFound, Exception), issubclass(NotFound, BaseException), issubclass(KeyboardInterrupt, Exception))
try:
    raise Invalid("x")
except (KeyError, ValueError) as e:
    print("tuple caught", type(e).__name__)

class E2(Exception):
    def __init__(self, a, b):
        self.a, self.b = a, b
e = E2(1, 2)
print(e.args, str(e), repr(e))

print(str(Exception()), repr(Exception()), str(Exception("one")), str(Exception(1, 2)))
print(repr(KeyError("k")), str(KeyError("k")), str(KeyError()), str(KeyError(1, 2)))
print(isinstance(LookupError(), Exception), issubclass(KeyError, LookupError), issubclass(IndexError, LookupError))
print(issubclass(FileNotFoundError, OSError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(UnicodeDecodeError, ValueError))
print(issubclass(ModuleNotFoundError, ImportError), issubclass(RecursionError, RuntimeError), issubclass(NotImplementedError, RuntimeError))
print(StopIteration(5).value, SystemExit(3).code, OSError(2, "No such file").errno, OSError(2, "x").strerror)

try:
    raise NotFound
except TypeError as e:
    print("TypeError:", e)

try:
    raise 5
except TypeError as e:
    print("TypeError:", e)

try:
    try:
        raise AppError("inner")
    except KeyError:
        print("wrong")
except AppError as e:
    print("propagated", e)

def catch_base():
    try:
        raise SystemExit(7)
    except Exception:
        return "exception"
    except BaseException as b:
        return "base %s" % b.code
print(catch_base())
e = AppError("a")
e.note = "extra"
print(e.note, e.args)
