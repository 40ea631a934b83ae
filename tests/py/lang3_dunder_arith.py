# Arithmetic dunders: normal, reflected, in-place, unary
class N:
    def __init__(self, v): self.v = v
    def __repr__(self): return "N(%r)" % (self.v,)
    def __add__(self, o): return N(self.v + (o.v if isinstance(o, N) else o))
    def __radd__(self, o): return N(o + self.v) if o != 0 else self
    def __sub__(self, o): return N(self.v - o)
    def __rsub__(self, o): return N(o - self.v)
    def __mul__(self, o): return N(self.v * o)
    def __rmul__(self, o): return N(o * self.v * 10)
    def __truediv__(self, o): return N(self.v / o)
    def __rtruediv__(self, o): return N(o / self.v)
    def __floordiv__(self, o): return N(self.v // o)
    def __rfloordiv__(self, o): return N(o // self.v)
    def __mod__(self, o): return N(self.v % o)
    def __rmod__(self, o): return N(o % self.v)
    def __pow__(self, o, m=None): return N(pow(self.v, o, m))
    def __rpow__(self, o): return N(o ** self.v)
    def __divmod__(self, o): return divmod(self.v, o)
    def __rdivmod__(self, o): return ("r", divmod(o, self.v))
    def __lshift__(self, o): return N(self.v << o)
    def __rlshift__(self, o): return N(o << self.v)
    def __rshift__(self, o): return N(self.v >> o)
    def __and__(self, o): return N(self.v & o)
    def __or__(self, o): return N(self.v | o)
    def __xor__(self, o): return N(self.v ^ o)
    def __rand__(self, o): return "rand"
    def __ror__(self, o): return "ror"
    def __rxor__(self, o): return "rxor"
    def __matmul__(self, o): return "matmul"
    def __rmatmul__(self, o): return "rmatmul"
    def __neg__(self): return N(-self.v)
    def __pos__(self): return N(+self.v * 2)
    def __abs__(self): return N(abs(self.v))
    def __invert__(self): return N(~self.v)
    def __int__(self): return int(self.v)
    def __float__(self): return float(self.v)
    def __index__(self): return int(self.v)
    def __round__(self, n=None): return "round%r" % (n,)

x = N(7)
print(x + 1, 1 + x, x + N(2), x - 2, 10 - x, x * 3, 3 * x)
print(x / 2, 14 / x, x // 2, 15 // x, x % 4, 30 % x)
print(x ** 2, 2 ** x, pow(x, 2, 5), divmod(x, 2), divmod(20, x))
print(x << 1, 1 << x, x >> 1, x & 3, x | 8, x ^ 1, 1 & x, 1 | x, 1 ^ x)
print(x @ 1, 1 @ x)
print(-x, +x, abs(N(-3)), ~x, int(x), float(x), round(x), round(x, 2))
print([0, 1, 2, 3, 4, 5, 6, 7, 8][x], hex(x), bin(x), oct(x))
print(sum([N(1), N(2), N(3)]))

class I:
    def __init__(self, v): self.v = v
    def __iadd__(self, o):
        self.v += o
        return self
    def __isub__(self, o):
        self.v -= o
        return self
    def __imul__(self, o):
        return "imul-result"
    def __add__(self, o):
        return "plain add"
    def __repr__(self): return "I(%r)" % self.v
i = I(1)
j = i
i += 5
print(i, j, i is j)
i -= 2
print(i)
i *= 3
print(i)
k = I(0)
try:
    k |= 1
except TypeError as e:
    print("TypeError:", e)
try:
    k + "s" if False else I(0) - "s"
except TypeError as e:
    print("TypeError:", e)
try:
    "s" - I(0)
except TypeError as e:
    print("TypeError:", e)
class Sub(N):
    def __radd__(self, o): return "Sub.radd wins"
print(N(1) + Sub(2))
class NI:
    def __add__(self, o): return NotImplemented
    def __radd__(self, o): return "NI.radd"
try:
    print(NI() + NI())
except TypeError as e:
    print("TypeError:", e)
print(1 + NI())
