"""os: the portable part of CPython's os module over posix (C) and posixpath.

environ is a dict snapshot of the environment taken at start-up: changing it does not change
the environment of the process (there are no child processes to see it).
"""

import sys
import posix
from posix import (remove, unlink, rmdir, mkdir, chdir, rename, getcwd, getpid, getuid, listdir, strerror,
                   environ)
import posixpath as path

sys.modules['os.path'] = path

name = 'posix'
sep = path.sep
altsep = None
curdir = path.curdir
pardir = path.pardir
extsep = path.extsep
pathsep = path.pathsep
defpath = path.defpath
linesep = '\n'
devnull = path.devnull


def getenv(key, default=None):
    return environ.get(key, default)


def makedirs(name, mode=0o777, exist_ok=False):
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    if head and tail and not path.exists(head):
        try:
            makedirs(head, exist_ok=exist_ok)
        except FileExistsError:
            pass
        if tail == curdir:
            return
    try:
        mkdir(name, mode)
    except OSError:
        if not exist_ok or not path.isdir(name):
            raise


def removedirs(name):
    rmdir(name)
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)


def fspath(p):
    if isinstance(p, (str, bytes)):
        return p
    raise TypeError("expected str, bytes or os.PathLike object, not " + type(p).__name__)
