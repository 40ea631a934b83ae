#!/usr/bin/env python3
"""Benchmark: runs bench/programs/*.py under pypy-client, CPython and pypy3 side by side.

Every runtime's output must equal CPython's byte for byte (stdout and exit status); a mismatch
is reported loudly and makes the run exit 1. Prints a table of best-of-K wall-clock seconds,
the ratios CPython/pypy-client, CPython/(pypy-client --jit off) and CPython/pypy3 (above 1
means faster than CPython), the JIT's own gain (time with --jit off / time with the JIT; below
1 the JIT costs time), their geometric means, and start-up time (best of 20 runs of `-c pass`).

Then the warm-up table (bench/warmup/serve.py: a worker serving requests, each timed): the first
request, the steady per-request time, and how long until steady, for CPython, pypy3, and
pypy-client with a cold code cache (an empty directory) and with a warm one (the cache the cold
run filled: a new worker of a fleet whose loops are already compiled).

  bench/run.py [--only a,b] [--size prog=N ...] [--repeat K] [--json FILE]
               [--client PATH] [--cpython PATH] [--no-pypy3] [--no-warmup] [--timeout S]
"""
import argparse
import difflib
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAMS_DIR = os.path.join(HERE, "programs")

DEFAULT_REPEAT = 3
STARTUP_RUNS = 20
# A single run longer than this is stopped and counted as a failure.
RUN_TIMEOUT_S = 600
# The reference: Debian's CPython 3.11 (a PGO build), never a pyenv shim found on PATH.
CPYTHON = "/usr/bin/python3"


class Runtime:
    def __init__(self, key, label, path, options=()):
        self.key, self.label, self.path, self.options = key, label, path, list(options)

    def argv(self, *rest):
        return [self.path] + self.options + list(rest)


def run_once(argv, timeout, env=None):
    """Returns (seconds, rc, stdout, stderr); rc is None on a timeout."""
    start = time.perf_counter()
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, cwd=PROGRAMS_DIR, env=env)
    except subprocess.TimeoutExpired as e:
        return time.perf_counter() - start, None, e.stdout or b"", e.stderr or b""
    except OSError as e:
        return 0.0, -255, b"", str(e).encode()
    return time.perf_counter() - start, p.returncode, p.stdout, p.stderr


def run_cold(rt, argv, timeout):
    """run_once; pypy-client gets an empty code cache of its own, so every run compiles
    its loops (the cost is in the time) and none runs code an earlier build left behind."""
    if rt.key != "pypy-client":
        return run_once(argv, timeout)
    cache = tempfile.mkdtemp(prefix="pjs-bench-run-")
    try:
        return run_once(argv, timeout, dict(os.environ, PYPY_JIT_CACHE=cache))
    finally:
        shutil.rmtree(cache, True)


def find_pypy3(try_install):
    found = shutil.which("pypy3") or ("/usr/bin/pypy3" if os.access("/usr/bin/pypy3", os.X_OK)
                                       else None)
    if found or not try_install:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("pypy3 not installed: trying `apt-get install -y pypy3` once (optional)")
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "pypy3"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return shutil.which("pypy3")
    return None


