# Inner loops that run one or two iterations per entry, entered many thousands of times: the
# JIT leaves such a loop to the interpreter after a window of entries (its code costs more to
# enter than it saves). Whatever it decides, the results are the interpreter's.
def countdown(level, counters):
    while level > 1:
        counters[level - 1] = level
        level -= 1
    return level


def main():
    counters = [0] * 8
    total = 0
    for round in range(30000):
        total += countdown(1 + round % 3, counters)
        total += counters[1] + counters[2]
    print(total, counters)
    # A loop that turns short half-way: long runs first, then one iteration per entry.
    acc = 0
    for n in range(20000):
        k = 50 if n < 100 else 1
        j = 0
        while j < k:
            acc += j ^ n
            j += 1
    print(acc)


main()
