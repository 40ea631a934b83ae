# args: 6
# N-queens by brute force over permutations produced by a recursive generator,
# plus a generator-based backtracking solver; both must agree on the count.
import sys


def permutations(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for tail in permutations(rest):
            yield [items[i]] + tail


def queens_by_permutation(n):
    rows = range(n)
    for cols in permutations(list(rows)):
        if len(set(cols[r] + r for r in rows)) == n and \
           len(set(cols[r] - r for r in rows)) == n:
            yield tuple(cols)


def queens_by_backtracking(n, placed=()):
    row = len(placed)
    if row == n:
        yield placed
        return
    for col in range(n):
        safe = True
        for r, c in enumerate(placed):
            if c == col or row - r == abs(col - c):
                safe = False
                break
        if safe:
            for solution in queens_by_backtracking(n, placed + (col,)):
                yield solution


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    brute = list(queens_by_permutation(n))
    smart = list(queens_by_backtracking(n))
    assert sorted(brute) == sorted(smart)
    deeper = sum(1 for _ in queens_by_backtracking(n + 2))
    print('%d-queens: %d solutions, first %s, last %s' % (n, len(brute), brute[0], brute[-1]))
    print('%d-queens: %d solutions' % (n + 2, deeper))


main()
