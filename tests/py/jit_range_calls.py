# range(...) called inside compiled loops (one, two and three arguments, negative steps,
# empty ranges, a zero step raising ValueError, big ints left to the interpreter), also
# inside a function the loop inlines.
def fill(buf, n):
    for i in range(n):
        buf[i] = i * i
    return buf


def sums(n):
    total = 0
    for k in range(n):
        for j in range(k % 4):
            total += j
        for j in range(k, k + 3):
            total += j
        for j in range(10, k % 7, -3):
            total -= j
        total += len(fill([0] * 4, k % 5))
    return total


def steps(n):
    out = 0
    for k in range(n):
        step = (k % 5) - 2
        try:
            out += sum(range(0, 20, step))
        except ValueError as e:
            out += 1000
            last = str(e)
    return out, last


def big(n):
    acc = 0
    for k in range(n):
        base = 2 ** 62 - 5 if k % 10 == 0 else k
        for x in range(base, base + 2):
            acc += x % 7
    return acc


print(sums(500))
print(steps(300))
print(big(200))
