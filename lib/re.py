"""re: regular expressions with CPython 3.11's API.

Matching is done in C by the _sre module (frontend/_sremodule.c and the engine in
frontend/re_compile.c, frontend/re_exec.c); this file gives it the Python face: Pattern and
Match objects, the module functions, replacement templates and a cache of compiled patterns.
A match comes from C as a tuple of code point indices (start0, end0, start1, end1, ...,
lastindex) with -1 for a group that did not take part.

Flags are plain ints (CPython's RegexFlag values); bytes patterns are not supported.
"""
import _sre

__all__ = [
    "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "compile",
    "purge", "template", "escape", "error", "Pattern", "Match", "A", "I", "L", "M", "S", "X",
    "U", "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "VERBOSE", "UNICODE",
    "NOFLAG",
]

NOFLAG = 0
TEMPLATE = T = 1
IGNORECASE = I = 2
LOCALE = L = 4
MULTILINE = M = 8
DOTALL = S = 16
UNICODE = U = 32
VERBOSE = X = 64
DEBUG = 128
ASCII = A = 256

_FLAG_NAMES = [(TEMPLATE, "re.TEMPLATE"), (IGNORECASE, "re.IGNORECASE"), (LOCALE, "re.LOCALE"),
               (MULTILINE, "re.MULTILINE"), (DOTALL, "re.DOTALL"), (UNICODE, "re.UNICODE"),
               (VERBOSE, "re.VERBOSE"), (DEBUG, "re.DEBUG"), (ASCII, "re.ASCII")]

# Compiled patterns kept by compile(); the oldest goes first when it is full (as CPython).
_MAXCACHE = 512
_cache = {}


