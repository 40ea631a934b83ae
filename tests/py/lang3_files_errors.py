# OSError subclasses and their messages
import os
try:
    open("no_such_dir_lang3/file.txt")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
    print(str(e))
    print(isinstance(e, OSError), isinstance(e, IOError), e.args)
try:
    open("lang3_no_such_file.txt", "rb")
except OSError as e:
    print(type(e).__name__, e)
try:
    open(".")
except IsADirectoryError as e:
    print(type(e).__name__, e)
try:
    open(".", "w")
except IsADirectoryError as e:
    print(type(e).__name__, e)
try:
    os.remove("lang3_nothing_here")
except FileNotFoundError as e:
    print(type(e).__name__, e)
fn = "lang3_files_errors.tmp"
with open(fn, "w") as f:
    f.write("x")
try:
    open(fn + "/child")
except NotADirectoryError as e:
    print(type(e).__name__, e)
if os.getuid() != 0:
    os.chmod(fn, 0)
    try:
        open(fn)
    except PermissionError as e:
        print(type(e).__name__, e)
    os.chmod(fn, 0o644)
else:
    print("PermissionError [Errno 13] Permission denied: 'lang3_files_errors.tmp'")
os.remove(fn)
e = OSError(2, "No such file or directory", "f.txt")
print(type(e).__name__, e, e.filename)
e = OSError(13, "Permission denied")
print(type(e).__name__, e)
e = OSError("just a message")
print(type(e).__name__, e, e.errno)
print(FileNotFoundError.__mro__[1].__name__, issubclass(PermissionError, OSError), EnvironmentError is OSError)
try:
    raise FileNotFoundError(2, "custom", "name")
except OSError as e:
    print(e)
try:
    with open("no_such_dir_lang3/x", "w"):
        pass
except FileNotFoundError as e:
    print(e)
