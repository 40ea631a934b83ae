# comprehensions: nested, conditional, dict/set, scoping, generators in calls
print([x * y for x in range(1, 4) for y in range(x)])
print([[x * y for y in range(3)] for x in range(3)])
print([x for x in range(20) if x % 2 if x % 3], [x if x % 2 else -x for x in range(5)])
print({k: v for k, v in zip("abc", range(3)) if v}, {x % 3 for x in range(10)} == {0, 1, 2})
print({(a, b) for a in range(2) for b in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
print(sorted({c.lower() for c in "AbBa"}), dict((str(i), i) for i in range(2)))
m = [[1, 2, 3], [4, 5, 6]]
print([list(r) for r in zip(*m)], [v for row in m for v in row], sum(v for row in m for v in row))
print([(i, c) for i, c in enumerate("ab")], [a + b for a, b in [(1, 2), (3, 4)]], [a for a, *_ in [(1, 2, 3)]])
x = 10
print([x for x in range(3)], x, [x + i for i in range(2)])
def closure_in_comp():
    return [(lambda: i)() for i in range(3)]
print(closure_in_comp())
print(list(filter(lambda s: s.isupper(), "aBcD")), "".join(c for c in "hello" if c not in "aeiou"))
print(any(x > 2 for x in [1, 2, 3]), all(x > 0 for x in []), next((x for x in [1, 2, 3] if x > 1), None))
print([i for i in range(3)] == list(range(3)), [[]] * 2, [[0] * 2 for _ in range(2)])
grid = [[0] * 3 for _ in range(2)]
grid[0][0] = 1
alias = [[0] * 3] * 2
alias[0][0] = 1
print(grid, alias)
print({i: [j for j in range(i)] for i in range(3)})
class A:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
print(A.doubled)
print(list(map(str, range(3))), list(zip()), list(iter([1, 2].pop, 1)), list(iter(iter([5, 6]))))
it = iter(range(10))
print(list(zip(it, it)))
counter = iter([1, 2, 3, None, 4])
print(list(iter(lambda: next(counter), None)))
