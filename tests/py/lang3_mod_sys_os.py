# sys and os basics
import sys, os, os.path
print(type(sys.argv).__name__, sys.argv[0].endswith("lang3_mod_sys_os.py"), sys.maxsize == 2**63 - 1)
print(type(sys.path).__name__, len(sys.path) > 0, sys.version_info[:2] >= (3, 0), sys.version_info.major)
print(sys.stdout.write("written\n"))
sys.stdout.flush()
sys.stderr.write("to stderr\n")
print(callable(sys.exit), sys.byteorder, type(sys.modules).__name__, "sys" in sys.modules)
os.environ["LANG3_TEST_VAR"] = "v1"
print(os.getenv("LANG3_TEST_VAR"), os.environ.get("LANG3_TEST_VAR"), os.getenv("LANG3_NOPE"), os.getenv("LANG3_NOPE", "d"))
print("LANG3_TEST_VAR" in os.environ, os.environ["LANG3_TEST_VAR"])
try:
    os.environ["LANG3_NOPE_KEY"]
except KeyError as e:
    print("KeyError:", e)
print(os.path.join("a", "b", "c.txt"), os.path.join("/abs", "x"), os.path.join("a", "/root"), os.path.join("a/", "b"))
print(os.path.split("/x/y/z.txt"), os.path.basename("/x/y.py"), os.path.dirname("/x/y.py"), os.path.splitext("a/b.tar.gz"))
print(os.path.exists("."), os.path.isdir("."), os.path.isfile("lang3_mod_sys_os.py"), os.path.exists("nope_lang3"))
print(os.path.isabs("/a"), os.path.isabs("a"), os.path.normpath("a/./b/../c"), os.sep, os.path.abspath(".") == os.getcwd())
fn = "lang3_mod_sys_os.tmp"
with open(fn, "w") as f:
    f.write("abc")
print(os.path.getsize(fn), fn in os.listdir("."))
os.rename(fn, fn + "2")
print(os.path.exists(fn), os.path.exists(fn + "2"))
os.remove(fn + "2")
d = "lang3_mod_sys_os_dir"
os.mkdir(d)
print(os.path.isdir(d), os.listdir(d))
os.rmdir(d)
print(os.path.exists(d))
try:
    os.rmdir(d)
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
print(os.path.expanduser("~") != "~", type(os.getpid()).__name__, os.name)
try:
    sys.exit(0)
except SystemExit as e:
    print("SystemExit", e.code)
try:
    sys.exit("message")
except SystemExit as e:
    print("SystemExit", e.code)
