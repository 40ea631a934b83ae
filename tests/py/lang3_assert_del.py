# assert and del of names, attributes, items, slices
assert True
assert 1 == 1, "never"
try:
    assert 1 == 2, "math is broken: %d" % 3
except AssertionError as e:
    print("AssertionError:", e, e.args)
try:
    assert []
except AssertionError as e:
    print("AssertionError no msg", e.args)
try:
    assert False, ["list", "msg"]
except AssertionError as e:
    print(e.args)

x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)

def local_del():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)
print(local_del())

class O: pass
o = O()
o.a = 1
o.b = 2
del o.a
print(vars(o))

lst = list(range(10))
del lst[0]
del lst[-1]
print(lst)
del lst[1:3]
print(lst)
del lst[::2]
print(lst)
del lst[:]
print(lst)

d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)

a, b, c = 1, 2, 3
del a, b
print(c, "a" in dir(), "b" in dir())
lst = [[1, 2], [3, 4]]
del lst[0][1], lst[1]
print(lst)
try:
    del lst[5]
except IndexError as e:
    print("IndexError:", e)
t = (1, 2)
try:
    del t[0]
except TypeError as e:
    print("TypeError:", e)
s = "abc"
try:
    del s[0]
except TypeError as e:
    print("TypeError:", e)
try:
    del undefined_name
except NameError as e:
    print("NameError:", e)
ba = bytearray(b"hello")
del ba[1:3]
print(ba)
