# abs, divmod, pow, round, bin/oct/hex, chr/ord, sum, min, max


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)


print(abs(-5), abs(5), abs(-2**70), abs(-1.5), abs(True), abs(0))
show("abs str", lambda: abs("a"))
print(divmod(7, 2), divmod(-7, 2), divmod(7, -2), divmod(2**70, 3), divmod(7.5, 2), divmod(-7, 2.0))
show("divmod zero", lambda: divmod(1, 0))
show("divmod str", lambda: divmod("a", 1))
print(pow(2, 10), pow(2, -1), pow(3, 4, 5), pow(2, 100, 1000), pow(-2, 3, 7), pow(3, -1, 7), pow(2.0, 3))
print(pow(base=2, exp=5), pow(2, 5, mod=3), pow(2, 5, None))
show("pow mod 0", lambda: pow(2, 3, 0))
show("pow float mod", lambda: pow(2.0, 3, 5))
show("pow not inv", lambda: pow(2, -1, 4))
show("pow none", lambda: pow())
print(round(2.5), round(3.5), round(-0.5), round(1234, -2), round(1250, -2), round(1350, -2), round(7),
      round(7, 2), round(2.675, 2), round(1.5, None), round(-15, -1))
show("round str", lambda: round("a"))
show("round ndigits str", lambda: round(1.5, "a"))


class R:
    def __round__(self, n=None):
        return ("rounded", n)


print(round(R()), round(R(), 3))
print(bin(10), bin(-10), bin(0), oct(8), oct(-8), hex(255), hex(-255), hex(2**70), bin(True))
show("bin float", lambda: bin(1.5))


class I:
    def __index__(self):
        return 42


print(bin(I()), hex(I()), oct(I()), chr(I()))
print(chr(65), chr(233), chr(0x20AC), chr(0x1F600), ord("A"), ord("é"), ord("😀"), ord(b"a"), ord(bytearray(b"z")))
show("chr neg", lambda: chr(-1))
show("chr big", lambda: chr(0x110000))
show("chr huge", lambda: chr(2**70))
show("chr float", lambda: chr(1.5))
show("ord 2", lambda: ord("ab"))
show("ord empty", lambda: ord(""))
show("ord int", lambda: ord(1))
show("ord bytes2", lambda: ord(b"ab"))
print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.5, 0.25]), sum([1, 0.5, 2]), sum([], 5), sum([2**62, 2**62, 2**62]))
print(sum([[1], [2]], []), sum(((1,), (2,)), ()), sum([True, True, 1]), sum(x * 0.1 for x in range(10)))
print(sum([1.5, 2**70]), sum([10**20, 0.5]), sum(iter([1, 2]), start=3))
show("sum str", lambda: sum(["a"], ""))
show("sum bytes", lambda: sum([b"a"], b""))
show("sum mixed", lambda: sum([1, "a"]))
show("sum noarg", lambda: sum())
print(max(3, 1, 2), min(3, 1, 2), max([4, 9, 2]), min("hello"), max("a", "bc", key=len), min([], default="d"))
print(max([3, 1, 3], key=lambda x: -x), min([(1, "b"), (1, "a")]), max(iter([1, 5, 2])), max([1, 2], key=None))
print(max([1, 1.0]), max([1.0, 1]), min([2, 1, 1.0]), max(x % 7 for x in range(20)))
show("max empty", lambda: max([]))
show("min empty", lambda: min(()))
show("max none", lambda: max())
show("max int", lambda: max(1))
show("max default multi", lambda: max(1, 2, default=3))
show("max badkw", lambda: max([1], foo=1))
show("max mixed", lambda: max([1, "a"]))
show("min key noncallable", lambda: min(1, 2, key=1))
