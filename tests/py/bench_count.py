# args: 200000
# Count how many numbers below N are multiples of 5 and how many are not.
# A tight integer loop with one branch: the smallest possible JIT warm-up test.
import sys


def count_mult_of_5(limit):
    mult = 0
    not_mult = 0
    for i in range(limit):
        if i % 5 == 0:
            mult += 1
        else:
            not_mult += 1
    return (mult, not_mult)


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 30000000
    print(count_mult_of_5(limit))


main()
