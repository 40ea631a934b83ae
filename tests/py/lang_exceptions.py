# Exceptions: try/except/else/finally, raise, custom classes, hierarchy, chaining.
def risky(n):
    if n == 0:
        raise ValueError('zero!')
    if n == 1:
        return 1 / 0
    return n

for n in range(3):
    try:
        r = risky(n)
    except ValueError as e:
        print('ValueError', e)
    except ZeroDivisionError as e:
        print('ZeroDivisionError', e)
    else:
        print('ok', r)
    finally:
        print('finally', n)

class MyError(Exception):
    def __init__(self, code):
        super().__init__('code %d' % code)
        self.code = code

try:
    raise MyError(42)
except Exception as e:
    print(type(e).__name__, e, e.code, e.args)

def f():
    try:
        return 'try'
    finally:
        print('cleanup')
print(f())

def g():
    for i in range(5):
        try:
            if i == 2:
                break
        finally:
            print('fin', i)
    return i
print(g())

try:
    try:
        {}['missing']
    except KeyError as e:
        raise RuntimeError('wrapped') from e
except RuntimeError as e:
    print(e, repr(e.__cause__))

try:
    try:
        [][1]
    except IndexError:
        int('x')
except ValueError as e:
    print(e, type(e.__context__).__name__)

try:
    undefined_name
except NameError as e:
    print(e)

try:
    None.attr
except AttributeError as e:
    print(e)

try:
    'a' + 1
except TypeError as e:
    print(e)

def deep(n):
    return deep(n + 1)
try:
    deep(0)
except RecursionError as e:
    print('RecursionError', e)

try:
    assert 1 == 2, 'math is broken'
except AssertionError as e:
    print('assert', e)

print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError))
try:
    raise
except RuntimeError as e:
    print(e)
