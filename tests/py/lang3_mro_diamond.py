# C3 MRO and diamond super() chains
class A:
    def who(self):
        return ["A"]
class B(A):
    def who(self):
        return ["B"] + super().who()
class C(A):
    def who(self):
        return ["C"] + super().who()
class D(B, C):
    def who(self):
        return ["D"] + super().who()

print([k.__name__ for k in D.__mro__])
print(D().who())
print([k.__name__ for k in D.mro()])
print(D.__bases__ == (B, C))
print(issubclass(D, A), isinstance(D(), C))

class O: pass
class F(O): pass
class E(O): pass
class Dd(O): pass
class Cc(Dd, F): pass
class Bb(Dd, E): pass
class Aa(Bb, Cc, E): pass
print([k.__name__ for k in Aa.__mro__])

try:
    class Bad(A, B): pass
except TypeError as e:
    print("TypeError:", e)

class Init:
    def __init__(self):
        print("Init.__init__")
class L(Init):
    def __init__(self):
        print("L.__init__")
        super().__init__()
class R(Init):
    def __init__(self):
        print("R.__init__")
        super().__init__()
class M(L, R):
    def __init__(self):
        print("M.__init__")
        super().__init__()
M()

# super with explicit args
class X(B, C):
    def who(self):
        return super(B, self).who()
print(X().who())
print(super(D, D()).who())

# attribute lookup order with class attrs
class P1: v = 1
class P2: v = 2
class Q(P1, P2): pass
class Q2(P2, P1): pass
print(Q.v, Q2.v)