class error(Exception):
    """A pattern (or replacement template) that is not a valid regular expression."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            self.lineno = pattern.count("\n", 0, pos) + 1
            self.colno = pos - pattern.rfind("\n", 0, pos)
            if "\n" in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        else:
            self.lineno = self.colno = None
        Exception.__init__(self, msg)


error.__module__ = "re"


def _check_str(string):
    if not isinstance(string, str):
        raise TypeError("expected string or bytes-like object, got '%s'" % type(string).__name__)


def _bounds(string, pos, endpos):
    _check_str(string)
    n = len(string)
    pos = 0 if pos < 0 else (n if pos > n else pos)
    endpos = 0 if endpos < 0 else (n if endpos > n else endpos)
    return pos, endpos


_BIG = 1 << 60


class Pattern:
    """A compiled regular expression."""

    def __init__(self, pattern, flags):
        if isinstance(pattern, (bytes, bytearray)):
            raise TypeError("bytes patterns are not supported by this runtime's re")
        if not isinstance(pattern, str):
            raise TypeError("first argument must be string or compiled pattern")
        if flags & LOCALE:
            raise ValueError("cannot use LOCALE flag with a str pattern")
        if flags & ASCII and flags & UNICODE:
            raise ValueError("ASCII and UNICODE flags are incompatible")
        prog, fl, groups, groupindex = _sre.compile(pattern, flags, error)
        self._prog = prog
        self.pattern = pattern
        self.flags = fl
        self.groups = groups
        self._groupindex = groupindex
        self._names = {}
        for name, index in groupindex.items():
            self._names[index] = name

    @property
    def groupindex(self):
        return dict(self._groupindex)

    def _run(self, string, pos, endpos, mode):
        pos, endpos = _bounds(string, pos, endpos)
        r = self._prog.match(string, pos, endpos, mode)
        if r is None:
            return None
        return Match(self, string, pos, endpos, r)

    def match(self, string, pos=0, endpos=_BIG):
        return self._run(string, pos, endpos, 0)

    def fullmatch(self, string, pos=0, endpos=_BIG):
        return self._run(string, pos, endpos, 1)

    def search(self, string, pos=0, endpos=_BIG):
        return self._run(string, pos, endpos, 2)

    def finditer(self, string, pos=0, endpos=_BIG):
        pos, endpos = _bounds(string, pos, endpos)
        sc = self._prog.scanner(string, pos, endpos)
        while True:
            r = sc.search()
            if r is None:
                return
            yield Match(self, string, pos, endpos, r)

    def findall(self, string, pos=0, endpos=_BIG):
        pos, endpos = _bounds(string, pos, endpos)
        sc = self._prog.scanner(string, pos, endpos)
        out = []
        ng = self.groups
        while True:
            r = sc.search()
            if r is None:
                return out
            if ng == 0:
                out.append(string[r[0]:r[1]])
            elif ng == 1:
                out.append(string[r[2]:r[3]] if r[2] >= 0 else "")
            else:
                out.append(tuple([string[r[2 * g]:r[2 * g + 1]] if r[2 * g] >= 0 else ""
                                  for g in range(1, ng + 1)]))

    def split(self, string, maxsplit=0):
        _check_str(string)
        sc = self._prog.scanner(string, 0, len(string))
        out = []
        last = 0
        n = 0
        ng = self.groups
        while not maxsplit or n < maxsplit:
            r = sc.search()
            if r is None:
                break
            out.append(string[last:r[0]])
            for g in range(1, ng + 1):
                out.append(string[r[2 * g]:r[2 * g + 1]] if r[2 * g] >= 0 else None)
            last = r[1]
            n += 1
        out.append(string[last:])
        return out

    def subn(self, repl, string, count=0):
        _check_str(string)
        if callable(repl):
            func = repl
            items = None
        else:
            items = _compile_template(self, repl)
            func = None
            if len(items) == 1 and isinstance(items[0], str):
                literal = items[0]
            elif not items:
                literal = ""
            else:
                literal = None
        sc = self._prog.scanner(string, 0, len(string))
        pieces = []
        last = 0
        n = 0
        while not count or n < count:
            r = sc.search()
            if r is None:
                break
            pieces.append(string[last:r[0]])
            if func is not None:
                s = func(Match(self, string, 0, len(string), r))
                if not isinstance(s, str):
                    raise TypeError("expected str instance, %s found" % type(s).__name__)
                pieces.append(s)
            elif literal is not None:
                pieces.append(literal)
            else:
                pieces.append(_expand_items(items, string, r))
            last = r[1]
            n += 1
        pieces.append(string[last:])
        return "".join(pieces), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def scanner(self, string, pos=0, endpos=_BIG):
        return _Scanner(self, string, pos, endpos)

    def __repr__(self):
        flags = self.flags & ~UNICODE
        r = repr(self.pattern)
        if len(r) > 200:
            r = r[:200]
        if not flags:
            return "re.compile(%s)" % r
        names = []
        for bit, name in _FLAG_NAMES:
            if flags & bit:
                names.append(name)
                flags &= ~bit
        if flags:
            names.append(hex(flags))
        return "re.compile(%s, %s)" % (r, "|".join(names))

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class _Scanner:
    def __init__(self, pattern, string, pos, endpos):
        pos, endpos = _bounds(string, pos, endpos)
        self.pattern = pattern
        self._string = string
        self._pos = pos
        self._endpos = endpos
        self._sc = pattern._prog.scanner(string, pos, endpos)

    def _wrap(self, r):
        return None if r is None else Match(self.pattern, self._string, self._pos, self._endpos, r)

    def match(self):
        return self._wrap(self._sc.match())

    def search(self):
        return self._wrap(self._sc.search())


class Match:
    """The result of a successful match."""

    def __init__(self, pattern, string, pos, endpos, marks):
        self.re = pattern
        self.string = string
        self.pos = pos
        self.endpos = endpos
        self._m = marks
        li = marks[-1]
        self.lastindex = None if li < 0 else li

    @property
    def lastgroup(self):
        if self.lastindex is None:
            return None
        return self.re._names.get(self.lastindex)

    @property
    def regs(self):
        m = self._m
        return tuple([(m[2 * g], m[2 * g + 1]) for g in range(self.re.groups + 1)])

    def _index(self, g):
        if isinstance(g, int):
            if 0 <= g <= self.re.groups:
                return g
        elif isinstance(g, str):
            i = self.re._groupindex.get(g)
            if i is not None:
                return i
        elif hasattr(g, "__index__"):
            i = g.__index__()
            if 0 <= i <= self.re.groups:
                return i
        raise IndexError("no such group")

    def _get(self, g, default=None):
        i = self._index(g)
        s = self._m[2 * i]
        if s < 0:
            return default
        return self.string[s:self._m[2 * i + 1]]

    def group(self, *args):
        if not args:
            return self.string[self._m[0]:self._m[1]]
        if len(args) == 1:
            return self._get(args[0])
        return tuple([self._get(a) for a in args])

    def __getitem__(self, g):
        return self._get(g)

    def groups(self, default=None):
        return tuple([self._get(g, default) for g in range(1, self.re.groups + 1)])

    def groupdict(self, default=None):
        d = {}
        for name, index in self.re._groupindex.items():
            d[name] = self._get(index, default)
        return d

    def start(self, group=0):
        return self._m[2 * self._index(group)]

    def end(self, group=0):
        return self._m[2 * self._index(group) + 1]

    def span(self, group=0):
        i = self._index(group)
        return (self._m[2 * i], self._m[2 * i + 1])

    def expand(self, template):
        return _expand_items(_compile_template(self.re, template), self.string, self._m)

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%r>" % (self._m[0], self._m[1], self.group())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


# -- Replacement templates -----------------------------------------------------------------------
_TEMPLATE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                     "v": "\v", "\\": "\\"}
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"
_OCTDIGITS = "01234567"
_template_cache = {}


def _group_ref(pattern, template, name, pos):
    """The group a \\g<name> reference names; errors as CPython's parse_template."""
    if name.isdigit() and name.isascii():
        index = int(name)
        if index > pattern.groups:
            raise error("invalid group reference %d" % index, template, pos)
        return index
    if not name.isidentifier():
        raise error("bad character in group name '%s'" % name, template, pos)
    index = pattern._groupindex.get(name)
    if index is None:
        raise IndexError("unknown group name '%s'" % name)
    return index


