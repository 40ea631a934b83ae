# math module: values, special cases and CPython 3.11's error messages.
import math


def show(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


class Flt:
    def __float__(self):
        return 2.25


class Idx:
    def __index__(self):
        return 7


class Floors:
    def __floor__(self):
        return "floor!"

    def __ceil__(self):
        return "ceil!"

    def __trunc__(self):
        return "trunc!"


print("constants", math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
big = 10 ** 400

# functions of one float
for name in ["sqrt", "exp", "exp2", "expm1", "log1p", "cbrt", "sin", "cos", "tan", "asin", "acos",
             "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "fabs", "degrees",
             "radians", "erf", "erfc", "log2", "log10"]:
    f = getattr(math, name)
    for x in [0.5, 2, -1.5, 0.0, -0.0, True, 1e300, math.inf, -math.inf, math.nan, big, Flt(), Idx(), "s", None]:
        show(name + " " + repr(x) if not isinstance(x, (Flt, Idx)) else name + " obj", lambda: f(x))

# log with and without base, big ints beyond float range
for args in [(1,), (math.e,), (0,), (-1,), (0.0,), (big,), (-big,), (2 ** 5000,), (8, 2), (100, 10),
             (1, 1), (1, 0), (big, 10 ** 300), (10, big), (False,), (True, 2), ("a",)]:
    show("log" + repr(args)[:40], lambda: math.log(*args))
show("log2 2**2000", lambda: math.log2(2 ** 2000))
show("log10 10**400", lambda: math.log10(10 ** 400))
show("log10 3*10**500", lambda: math.log10(3 * 10 ** 500))
show("log 2**1024-1", lambda: math.log(2 ** 1024 - 1))
show("log 2**1100+1", lambda: math.log(2 ** 1100 + 1))

# two-argument float functions
for name in ["atan2", "copysign", "fmod", "remainder", "pow", "nextafter"]:
    f = getattr(math, name)
    for a, b in [(1, 2), (-3.5, 2), (0.0, -0.0), (-0.0, 0.0), (5, 0), (0, -1), (-1, 0.5), (10, 400),
                 (math.inf, 2), (2, math.inf), (math.inf, -3), (-math.inf, 3), (math.nan, 0),
                 (1, math.nan), (0.5, -math.inf), (-1, math.inf), (math.inf, math.inf), (1e308, 10)]:
        show(name + " " + repr((a, b)), lambda: f(a, b))
show("pow str", lambda: math.pow("a", 1))

# rounding to int
for name in ["floor", "ceil", "trunc"]:
    f = getattr(math, name)
    for x in [2.5, -2.5, 3, True, big, -0.5, 1e20, math.inf, math.nan, Flt(), Floors(), "s"]:
        show(name + " " + type(x).__name__ + " " + (repr(x) if not isinstance(x, (Flt, Floors)) else ""), lambda: f(x))

# decomposition
for x in [8.0, -0.3, 0.0, 1e-320, math.inf, -math.inf, math.nan, 5]:
    show("frexp " + repr(x), lambda: math.frexp(x))
    show("modf " + repr(x), lambda: math.modf(x))
for x, i in [(1.0, 3), (0.75, -2), (1.0, 1024), (1.0, 10 ** 100), (1.0, -10 ** 100), (0.0, 10 ** 100),
             (math.inf, -5), (1.0, 1.5), (1.0, True), (5, -1075)]:
    show("ldexp " + repr((x, i))[:30], lambda: math.ldexp(x, i))
for x in [1.0, 0.0, -2.0, 1e308, math.inf, math.nan, 5e-324]:
    show("ulp " + repr(x), lambda: math.ulp(x))

# classification and isclose
for x in [1, 1.5, math.inf, -math.inf, math.nan, big]:
    show("isnan/isinf/isfinite " + repr(x)[:10], lambda: (math.isnan(x), math.isinf(x), math.isfinite(x)))
show("isclose 1", lambda: math.isclose(1.0, 1.0 + 1e-10))
show("isclose 2", lambda: math.isclose(1.0, 1.1))
show("isclose 3", lambda: math.isclose(1.0, 1.1, rel_tol=0.2))
show("isclose 4", lambda: math.isclose(0.0, 1e-12, abs_tol=1e-11))
show("isclose 5", lambda: math.isclose(math.inf, math.inf))
show("isclose 6", lambda: math.isclose(math.inf, -math.inf, abs_tol=math.inf))
show("isclose 7", lambda: math.isclose(math.nan, math.nan))
show("isclose 8", lambda: math.isclose(a=1, b=1))
show("isclose neg", lambda: math.isclose(1, 2, rel_tol=-1))
show("isclose 3pos", lambda: math.isclose(1, 2, 3))
show("isclose 5pos", lambda: math.isclose(1, 2, 3, 4, 5))
show("isclose missing", lambda: math.isclose(1))
show("isclose badkw", lambda: math.isclose(1, 2, zz=1))
show("isclose dup", lambda: math.isclose(1, b=2, a=3))

# norms
show("hypot", lambda: math.hypot(3, 4))
show("hypot 0", lambda: math.hypot())
show("hypot 1", lambda: math.hypot(-3))
show("hypot 3d", lambda: math.hypot(1, 2, 3))
show("hypot many", lambda: math.hypot(*range(40)))
show("hypot big", lambda: math.hypot(1e308, 1e308))
show("hypot tiny", lambda: math.hypot(5e-324, 5e-324))
show("hypot inf nan", lambda: math.hypot(3, math.nan, math.inf))
show("hypot nan", lambda: math.hypot(3, math.nan))
show("hypot odd", lambda: math.hypot(1.1, 2.3, 0.7))
show("hypot str", lambda: math.hypot(1, "a"))
show("hypot kw", lambda: math.hypot(x=1))
show("dist", lambda: math.dist((1, 2), (4, 6)))
show("dist lists", lambda: math.dist([0, 0, 0], [1, 1, 1]))
show("dist gen", lambda: math.dist(iter([1.5]), (0.5,)))
show("dist mismatch", lambda: math.dist([1], [1, 2]))
show("dist int", lambda: math.dist(1, 2))
show("dist str", lambda: math.dist([1, "a"], [1, 2]))
show("dist kw", lambda: math.dist(p=1, q=2))

# fsum and prod
show("fsum tenths", lambda: math.fsum([0.1] * 10))
show("sum tenths", lambda: sum([0.1] * 10))
show("fsum cancel", lambda: math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
show("fsum halfeven", lambda: math.fsum([1e-16, 1, 1e16]))
show("fsum ints", lambda: math.fsum(range(1000)))
show("fsum empty", lambda: math.fsum([]))
show("fsum many", lambda: math.fsum([1.0 / n for n in range(1, 2000)]))
show("fsum overflow", lambda: math.fsum([1e308, 1e308]))
show("fsum inf", lambda: math.fsum([math.inf, 1.0]))
show("fsum inf-inf", lambda: math.fsum([math.inf, -math.inf]))
show("fsum nan", lambda: math.fsum([math.nan, 1.0]))
show("fsum str", lambda: math.fsum([1, "a"]))
show("fsum int", lambda: math.fsum(1))
show("fsum bigint", lambda: math.fsum([big]))
show("prod", lambda: math.prod([1, 2, 3, 4]))
show("prod start", lambda: math.prod([1, 2], start=5))
show("prod floats", lambda: math.prod([0.5, 3, 2.5]))
show("prod big", lambda: math.prod(range(1, 30)))
show("prod empty", lambda: math.prod([]))
show("prod str", lambda: math.prod(["a", 3]))
show("prod startstr", lambda: math.prod([], start="a"))
show("prod none", lambda: math.prod())
show("prod 2pos", lambda: math.prod([1], 2))
show("prod 3", lambda: math.prod([1], 2, 3))
show("prod badkw", lambda: math.prod([1], zz=2))
show("prod kwonly", lambda: math.prod(iterable=[1]))

# integer functions
for args in [(), (12,), (-12,), (12, 18), (-12, 18), (0, 0), (0, -5), (12, 18, 8), (2 ** 100, 2 ** 80 * 3),
             (big, 10 ** 300 * 7), (True, 4), (1.5,), ("a", 2), (Idx(), 14)]:
    label = repr([a if not isinstance(a, Idx) else "Idx" for a in args])[:30]
    show("gcd" + label, lambda: math.gcd(*args))
    show("lcm" + label, lambda: math.lcm(*args))
for n in [0, 1, 5, 20, 21, 25, 100, True, -1, 1.5, 2.0, "a", 10 ** 30, -10 ** 30, Idx()]:
    show("factorial " + repr(n)[:20], lambda: math.factorial(n))
f3000 = math.factorial(3000)
print("factorial 3000", f3000.bit_length(), f3000 % (10 ** 9 + 7), f3000 % (2 ** 61 - 1))
f1000 = 1
for i in range(1, 1001):
    f1000 *= i
print("factorial 1000 matches", math.factorial(1000) == f1000)
for args in [(5, 2), (5, 0), (5, 5), (5, 6), (10, 3), (100, 50), (10 ** 20, 2), (10 ** 30, 3), (-1, 2),
             (1, -2), (5.0, 2), (5, None), (True, True), (10 ** 20, 10 ** 19), (10 ** 20, 10 ** 20 - 2)]:
    show("comb" + repr(args)[:40], lambda: math.comb(*args))
    show("perm" + repr(args)[:40], lambda: math.perm(*args))
show("perm 1", lambda: math.perm(6))
show("perm neg 1", lambda: math.perm(-6))
show("comb 1", lambda: math.comb(5))
print("comb 1000 500", math.comb(1000, 500) % 1000000007)
for n in [0, 1, 3, 4, 15, 16, 17, 99, 10 ** 30, 2 ** 64 - 1, 2 ** 64, 2 ** 62, 2 ** 62 - 1, True,
          10 ** 100 + 12345, -1, -10 ** 30, 1.0, Idx()]:
    show("isqrt " + repr(n)[:20], lambda: math.isqrt(n))
ok = True
for k in range(1, 400):
    n = 3 ** k + k
    r = math.isqrt(n)
    ok = ok and r * r <= n < (r + 1) * (r + 1)
print("isqrt powers ok", ok)

# gamma family (values exact at small integers)
for x in [1, 5, 10.0, 0, -1, -2.0, 200, math.inf, -math.inf, math.nan]:
    show("gamma " + repr(x), lambda: math.gamma(x))
    show("lgamma " + repr(x), lambda: math.lgamma(x))

# argument-count errors
show("sqrt()", lambda: math.sqrt())
show("sqrt kw", lambda: math.sqrt(x=1))
show("pow 1", lambda: math.pow(1))
show("pow kw", lambda: math.pow(x=1, y=2))
show("log()", lambda: math.log())
show("log 3", lambda: math.log(1, 2, 3))
show("log kw", lambda: math.log(x=1))
show("gcd kw", lambda: math.gcd(a=1))
show("perm 0", lambda: math.perm())
show("perm 3", lambda: math.perm(1, 2, 3))
show("floor 0", lambda: math.floor())
show("atan2 1", lambda: math.atan2(1))
