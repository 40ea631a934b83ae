# Scoping corner cases: closures over loop variables, class scopes, comprehension scopes.
x = 'global'
def f():
    x = 'local'
    def g():
        return x
    return g()
print(f(), x)

class C:
    y = 1
    z = [y * i for i in range(3)] if False else None
    def m(self):
        return C.y
print(C().m(), C.z)

funcs = []
for i in range(3):
    funcs.append(lambda: i)
print([fn() for fn in funcs])

def outer():
    v = 0
    def bump():
        nonlocal v
        v += 1
    for _ in range(5):
        bump()
    return v
print(outer())

def shadow():
    try:
        print(undefined_later)
    except NameError as e:
        print('NameError:', e)
    try:
        loc += 1
    except UnboundLocalError as e:
        print('UnboundLocalError:', e)
    loc = 1
shadow()
total = 0
def add_global(n):
    global total
    total += n
for k in range(4):
    add_global(k)
print(total)
print([(a, b) for a in range(3) for b in range(a)])