def _parse_template(pattern, template):
    if not isinstance(template, str):
        raise TypeError("expected str instance, %s found" % type(template).__name__)
    items = []
    lit = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c != "\\":
            lit.append(c)
            i += 1
            continue
        start = i
        i += 1
        if i >= n:
            raise error("bad escape (end of pattern)", template, start)
        c = template[i]
        i += 1
        if c == "g":
            if i >= n or template[i] != "<":
                raise error("missing <", template, i)
            j = template.find(">", i + 1)
            if j < 0:
                if i + 1 >= n:
                    raise error("missing group name", template, i + 1)
                raise error("missing >, unterminated name", template, i + 1)
            name = template[i + 1:j]
            if not name:
                raise error("missing group name", template, i + 1)
            index = _group_ref(pattern, template, name, i + 1)
            i = j + 1
        elif c == "0":
            v = 0
            k = 0
            while k < 2 and i < n and template[i] in _OCTDIGITS:
                v = v * 8 + int(template[i])
                i += 1
                k += 1
            lit.append(chr(v))
            continue
        elif c in _DIGITS:
            if (i + 1 < n and c in _OCTDIGITS and template[i] in _OCTDIGITS
                    and template[i + 1] in _OCTDIGITS):
                v = int(c + template[i:i + 2], 8)
                if v > 0o377:
                    raise error("octal escape value \\%s outside of range 0-0o377"
                                % (c + template[i:i + 2]), template, start)
                lit.append(chr(v))
                i += 2
                continue
            digits = c
            if i < n and template[i] in _DIGITS:
                digits += template[i]
                i += 1
            index = int(digits)
            if index > pattern.groups:
                raise error("invalid group reference %d" % index, template, start + 1)
        elif c in _TEMPLATE_ESCAPES:
            lit.append(_TEMPLATE_ESCAPES[c])
            continue
        elif c in _ASCII_LETTERS:
            raise error("bad escape \\%s" % c, template, start)
        else:
            lit.append("\\" + c)
            continue
        if lit:
            items.append("".join(lit))
            lit = []
        items.append(index)
    if lit:
        items.append("".join(lit))
    return items


def _compile_template(pattern, template):
    key = (pattern.pattern, pattern.flags, template)
    items = _template_cache.get(key)
    if items is None:
        items = _parse_template(pattern, template)
        if len(_template_cache) >= _MAXCACHE:
            del _template_cache[next(iter(_template_cache))]
        _template_cache[key] = items
    return items


def _expand_items(items, string, m):
    out = []
    for it in items:
        if isinstance(it, str):
            out.append(it)
        else:
            s = m[2 * it]
            if s >= 0:
                out.append(string[s:m[2 * it + 1]])
    return "".join(out)


# -- Module functions ----------------------------------------------------------------------------
def _compile(pattern, flags):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    key = (type(pattern), pattern, flags)
    p = _cache.get(key)
    if p is not None:
        return p
    p = Pattern(pattern, flags)
    if not (flags & DEBUG):
        if len(_cache) >= _MAXCACHE:
            del _cache[next(iter(_cache))]
        _cache[key] = p
    return p


def compile(pattern, flags=0):
    return _compile(pattern, flags)


def match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)


def search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)


def findall(pattern, string, flags=0):
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return _compile(pattern, flags).finditer(string)


def template(pattern, flags=0):
    return _compile(pattern, flags | TEMPLATE)


def purge():
    _cache.clear()
    _template_cache.clear()


_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"


def escape(pattern):
    if isinstance(pattern, str):
        out = []
        for c in pattern:
            if c in _SPECIAL:
                out.append("\\")
            out.append(c)
        return "".join(out)
    raise TypeError("bytes patterns are not supported by this runtime's re")
