# string formatting corner cases: %, format(), f-strings
print("%5.2f|%-8.3e|%+d|% d|%05d|%x|%X|%o|%#x|%#o" % (3.14159, 1234.5, 5, 5, -42, 255, 255, 8, 255, 8))
print("%(a)s-%(b)03d" % {"a": "x", "b": 7}, "%s" % (1,), "%s" % [1, 2], "%r" % "s", "%5s|%-5s|" % ("ab", "cd"))
print("%.3s" % "abcdef", "%*d" % (5, 42), "%-*d|" % (4, 1), "%.*f" % (2, 1.23456), "%i" % 3.9, "%c" % 10004)
for bad in [("%d", "x"), ("%s %s", (1,)), ("%s", (1, 2)), ("%z", 1)]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print("{} {}".format(1, 2), "{1} {0}".format("a", "b"), "{name}".format(name="n"), "{0[1]}".format([5, 6]), "{0.real}".format(3))
print("{:>8}|{:<8}|{:^8}|{:08.3f}|{:+}|{:,}|{:_}|{:.2%}|{:e}".format("r", "l", "c", 3.14159, 5, 1234567, 1234567, 0.256, 12345.678))
print("{:x} {:X} {:o} {:b} {:#x} {:#b} {:c} {:08b}".format(255, 255, 8, 5, 255, 5, 65, 5))
print("{:.3g} {:g} {:g} {:g} {:.0f} {:.1f} {:10.4}".format(1234.5678, 1e20, 1e-5, 100.0, 2.5, 0.05, 3.14159265))
print("{{literal}} {}".format(1), "{!s:>5}".format(1), "{!a}".format("é"), "{0:{1}}".format(3, 5) + "|")
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{x}".format()
except KeyError as e:
    print("KeyError:", e)
try:
    "{:d}".format("s")
except ValueError as e:
    print("ValueError:", e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print("ValueError:", e)
x, y = 3, "why"
print(f"{x} {x!r} {y!r} {x:>4} {x*2} {'q'} {y.upper()} {x:{'0'}5}")
print(f"{x=} {y=!s} {x + 1 = }", f"{{}}", f"{3.14159:.2f}", f"{'nested ' + f'{x}'}")
w = 10
print(f"{'abc':>{w}}|", f"{12345:,d}", f"{-0.0}", f"{1e16}", f"{0.1 + 0.2}", f"{2**0.5:.10f}")
print(format(0.5, ".0f"), format(1.5, ".0f"), format(-1.5, ".0f"), format(1e300 * 1e10), format(float("nan"), "f"))
print("{:<5}|{!s:>5}|{:^5}".format(True, None, 1.5), "{}".format(None), str(True), "%s %r" % (None, False))
print("%s" % b"b", "%a" % "é", "%%d" % (), "{:=+6}".format(5), "{:>+6}".format(-5), "{:06.2f}".format(-1.5))
print(format(123, ""), format("s", ""), format(12.0, ""), format(1e-7, ""), format(2**64, "x"), format(-(2**64), ","))
# triple-quoted strings inside an f-string's expression (a quote or a brace inside them)
print(f"{'''eric's'''}", f'{"""a"b"""}', f"{'x'}{'''y'''}", f"{'''}'''}", f'{"""{"""}')
print(f"{ '''a''' + 'b' }", f"{len('''abc''')}", f"{'''x''':>4}|")
