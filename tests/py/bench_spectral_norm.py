# args: 40
# Spectral norm of the infinite matrix A(i, j) = 1 / ((i+j)(i+j+1)/2 + i + 1),
# truncated to N x N, by power iteration on A^T A. Nested float loops.
import sys
import math


def entry(i, j):
    s = i + j
    return 1.0 / (s * (s + 1) // 2 + i + 1)


def times(vec, n):
    out = []
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += entry(i, j) * vec[j]
        out.append(acc)
    return out


def times_transposed(vec, n):
    out = []
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += entry(j, i) * vec[j]
        out.append(acc)
    return out


def times_ata(vec, n):
    return times_transposed(times(vec, n), n)


def spectral_norm(n, rounds=10):
    u = [1.0] * n
    v = u
    for _ in range(rounds):
        v = times_ata(u, n)
        u = times_ata(v, n)
    vbv = 0.0
    vv = 0.0
    for a, b in zip(u, v):
        vbv += a * b
        vv += b * b
    return math.sqrt(vbv / vv)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    print('%.9f' % spectral_norm(n))


main()
