# exception chaining: raise from, __cause__, __context__, __suppress_context__
def show(e):
    print(type(e).__name__, e.args,
          "cause=%r" % (e.__cause__,),
          "context=%r" % (e.__context__,),
          "suppress=%r" % (e.__suppress_context__,))

try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise ValueError("bad") from z
except ValueError as e:
    show(e)

try:
    try:
        {}["k"]
    except KeyError:
        raise RuntimeError("during handling")
except RuntimeError as e:
    show(e)

try:
    try:
        int("x")
    except ValueError:
        raise TypeError("clean") from None
except TypeError as e:
    show(e)

try:
    raise IndexError("i") from KeyError("k")
except IndexError as e:
    show(e)

try:
    raise IndexError from ValueError
except IndexError as e:
    show(e)

try:
    raise ValueError("x") from 5
except TypeError as e:
    print("TypeError:", e)

# context set implicitly in finally
try:
    try:
        raise KeyError("a")
    finally:
        raise OSError("b")
except OSError as e:
    show(e)

# re-raise keeps the object
try:
    try:
        raise ValueError("orig")
    except ValueError as e:
        err = e
        raise
except ValueError as e2:
    print(e2 is err)

# nested: exception in except that catches its own
def f():
    try:
        raise KeyError(1)
    except KeyError:
        try:
            raise ValueError(2)
        except ValueError as v:
            return v
v = f()
show(v)

e = ValueError("manual")
e.__cause__ = KeyError("m")
print(e.__suppress_context__, repr(e.__cause__))
e2 = Exception("with_tb")
print(e2.__traceback__, e2.with_traceback(None) is e2)

# exception variable is deleted after except
try:
    raise ValueError
except ValueError as gone:
    pass
try:
    gone
except NameError as ne:
    print("NameError:", ne)
