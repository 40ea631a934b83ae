# A web worker's life in miniature: `requests` requests, each doing the same kind of work (an
# integer loop, a float loop over small objects, a call in a loop), timed one by one. Prints the
# microseconds of every request on one line, then a checksum line that must equal CPython's.
# bench/run.py runs it under CPython, pypy3, and pypy-client with a cold and a warm code cache.
import sys
import time


class Point(object):
    def __init__(self, x, y):
        self.x = x
        self.y = y


def scale(p, k):
    return p.x * k + p.y


def handle(seed):
    total = 0
    for i in range(20000):
        if (i + seed) % 7 == 0:
            total += i
        else:
            total -= 1
    pts = [Point(i * 0.5, seed + 1.0) for i in range(200)]
    acc = 0.0
    for k in range(30):
        for p in pts:
            acc += scale(p, 0.25)
    return total + int(acc)


def main():
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 150
    times = []
    check = 0
    for r in range(requests):
        t0 = time.perf_counter()
        check = (check * 31 + handle(r)) % 1000000007
        times.append(time.perf_counter() - t0)
    print(" ".join("%.0f" % (t * 1e6) for t in times))
    print("checksum", check)


main()
