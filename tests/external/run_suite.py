#!/usr/bin/env python3
"""Runs a directory of small Python programs under CPython and under pypy-client and compares.

The programs come from another Python implementation's test set and are not part of this
repository (tests/external/README.md says how to get them). CPython 3.11 is the oracle: each
program is run by it twice, with two hash seeds; a program CPython cannot run (a SyntaxError,
an import it cannot satisfy) or whose output depends on the hash seed is excluded. The others
are run by pypy-client, whose stdout and exit status must equal CPython's.

  tests/external/run_suite.py DIR [--client PATH] [--jit-early] [-k SUBSTR] [-j N]
                              [--timeout S] [--list-failures FILE]

Ends with `N passed, M failed, K excluded: P% of N+M`. Exit status 0 whatever the rate
(it is a measurement, not a gate), 2 on bad arguments.
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CPYTHON = "/usr/bin/python3"
JIT_EARLY = ["--jit", "threshold=3,trace_eagerness=2,sync"]
# Errors in CPython's own run that mean "not a program of the language we test".
CANNOT_RUN = ("SyntaxError", "TabError", "IndentationError", "ModuleNotFoundError", "ImportError")


def run(argv, timeout, cwd, env=None):
    """(exit status or 'timeout', stdout bytes, stderr bytes)"""
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, cwd=cwd, env=env)
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""
    return p.returncode, p.stdout, p.stderr


def oracle(path, timeout):
    """CPython's (status, stdout), or (None, reason) when the program is excluded."""
    cwd = os.path.dirname(path)
    runs = [run([CPYTHON, path], timeout, cwd, dict(os.environ, PYTHONHASHSEED=seed))
            for seed in ("1", "2")]
    (rc, out, err), (rc2, out2, _) = runs
    if rc == "timeout":
        return None, "CPython timed out"
    last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    if rc != 0 and last[0].startswith(CANNOT_RUN):
        return None, "CPython: " + last[0][:80]
    if (rc, out) != (rc2, out2):
        return None, "output depends on the hash seed"
    return rc, out


def first_difference(want, got):
    w = want.decode("utf-8", "replace").splitlines()
    g = got.decode("utf-8", "replace").splitlines()
    for i in range(max(len(w), len(g))):
        a = w[i] if i < len(w) else "<end of output>"
        b = g[i] if i < len(g) else "<end of output>"
        if a != b:
            return "line %d: want %r, got %r" % (i + 1, a[:100], b[:100])
    return "same output"


def check(path, args):
    want_rc, want = oracle(path, args.timeout)
    if want_rc is None:
        return "excluded", want
    argv = [args.client] + (JIT_EARLY if args.jit_early else []) + [path]
    rc, out, err = run(argv, args.timeout, os.path.dirname(path))
    if rc == "timeout":
        return "fail", "timeout after %gs" % args.timeout
    if isinstance(rc, int) and rc < 0:
        return "fail", "crashed (signal %d): %s" % (-rc, err.decode("utf-8", "replace")[-200:])
    if out != want:
        return "fail", first_difference(want, out)
    if rc != want_rc:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return "fail", "exit status %s, CPython's %s (%s)" % (rc, want_rc, tail[0][:120])
    return "pass", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", help="directory of .py programs (searched recursively)")
    ap.add_argument("--client", default=os.path.join(REPO, "build", "release", "pypy-client"))
    ap.add_argument("--jit-early", action="store_true", help="run the client with " + " ".join(JIT_EARLY))
    ap.add_argument("-k", default="", metavar="SUBSTR", help="only programs whose path contains SUBSTR")
    ap.add_argument("-j", type=int, default=2, metavar="N", help="programs run at once (default 2)")
    ap.add_argument("--timeout", type=float, default=10.0, metavar="S", help="per run (default 10)")
    ap.add_argument("--list-failures", metavar="FILE", help="write the failures there, one per line")
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        print("run_suite.py: no directory %s" % args.dir, file=sys.stderr)
        return 2
    if not os.access(args.client, os.X_OK):
        print("run_suite.py: no client at %s (build it first)" % args.client, file=sys.stderr)
        return 2
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(args.dir) for f in fs
                   if f.endswith(".py") and args.k in os.path.join(d, f))
    counts = {"pass": 0, "fail": 0, "excluded": 0}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.j)) as pool:
        for path, (status, why) in zip(paths, pool.map(lambda p: check(p, args), paths)):
            counts[status] += 1
            if status == "fail":
                name = os.path.relpath(path, args.dir)
                failures.append("%s: %s" % (name, why))
                print("FAIL %s: %s" % (name, why))
    if args.list_failures:
        with open(args.list_failures, "w") as f:
            f.write("".join(line + "\n" for line in failures))
    ran = counts["pass"] + counts["fail"]
    print("%d passed, %d failed, %d excluded: %.1f%% of %d" %
          (counts["pass"], counts["fail"], counts["excluded"], 100.0 * counts["pass"] / max(ran, 1), ran))
    return 0


if __name__ == "__main__":
    sys.exit(main())
