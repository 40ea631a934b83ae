# gc module: collect, enable/disable, counts and stats shapes, and argument errors. Collection
# counts differ between runtimes, so only their types and growth are printed.
import gc


def show(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


class Node:
    def __init__(self):
        self.other = None


# a cycle that only a collection can reclaim
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
print("collect", type(gc.collect()).__name__)
print("collect gen", type(gc.collect(0)).__name__, type(gc.collect(generation=1)).__name__)
show("collect 3", lambda: gc.collect(3))
show("collect -1", lambda: gc.collect(-1))
show("collect str", lambda: gc.collect("a"))
show("collect 2 args", lambda: gc.collect(1, 2))

print("isenabled", gc.isenabled())
gc.disable()
print("after disable", gc.isenabled())
junk = [[i] for i in range(10000)]
print("still works disabled", len(junk))
gc.enable()
print("after enable", gc.isenabled())
show("enable arg", lambda: gc.enable(1))
show("isenabled kw", lambda: gc.isenabled(x=1))

count = gc.get_count()
print("get_count", type(count).__name__, len(count), [type(c).__name__ for c in count])
show("get_count arg", lambda: gc.get_count(1))

stats = gc.get_stats()
print("get_stats", type(stats).__name__, len(stats))
for s in stats:
    print(" keys", sorted(s), [type(v).__name__ for v in s.values()])
before = gc.get_stats()[2]["collections"]
gc.collect()
after = gc.get_stats()[2]["collections"]
print("full collection counted", after > before)

print("freeze", gc.freeze(), gc.unfreeze(), gc.get_freeze_count())
print("garbage", gc.garbage, type(gc.garbage).__name__)
print("callbacks", type(gc.callbacks).__name__)
print("threshold", type(gc.get_threshold()).__name__, len(gc.get_threshold()))
old = gc.get_threshold()
gc.set_threshold(500, 5)
print("set_threshold", gc.get_threshold()[:2])
gc.set_threshold(*old)
print("debug flags", gc.DEBUG_STATS, gc.DEBUG_LEAK, gc.get_debug())

# many short-lived objects survive collections correctly
keep = {}
for i in range(20000):
    keep[i % 100] = [i, str(i), (i, i)]
    if i % 5000 == 0:
        gc.collect()
print("kept", len(keep), keep[99], keep[0])
