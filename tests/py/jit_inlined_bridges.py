# Side exits inside functions the loop's trace inlined: their bridges start in the callee's
# frame (the caller's frame below it), run to the callee's return and on round the loop.
# Paths taken by turns, values that change type, a bridge inside a bridge, and an exception
# raised from inside the inlined call: the results must stay CPython's.
class Task:
    def __init__(self, kind):
        self.kind = kind
        self.count = 0

    def step(self, i):
        if self.kind == 0:
            self.count += i % 7
        elif self.kind == 1:
            self.count -= 1
        else:
            self.count += helper(i)
        return self.count


def helper(i):
    if i % 3 == 0:
        return 2
    return -1 if i % 2 else 1


def classify(x):
    if isinstance(x, int):
        return x * 2
    if isinstance(x, float):
        return x / 2
    return len(x)


def run(n):
    tasks = [Task(k % 3) for k in range(5)]
    total = 0
    for i in range(n):
        t = tasks[i % 5]
        total += t.step(i)
    return total, [t.count for t in tasks]


def mixed(n):
    items = [1, 2.5, "abc", 4, 7.0, "xy"]
    acc = 0.0
    for i in range(n):
        acc += classify(items[i % 6])
    return acc


def guarded(v):
    if v > 1000:
        raise ValueError("too big: %d" % v)
    return v + 1


def until_error(n):
    v = 0
    try:
        for i in range(n):
            v = guarded(v + i % 5)
    except ValueError as e:
        return "stopped at %d: %s" % (i, e)
    return v


print(run(3000))
print(mixed(2000))
print(until_error(5000))
