# try/finally across return/break/continue, else clauses
def f1():
    try:
        return "try"
    finally:
        print("f1 finally")
print(f1())

def f2():
    try:
        return "try"
    finally:
        return "finally wins"
print(f2())

def f3():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("fin", i)
    return i
print(f3())

def f4():
    try:
        raise ValueError("lost")
    finally:
        return "swallow"
print(f4())

def f5():
    x = []
    try:
        x.append(1)
        return x
    finally:
        x.append(2)
print(f5())

def f6(v):
    try:
        r = 10 / v
    except ZeroDivisionError:
        print("except")
        return "zero"
    else:
        print("else")
        return r
    finally:
        print("finally", v)
print(f6(2), f6(0))

def f7():
    while True:
        try:
            try:
                break
            finally:
                print("inner fin")
        finally:
            print("outer fin")
    return "out"
print(f7())

def f8():
    for i in range(3):
        try:
            pass
        finally:
            if i == 1:
                break
    return i
print(f8())

def f9():
    n = 0
    while n < 3:
        n += 1
        try:
            if n == 2:
                continue
        finally:
            print("f9 fin", n)
    else:
        print("while else")
f9()

for i in []:
    pass
else:
    print("for else on empty")
for i in range(3):
    if i == 5:
        break
else:
    print("for else no break")

def f10():
    try:
        try:
            raise KeyError("x")
        finally:
            print("cleanup runs before handler")
    except KeyError as e:
        return "handled %r" % e
print(f10())
