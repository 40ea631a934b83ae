# math.sin/cos/exp/log and max/min of two numbers inside hot loops: the JIT calls the math
# functions directly and compares for max/min; every argument where CPython raises or
# behaves specially (inf, nan, overflow, log of 0, ties of 0.0 and -0.0, bools, mixed
# int/float) must come out exactly as the interpreter says.
import math


def trig(n):
    s = 0.0
    for i in range(n):
        t = i * 0.01
        s += math.sin(t) * math.cos(t * 0.5) + math.exp(-t) + math.log(t + 1.0)
    return s


def apply_all(xs, which):
    # Direct calls (math.f is a guarded global in the trace); the loop runs compiled until an
    # argument leaves the guarded domain, then the interpreter raises or goes on.
    out = []
    for x in xs:
        if which == 0:
            out.append(math.sin(x))
        elif which == 1:
            out.append(math.cos(x))
        elif which == 2:
            out.append(math.exp(x))
        else:
            out.append(math.log(x))
    return out


def guarded(xs, which):
    try:
        return apply_all(xs, which)[-3:]
    except (ValueError, OverflowError) as e:
        return type(e).__name__ + ": " + str(e)


def extremes(pairs):
    out = []
    for a, b in pairs:
        out.append((max(a, b), min(a, b)))
    return out


def running_max(xs):
    best = -1e300
    lo = 1e300
    for x in xs:
        best = max(best, x)
        lo = min(x, lo)
    return best, lo


def main():
    print("%.9f" % trig(3000))
    for special in (float("inf"), -float("inf"), float("nan"), 800.0, 709.5, 0.0, -1.0, 3, 10**30):
        for which in range(4):
            print(which, special, guarded([0.5] * 40 + [special, 0.25], which))
    pairs = [(1.5, 2.5)] * 30 + [(0.0, -0.0), (-0.0, 0.0), (float("nan"), 1.0), (1.0, float("nan")),
                                 (2.0, 2.0), (True, False), (1, 2.0), (3, 2), (-5, -5), (2**70, 1)]
    print(extremes(pairs)[-11:])
    print(running_max([math.sin(i * 0.37) * i for i in range(5000)]))
    print(running_max([(i * 7919) % 1009 - 500 for i in range(5000)]))


main()
