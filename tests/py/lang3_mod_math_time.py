# math, time
import math, time
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.isnan(math.nan))
print(math.sqrt(16), math.sqrt(2), math.pow(2, 10), math.exp(1), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), round(math.sin(math.pi / 2), 10), math.atan2(1, 1), math.hypot(3, 4), math.degrees(math.pi), math.radians(180))
print(math.floor(3.7), math.ceil(3.2), math.trunc(-3.7), math.fabs(-2), math.factorial(10), math.gcd(12, 18), math.lcm(4, 6))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1.0), math.isinf(math.inf), math.copysign(3, -1), math.fmod(7, 3), math.modf(3.5))
print(math.comb(5, 2), math.perm(5, 2), math.prod([1, 2, 3, 4]), math.isqrt(17), math.dist((0, 0), (3, 4)), math.frexp(8.0), math.ldexp(0.5, 4))
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.log(0)
except ValueError as e:
    print("ValueError:", e)
try:
    math.factorial(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.exp(1000)
except OverflowError as e:
    print("OverflowError:", e)
t0 = time.time()
p0 = time.perf_counter()
time.sleep(0.01)
p1 = time.perf_counter()
print(type(t0).__name__, t0 > 1.6e9, p1 - p0 >= 0.005, time.monotonic() > 0, type(time.time_ns()).__name__)
print(time.time() >= t0)
