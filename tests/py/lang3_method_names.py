# Error messages name a built-in method by its class, as CPython 3.11 does; int has no
# is_integer before Python 3.12.
from collections import Counter, defaultdict


def attempt(fn):
    try:
        fn()
    except TypeError as e:
        print("TypeError:", e)


attempt(lambda: (1).bit_length(1))
attempt(lambda: (1).bit_count(2))
attempt(lambda: (3).as_integer_ratio(0))
attempt(lambda: (4).conjugate(1))
attempt(lambda: [].append())
attempt(lambda: Counter("ab").elements(1))
attempt(lambda: defaultdict(int).__missing__(1, 2))
print(hasattr(1, "is_integer"), hasattr(1.0, "is_integer"), Counter.elements.__qualname__)
for args in (([], "s", 1), (2, 3.0, 5), (2, 3, "m"), (2, 10, 7), (2.0, 2, 3)):
    try:
        print(pow(*args))
    except TypeError as e:
        print("TypeError:", e)
c = Counter("hello")
attempt(lambda: c.most_common("x"))
print(c.most_common(-5), c.most_common(200)[:2], c.most_common(1))
