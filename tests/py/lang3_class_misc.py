# class features ordinary code uses
class Account:
    interest = 0.02
    _count = 0
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        Account._count += 1
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount
        return self
    def __repr__(self):
        return f"{type(self).__name__}({self.owner!r}, {self.balance})"
    def __eq__(self, other):
        if not isinstance(other, Account):
            return NotImplemented
        return (self.owner, self.balance) == (other.owner, other.balance)
    __hash__ = None
class Savings(Account):
    interest = 0.05
    def add_interest(self):
        self.balance += self.balance * self.interest
a = Account("ann").deposit(10).deposit(5)
s = Savings("sam", 100)
s.add_interest()
print(a, s, Account._count, s.interest, Account.interest, a == Account("ann", 15), a == 1)
a.interest = 0.5
print(a.interest, Account.interest, "interest" in vars(a))
del a.interest
print(a.interest)
try:
    hash(a)
except TypeError as e:
    print("TypeError:", e)
try:
    a.deposit(-1)
except ValueError as e:
    print("ValueError:", e)
print(Savings.__name__, Savings.__qualname__, Savings.__module__, Savings.__base__.__name__, type(s).__mro__[1].__name__)
print(isinstance(s, (int, Account)), type(s) == Account, issubclass(Savings, (str, Account)), type(Account).__name__)
class Outer:
    class Inner:
        def m(self):
            pass
print(Outer.Inner.__qualname__, Outer.Inner.m.__qualname__, Outer.Inner().m.__func__.__name__)
m = s.deposit
print(m.__self__ is s, m.__name__, m(1).balance, Account.deposit(s, 1).balance)
class Abstract:
    def area(self):
        raise NotImplementedError("subclass must implement")
try:
    Abstract().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
class Counter:
    instances = []
    def __new__(cls, *a):
        inst = super().__new__(cls)
        cls.instances.append(a)
        return inst
    def __init__(self, v):
        self.v = v
Counter(1); Counter(2)
print(Counter.instances)
class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["tag"] = name.lower()
        return super().__new__(mcls, name, bases, ns)
class Tagged(metaclass=Meta):
    pass
print(Tagged.tag, type(Tagged).__name__)
print(getattr(s, "owner"), setattr(s, "owner", "z"), s.owner, hasattr(s, "add_interest"))
class Empty: pass
e = Empty()
print(vars(e), e.__dict__ == {}, Empty.__doc__, bool(e))
print(Account.__init__.__name__, str(type(a)), repr(Account), int.__name__, object.__name__)
