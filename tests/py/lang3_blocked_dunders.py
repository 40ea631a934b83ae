# A dunder set to None blocks the operation (CPython: calling None raises TypeError), also
# when the base class defines it; and a hash of None makes instances unhashable.
class SupEq(object):
    def __eq__(self, other):
        return True


class S(SupEq):
    __eq__ = None


class X(object):
    __eq__ = None


class XN:
    def __eq__(self, other):
        return True
    __ne__ = None


class NoLen:
    __len__ = None


class NoIter:
    __iter__ = None


class NoHash:
    __hash__ = None


def attempt(label, fn):
    try:
        print(label, fn())
    except TypeError as e:
        print(label, "TypeError:", e)


e, s, x = SupEq(), S(), X()
attempt("e == e", lambda: e == e)
for name, a, b in (("s == s", s, s), ("x == x", x, x), ("e == s", e, s), ("s == e", s, e), ("x == e", x, e)):
    attempt(name, lambda: a == b)
attempt("xn != xn", lambda: XN() != XN())
attempt("xn == xn", lambda: XN() == XN())
attempt("x != x", lambda: x != x)
attempt("len", lambda: len(NoLen()))
attempt("iter", lambda: list(NoIter()))
attempt("hash", lambda: hash(NoHash()))
attempt("in set", lambda: NoHash() in {1, 2})
