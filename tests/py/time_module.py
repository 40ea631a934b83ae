# time module: clock types and monotonicity, sleep's argument handling, struct_time conversions
# (printed as plain tuples so the output does not depend on struct_time's repr). No timing value
# is printed.
import time


def show(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


for name in ["time", "perf_counter", "monotonic", "process_time", "thread_time"]:
    f = getattr(time, name)
    fns = getattr(time, name + "_ns")
    a, b = f(), f()
    an, bn = fns(), fns()
    print(name, type(a).__name__, type(an).__name__, a <= b, an <= bn, a >= 0, an >= 0)

t0 = time.monotonic()
t0n = time.perf_counter_ns()
time.sleep(0.01)
time.sleep(0)
time.sleep(False)
print("slept at least 10ms", time.monotonic() - t0 >= 0.0099, time.perf_counter_ns() - t0n >= 9_900_000)
print("time vs time_ns", abs(time.time() - time.time_ns() / 1e9) < 1.0)
print("sleep returns", time.sleep(0.001))

show("sleep -1", lambda: time.sleep(-1))
show("sleep -0.5", lambda: time.sleep(-0.5))
show("sleep nan", lambda: time.sleep(float("nan")))
show("sleep str", lambda: time.sleep("1"))
show("sleep None", lambda: time.sleep(None))
show("sleep huge float", lambda: time.sleep(1e300))
show("sleep huge int", lambda: time.sleep(10 ** 100))
show("sleep 0 args", lambda: time.sleep())
show("sleep kw", lambda: time.sleep(secs=1))
show("time arg", lambda: time.time(1))
show("time kw", lambda: time.time(x=1))
show("monotonic_ns arg", lambda: time.monotonic_ns(1))

# struct_time as a 9-tuple
show("gmtime 0", lambda: tuple(time.gmtime(0)))
show("gmtime 1e9", lambda: tuple(time.gmtime(1e9)))
show("gmtime -1.5", lambda: tuple(time.gmtime(-1.5)))
show("gmtime leap", lambda: tuple(time.gmtime(951782400)))
show("gmtime len", lambda: len(time.gmtime()))
show("gmtime year", lambda: time.gmtime()[0] >= 2024)
show("gmtime nan", lambda: time.gmtime(float("nan")))
show("gmtime str", lambda: time.gmtime("a"))
show("gmtime huge", lambda: time.gmtime(10 ** 30))
show("gmtime 2 args", lambda: time.gmtime(1, 2))
show("localtime len", lambda: len(time.localtime()))
fmt = "%Y-%m-%d %H:%M:%S %j %a %A %b %B %%"
show("strftime", lambda: time.strftime(fmt, (2020, 2, 29, 13, 5, 9, 5, 60, 0)))
show("strftime gmtime", lambda: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1234567890)))
show("strftime zeros", lambda: time.strftime("%Y %m %d %j", (2020, 0, 0, 0, 0, 0, 0, 0, 0)))
show("strftime empty", lambda: time.strftime("", (2020, 1, 1, 0, 0, 0, 0, 1, 0)))
show("strftime month", lambda: time.strftime("%Y", (2020, 13, 1, 0, 0, 0, 0, 1, 0)))
show("strftime hour", lambda: time.strftime("%Y", (2020, 1, 1, 24, 0, 0, 0, 1, 0)))
show("strftime short", lambda: time.strftime("%Y", (1, 2)))
show("strftime list", lambda: time.strftime("%Y", [1] * 9))
show("strftime float", lambda: time.strftime("%Y", (2020, 1.5, 1, 0, 0, 0, 0, 1, 0)))
show("strftime fmt int", lambda: time.strftime(1))
show("strftime none", lambda: time.strftime())
show("strftime now type", lambda: type(time.strftime("%Y")).__name__)
show("asctime", lambda: time.asctime((2020, 2, 29, 13, 5, 9, 5, 60, 0)))
show("asctime hour", lambda: time.asctime((2020, 2, 29, 24, 5, 9, 5, 60, 0)))
show("mktime type", lambda: type(time.mktime(time.localtime())).__name__)
show("mktime roundtrip", lambda: time.mktime(time.localtime(1234567890)))
show("mktime int", lambda: time.mktime(1))
show("ctime type", lambda: type(time.ctime()).__name__)