def version_of(path):
    try:
        p = subprocess.run([path, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=30)
        return p.stdout.decode("utf-8", "replace").strip().replace("\n", " ")
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def describe(rc):
    if rc is None:
        return "timed out"
    if rc < 0:
        return "killed by signal %d" % -rc
    return "exit status %d" % rc


def show_mismatch(prog, rt, ref, got):
    print("!! MISMATCH: %s under %s does not print what CPython prints" % (prog, rt.label))
    if got[0] != ref[0]:
        print("!!   %s, CPython %s" % (describe(got[0]), describe(ref[0])))
    diff = list(difflib.unified_diff(ref[1].decode("utf-8", "replace").splitlines(),
                                     got[1].decode("utf-8", "replace").splitlines(),
                                     "cpython", rt.key, lineterm=""))
    for line in diff[:20]:
        print("!!   " + line)
    if got[2] and got[0] != 0:
        for line in got[2].decode("utf-8", "replace").rstrip("\n").split("\n")[-8:]:
            print("!!   stderr: " + line)


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def fmt_s(x):
    return "-" if x is None else ("%.3f" % x if x < 10 else "%.2f" % x)


def fmt_ratio(x):
    return "-" if x is None else "%.2fx" % x


WARMUP_PROGRAM = os.path.join(HERE, "warmup", "serve.py")
WARMUP_REQUESTS = 150
STEADY_FACTOR = 1.5  # "steady": a 10-request median within this factor of the last third's


def warmup_stats(times_us):
    """(first request ms, steady us, requests until steady, ms until steady)"""
    steady = statistics.median(times_us[-len(times_us) // 3:])
    until = len(times_us)
    for i in range(len(times_us)):
        if statistics.median(times_us[i:i + 10]) <= STEADY_FACTOR * steady:
            until = i
            break
    return times_us[0] / 1000.0, steady, until, sum(times_us[:until]) / 1000.0


def warmup_table(runtimes, cpy, ours, args):
    """Runs serve.py once per configuration; returns a dict, or False on a mismatch."""
    cache = tempfile.mkdtemp(prefix="pjs-bench-cache-")
    os.chmod(cache, 0o700)
    env = dict(os.environ, PYPY_JIT_CACHE=cache)
    configs = [(rt.label, rt.path, None) for rt in runtimes if rt.key in ("cpython", "pypy3")]
    configs += [("pypy-client cold", ours.path, env), ("pypy-client warm", ours.path, env)]
    rows, ref, ok = {}, None, True
    try:
        for label, path, e in configs:
            secs, rc, out, err = run_once([path, WARMUP_PROGRAM, str(WARMUP_REQUESTS)],
                                          args.timeout, e)
            lines = out.decode("utf-8", "replace").strip().split("\n")
            if rc != 0 or len(lines) != 2:
                print("!! warm-up: %s failed (%s): %s" % (label, describe(rc),
                      err.decode("utf-8", "replace")[-300:]))
                ok = False
                continue
            if ref is None:
                ref = lines[1]
            elif lines[1] != ref:
                print("!! warm-up: %s printed %r, CPython %r" % (label, lines[1], ref))
                ok = False
                continue
            rows[label] = warmup_stats([float(x) for x in lines[0].split()])
    finally:
        shutil.rmtree(cache, True)
    print()
    print("warm-up: %d requests of bench/warmup/serve.py, one worker each" % WARMUP_REQUESTS)
    print("  %-18s %12s %14s %16s %14s" % ("worker", "1st request", "steady/request",
                                           "requests to steady", "time to steady"))
    for label, (first, steady, until, ms) in rows.items():
        print("  %-18s %9.1f ms %11.0f us %16d %11.1f ms" % (label, first, steady, until, ms))
    print("  (steady: the median of the last third; until a 10-request median is within %.1fx)"
          % STEADY_FACTOR)
    if not ok:
        return False
    return {k: {"first_ms": v[0], "steady_us": v[1], "requests_to_steady": v[2],
                "ms_to_steady": v[3]} for k, v in rows.items()}


def parse_args():
    ap = argparse.ArgumentParser(description="Benchmark pypy-client against CPython and pypy3.")
    ap.add_argument("--only", default="", help="comma-separated program names (default: all)")
    ap.add_argument("--size", action="append", default=[], metavar="PROG=N",
                    help="arguments for one program, e.g. --size fib=30 --size 'fannkuch=9 1'")
    ap.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, metavar="K",
                    help="runs per program and runtime; the best counts (default %d)"
                    % DEFAULT_REPEAT)
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--client", default=os.path.join(REPO, "build", "release", "pypy-client"),
                    help="the pypy-client to measure (default build/release/pypy-client)")
    ap.add_argument("--cpython", default=CPYTHON, help="the reference CPython (default %s)"
                    % CPYTHON)
    ap.add_argument("--no-pypy3", action="store_true", help="leave pypy3 out")
    ap.add_argument("--no-warmup", action="store_true", help="leave the warm-up table out")
    ap.add_argument("--timeout", type=float, default=RUN_TIMEOUT_S, metavar="S",
                    help="limit for one run in seconds (default %d)" % RUN_TIMEOUT_S)
    return ap.parse_args()


def main():
    args = parse_args()
    if args.repeat < 1:
        print("bench/run.py: --repeat needs a positive number", file=sys.stderr)
        return 2

    all_programs = sorted(f[:-3] for f in os.listdir(PROGRAMS_DIR) if f.endswith(".py"))
    programs = all_programs
    if args.only:
        wanted = [w.strip().removesuffix(".py") for w in args.only.split(",") if w.strip()]
        unknown = [w for w in wanted if w not in all_programs]
        if unknown:
            print("bench/run.py: unknown program(s) %s; there are: %s"
                  % (", ".join(unknown), ", ".join(all_programs)), file=sys.stderr)
            return 2
        programs = wanted
    sizes = {}
    for s in args.size:
        name, sep, val = s.partition("=")
        name = name.strip().removesuffix(".py")
        if not sep or name not in all_programs or not val.strip():
            print("bench/run.py: bad --size %r (want PROG=N with PROG one of: %s)"
                  % (s, ", ".join(all_programs)), file=sys.stderr)
            return 2
        sizes[name] = shlex.split(val)

    if not os.access(args.client, os.X_OK):
        print("bench/run.py: no pypy-client at %s: build it first (bench/run.sh does)"
              % args.client, file=sys.stderr)
        return 2
    if not os.access(args.cpython, os.X_OK):
        print("bench/run.py: no CPython at %s (pass --cpython PATH)" % args.cpython,
              file=sys.stderr)
        return 2
    cpy = Runtime("cpython", "CPython", args.cpython)
    ours = Runtime("pypy-client", "pypy-client", os.path.abspath(args.client))
    # The same client with its JIT off: the JIT must never make a program slower.
    nojit = Runtime("jit-off", "JIT off", ours.path, ["--jit", "off"])
    runtimes = [cpy, ours, nojit]
    if not args.no_pypy3:
        pp = find_pypy3(try_install=True)
        if pp:
            runtimes.append(Runtime("pypy3", "pypy3", pp))
        else:
            print("(pypy3 not installed: its column is left out)")

    print("machine: %s, %s; best of %d runs" % (platform.machine(), platform.node(), args.repeat))
    for rt in runtimes:
        print("  %-12s %s  (%s)" % (rt.label, rt.path, version_of(rt.path)))
    print()

    failed = False
    results = []
    for prog in programs:
        path = os.path.join(PROGRAMS_DIR, prog + ".py")
        pargs = sizes.get(prog, [])
        best = {rt.key: None for rt in runtimes}
        ok = {rt.key: True for rt in runtimes}
        ref = None
        # Runtimes take turns within each repeat so that machine noise hits them alike.
        for _ in range(args.repeat):
            for rt in runtimes:
                if not ok[rt.key]:
                    continue
                secs, rc, out, err = run_cold(rt, rt.argv(path, *pargs), args.timeout)
                if rt is cpy:
                    if ref is None:
                        ref = (rc, out, err)
                    if rc != 0:
                        print("!! CPython itself fails on %s (%s):" % (prog, describe(rc)))
                        print(err.decode("utf-8", "replace")[-2000:])
                        failed = True
                        ok = {k: False for k in ok}
                        break
                elif (rc, out) != ref[:2]:
                    show_mismatch(prog, rt, ref, (rc, out, err))
                    ok[rt.key] = False
                    failed = True
                    continue
                if best[rt.key] is None or secs < best[rt.key]:
                    best[rt.key] = secs
        row = {"program": prog, "args": pargs,
               "seconds": {k: (best[k] if ok[k] else None) for k in best},
               "ok": dict(ok)}
        c = row["seconds"].get("cpython")
        for rt in runtimes[1:]:
            t = row["seconds"][rt.key]
            row["ratio_" + rt.key] = (c / t) if (c and t) else None
        on, off = row["seconds"]["pypy-client"], row["seconds"]["jit-off"]
        row["jit_gain"] = (off / on) if (on and off) else None
        results.append(row)
        sys.stdout.write("  %-16s done\n" % prog)
        sys.stdout.flush()

    # Start-up: best of STARTUP_RUNS runs of `-c pass`.
    startup = {}
    for rt in runtimes:
        times = []
        for _ in range(STARTUP_RUNS):
            secs, rc, out, err = run_once(rt.argv("-c", "pass"), 60)
            if rc != 0:
                print("!! %s -c pass fails (%s): %s" % (rt.label, describe(rc),
                      err.decode("utf-8", "replace").strip()[-300:]))
                if rt is ours:
                    failed = True
                times = []
                break
            times.append(secs)
        startup[rt.key] = min(times) if times else None

    # -- Table ----------------------------------------------------------------
    others = runtimes[1:]
    head = ["program", "args"] + [rt.label + " s" for rt in runtimes] + \
           ["CPy/" + rt.label for rt in others] + ["off/on"]
    rows = []
    for r in results:
        cells = [r["program"], " ".join(r["args"]) or "default"]
        for rt in runtimes:
            cells.append(fmt_s(r["seconds"][rt.key]) if r["ok"][rt.key] else "MISMATCH")
        cells += [fmt_ratio(r["ratio_" + rt.key]) for rt in others]
        cells.append(fmt_ratio(r["jit_gain"]))
        rows.append(cells)
    means = {rt.key: geomean([r["ratio_" + rt.key] for r in results]) for rt in others}
    counted = {rt.key: sum(1 for r in results if r["ratio_" + rt.key]) for rt in others}
    rows.append(["geometric mean", ""] + [""] * len(runtimes) +
                [fmt_ratio(means[rt.key]) for rt in others] +
                [fmt_ratio(geomean([r["jit_gain"] for r in results]))])
    rows.append(["start-up -c pass", "best of %d" % STARTUP_RUNS] +
                ["%.1f ms" % (startup[rt.key] * 1000) if startup[rt.key] else "FAIL"
                 for rt in runtimes] +
                [fmt_ratio(startup["cpython"] / startup[rt.key])
                 if startup["cpython"] and startup[rt.key] else "-" for rt in others] + [""])
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    line = lambda cells: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    print()
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for cells in rows[:-2]:
        print(line(cells))
    print("  ".join("-" * w for w in widths))
    for cells in rows[-2:]:
        print(line(cells))
    print("(ratios: CPython time / runtime time; above 1.00x is faster than CPython;")
    print(" off/on: pypy-client's time with --jit off / with the JIT; below 1.00x the JIT costs time)")
    for rt in others:
        if counted[rt.key] != len(results):
            print("(%s: geometric mean over %d of %d programs; the rest failed)"
                  % (rt.label, counted[rt.key], len(results)))

    warm = None if args.no_warmup else warmup_table(runtimes, cpy, ours, args)
    if warm is False:
        failed = True

    if args.json:
        doc = {"warmup": warm or None,"runtimes": {rt.key: {"path": rt.path, "version": version_of(rt.path)}
                            for rt in runtimes},
               "repeat": args.repeat, "programs": results,
               "geomean": means, "startup_seconds": startup, "mismatch_or_failure": failed}
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print("results written to %s" % args.json)
    if failed:
        print("!! FAILED: some output differed from CPython's or a runtime failed (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
