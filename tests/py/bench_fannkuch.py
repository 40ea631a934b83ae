# args: 7 1
# Fannkuch: for every permutation of 0..n-1, keep reversing the first p[0]+1
# elements until 0 comes first; report the maximum number of flips and an
# alternating-sign checksum. List slicing, reversal and index arithmetic.
# Usage: fannkuch.py [n [repeat]]
import sys


def flips_of(perm):
    p = perm[:]
    flips = 0
    head = p[0]
    while head != 0:
        p[:head + 1] = p[head::-1]
        flips += 1
        head = p[0]
    return flips


def fannkuch(n):
    order = list(range(n))
    counters = [0] * n
    level = n
    most = 0
    checksum = 0
    sign = 1
    while True:
        while level > 1:
            counters[level - 1] = level
            level -= 1
        flips = flips_of(order)
        if flips > most:
            most = flips
        checksum += sign * flips
        sign = -sign
        # Advance to the next permutation: rotate prefixes of growing length.
        while True:
            if level == n:
                return checksum, most
            first = order[0]
            i = 0
            while i < level:
                order[i] = order[i + 1]
                i += 1
            order[level] = first
            counters[level] -= 1
            if counters[level] > 0:
                break
            level += 1


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    for _ in range(repeat):
        checksum, most = fannkuch(n)
    print('%d\nPfannkuchen(%d) = %d' % (checksum, n, most))


main()
