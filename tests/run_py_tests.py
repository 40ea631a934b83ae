#!/usr/bin/env python3
"""Runs Python-program tests under pypy-client with CPython 3.11's output as the oracle.

A test is tests/py/NAME.py with, beside it:
  NAME.py.out  the exact stdout bytes CPython printed (required)
  NAME.py.rc   the exit status (optional; default 0)
  NAME.py.err  optional: the last line of stderr must equal this file's last line
               (for an uncaught exception, CPython's `ValueError: ...` line)
The program runs with its own folder as cwd. Its first line may give arguments, and a
line `# skip: reason` there (first, or right after `# args:`) skips it:
  # args: 1000
Usage:
  run_py_tests.py [--client PATH] [--jit-args STR] [-j N] [FILE.py ...]
  run_py_tests.py --regen [FILE.py ...]     rewrite the expected files from CPython
With no files, runs every tests/py/*.py. Ends with `N passed, M failed` (`, K skipped`).
"""
import argparse
import atexit
import tempfile
import concurrent.futures
import difflib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time

# Per-program wall-clock limit; PJS_PY_TEST_TIMEOUT (seconds) overrides it, e.g. for ASan builds.
TEST_TIMEOUT_S = 120
DIFF_MAX_LINES = 40
STDERR_TAIL_LINES = 20

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_TEST_DIR = os.path.join(HERE, "py")


def timeout_s():
    val = os.environ.get("PJS_PY_TEST_TIMEOUT")
    if not val:
        return TEST_TIMEOUT_S
    try:
        return float(val)
    except ValueError:
        sys.exit("run_py_tests.py: PJS_PY_TEST_TIMEOUT must be a number of seconds, not %r" % val)


def find_cpython():
    # Debian's /usr/bin/python3 is the oracle (CPython 3.11); a pyenv shim on PATH is not.
    if os.access("/usr/bin/python3", os.X_OK):
        return "/usr/bin/python3"
    return shutil.which("python3")


def default_client():
    env = os.environ.get("PYPY_CLIENT")
    if env:
        return env
    for sub in ("build/release", "build/asan", "build/debug", "build"):
        cand = os.path.join(REPO, sub, "pypy-client")
        if os.access(cand, os.X_OK):
            return cand
    return shutil.which("pypy-client") or os.path.join(REPO, "build/release/pypy-client")


def directives(path):
    """The `# args: ...` and `# skip: reason` lines that open a test file, as a dict."""
    found = {}
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").strip()
            key = next((k for k in ("args", "skip") if line.startswith("# %s:" % k)), None)
            if key is None:
                break
            found[key] = line[len(key) + 3:].strip()
    return found


def test_args(path):
    return shlex.split(directives(path).get("args", ""))


def run_program(argv, cwd, env=None):
    """Returns (rc, stdout, stderr, seconds); rc is None on a timeout.

    The program gets its own process group, so a timeout also ends anything it started
    (a compiler server, say) that would otherwise keep the output pipes open."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout_s())
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        return None, out or b"", err or b"", time.monotonic() - start
    return proc.returncode, out, err, time.monotonic() - start


def last_line(data):
    lines = data.decode("utf-8", "replace").rstrip("\n").split("\n")
    return lines[-1].rstrip("\r") if lines else ""


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def describe_rc(rc):
    if rc is None:
        return "timeout"
    if rc < 0:
        return "killed by signal %d" % -rc
    return "exit %d" % rc


def stdout_diff(expected, got):
    exp = expected.decode("utf-8", "replace").splitlines(keepends=True)
    out = got.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(exp, out, "expected", "got"))
    if not lines:
        # Same text lines, different bytes: say where.
        i = next((k for k in range(min(len(expected), len(got))) if expected[k] != got[k]),
                 min(len(expected), len(got)))
        return ["    bytes differ at offset %d: expected %r, got %r\n"
                % (i, expected[i:i + 20], got[i:i + 20])]
    shown = ["    " + (l if l.endswith("\n") else l + "\n\\ No newline at end of file\n")
             for l in lines[:DIFF_MAX_LINES]]
    if len(lines) > DIFF_MAX_LINES:
        shown.append("    ... (%d more diff lines)\n" % (len(lines) - DIFF_MAX_LINES))
    return shown


def check_one(path, client, jit_args):
    """Returns (status, report) with status one of 'pass', 'fail', 'skip'."""
    name = os.path.relpath(path, REPO) if path.startswith(REPO + os.sep) else path
    skip = directives(path).get("skip")
    if skip is not None:
        return "skip", "SKIP %s: %s\n" % (name, skip or "no reason given")
    out_path = path + ".out"
    if not os.path.exists(out_path):
        return "fail", "FAIL %s: no %s (make it with --regen)\n" % (name, os.path.basename(out_path))
    expected_out = read_bytes(out_path)
    expected_rc = 0
    if os.path.exists(path + ".rc"):
        expected_rc = int(read_bytes(path + ".rc").decode().strip() or "0")
    expected_err = read_bytes(path + ".err") if os.path.exists(path + ".err") else None

    argv = [client] + jit_args + [os.path.basename(path)] + test_args(path)
    rc, out, err, secs = run_program(argv, os.path.dirname(path))

    problems = []
    if rc is None:
        problems.append("timed out after %gs" % timeout_s())
    elif rc != expected_rc:
        problems.append("%s, expected exit %d" % (describe_rc(rc), expected_rc))
    diff = []
    if out != expected_out:
        problems.append("stdout differs")
        diff = stdout_diff(expected_out, out)
    if expected_err is not None and last_line(err) != last_line(expected_err):
        problems.append("stderr's last line is %r, expected %r"
                        % (last_line(err), last_line(expected_err)))
    if not problems:
        return "pass", "PASS %s (%.2fs)\n" % (name, secs)

    report = ["FAIL %s: %s\n" % (name, "; ".join(problems)),
              "    command: (cd %s && %s)\n" % (shlex.quote(os.path.dirname(path)),
                                                " ".join(shlex.quote(a) for a in argv))]
    report += diff
    if err and (rc != expected_rc or expected_err is not None or rc is None or rc < 0):
        tail = err.decode("utf-8", "replace").rstrip("\n").split("\n")[-STDERR_TAIL_LINES:]
        report.append("    stderr (last %d lines):\n" % len(tail))
        report += ["      " + l + "\n" for l in tail]
    return "fail", "".join(report)


def regen_one(path, cpython):
    name = os.path.relpath(path, REPO) if path.startswith(REPO + os.sep) else path
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONUTF8="1", PYTHONDONTWRITEBYTECODE="1")
    argv = [cpython, os.path.basename(path)] + test_args(path)
    rc, out, err, secs = run_program(argv, os.path.dirname(path), env)
    if rc is None:
        return "fail", "FAIL %s: CPython timed out after %gs; nothing written\n" % (name, timeout_s())
    with open(path + ".out", "wb") as f:
        f.write(out)
    # Only stderr's last line is compared, so only it is kept (tracebacks name local paths).
    err_last = (last_line(err) + "\n").encode("utf-8")
    for suffix, keep, data in ((".rc", rc != 0, b"%d\n" % rc), (".err", bool(err), err_last)):
        if keep:
            with open(path + suffix, "wb") as f:
                f.write(data)
        elif os.path.exists(path + suffix):
            os.remove(path + suffix)
    return "pass", "regenerated %s (%s, %.2fs)\n" % (name, describe_rc(rc), secs)


def main():
    ap = argparse.ArgumentParser(description="Run Python-program tests against CPython's output.")
    ap.add_argument("files", nargs="*", help="test programs (default: tests/py/*.py)")
    ap.add_argument("--client", help="the pypy-client to test (default: $PYPY_CLIENT or "
                    "build/release/pypy-client)")
    ap.add_argument("--jit-args", default="", metavar="STR",
                    help="extra client options, e.g. --jit-args='--jit threshold=3'")
    ap.add_argument("--regen", action="store_true",
                    help="rewrite .out/.rc/.err from CPython (/usr/bin/python3)")
    ap.add_argument("-j", type=int, default=1, metavar="N", help="run N tests at once")
    args = ap.parse_args()

    files = args.files
    if not files:
        files = sorted(os.path.join(DEFAULT_TEST_DIR, f) for f in os.listdir(DEFAULT_TEST_DIR)
                       if f.endswith(".py")) if os.path.isdir(DEFAULT_TEST_DIR) else []
    files = [os.path.abspath(f) for f in files]
    for f in files:
        if not os.path.isfile(f):
            print("run_py_tests.py: no such test file: %s" % f, file=sys.stderr)
            return 2
    if args.j < 1:
        print("run_py_tests.py: -j needs a positive number", file=sys.stderr)
        return 2

    if args.regen:
        cpython = find_cpython()
        if not cpython:
            print("run_py_tests.py: no python3 found for --regen", file=sys.stderr)
            return 2
        ver = subprocess.run([cpython, "-c", "import sys; print(sys.version_info[:2] == (3, 11))"],
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        if ver != "True":
            print("run_py_tests.py: warning: %s is not CPython 3.11" % cpython, file=sys.stderr)
        job = lambda p: regen_one(p, cpython)
    else:
        client = os.path.abspath(args.client) if args.client and os.sep in args.client \
            else (shutil.which(args.client) if args.client else default_client())
        if not client or not os.access(client, os.X_OK):
            print("run_py_tests.py: client not found or not executable: %s (build it, or pass "
                  "--client PATH)" % (args.client or client), file=sys.stderr)
            return 2
        jit_args = shlex.split(args.jit_args)
        job = lambda p: check_one(p, client, jit_args)
        # Compiled code goes to a cache of this run's own unless the caller chose one: tests
        # never touch the user's cache, and each run starts cold (every loop is compiled).
        if not os.environ.get("PYPY_JIT_CACHE"):
            cache = tempfile.mkdtemp(prefix="pjs-test-cache-")
            os.chmod(cache, 0o700)
            os.environ["PYPY_JIT_CACHE"] = cache
            atexit.register(shutil.rmtree, cache, True)

    counts = {"pass": 0, "fail": 0, "skip": 0}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        for status, report in pool.map(job, files):
            counts[status] += 1
            sys.stdout.write(report)
            sys.stdout.flush()
    summary = "%d passed, %d failed" % (counts["pass"], counts["fail"])
    if counts["skip"]:
        summary += ", %d skipped" % counts["skip"]
    print(summary)
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
