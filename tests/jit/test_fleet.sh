#!/usr/bin/env bash
# Integration test of the JIT as a fleet uses it: a real pypy-jitd, several real workers on one
# code cache, and the ways it can go wrong.
#   test_fleet.sh PATH/TO/pypy-client PATH/TO/pypy-jitd PATH/TO/pypy-cache
# Every worker's output must equal CPython's (tests/jit/loops.py run by /usr/bin/python3):
#   1. a cold worker compiles its loops through the server; a second worker on the same cache
#      compiles nothing (it links what the first published);
#   2. three workers at once on a fresh cache;
#   3. the server killed with SIGKILL while a worker runs, and a server address nobody answers;
#   4. a flipped bit in every cached blob (the workers must not run them);
#   5. no server at all (the in-process compiler), cold then warm.
set -u
client=$1
jitd=$2
tool=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=$here/loops.py
work=$(mktemp -d /tmp/pjs-fleet-XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
N=3000
"$PY" "$prog" $N >"$work/expected" || { echo "FAIL: CPython could not run $prog"; exit 1; }
JIT="--jit threshold=40,trace_eagerness=10"

start_server() {  # cache-dir
  rm -f "$work/s"
  PYPYLOG=jitd-server:$work/server.log "$jitd" --listen "ipc://$work/s" --cache "$1" --threads 2 &
  pid=$!
  for _ in $(seq 100); do [ -S "$work/s" ] && return 0; sleep 0.05; done
  fail "the server did not start"
}
stop_server() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }

# worker NAME CACHE [client options...]: runs loops.py, checks its output and exit status.
worker() {
  local name=$1 cache=$2
  shift 2
  PYPY_JIT_CACHE=$cache PYPYLOG=jit-summary,jit-abort,jit-cache:$work/$name.log \
    "$client" "$@" "$prog" $N >"$work/$name.out" 2>"$work/$name.err"
  local rc=$?
  [ $rc -eq 0 ] || fail "$name exited $rc: $(tail -3 "$work/$name.err")"
  cmp -s "$work/expected" "$work/$name.out" || fail "$name printed something else than CPython: $(diff "$work/expected" "$work/$name.out" | head -5)"
}
stat_of() {  # log field: the number after "field:" in a jit-summary
  grep -E "^ *$2:" "$work/$1.log" | head -1 | sed -E 's/^[^:]*:[[:space:]]*([0-9]+).*/\1/'
}

# -- 1. Cold, then warm, through a server -------------------------------------------------
mkdir -m 700 "$work/c1"
start_server "$work/c1"
worker cold "$work/c1" $JIT,sync --jit-server "ipc://$work/s"
[ "$(stat_of cold compiled)" -gt 0 ] 2>/dev/null || fail "the cold worker compiled nothing: $(cat "$work/cold.log")"
worker warm "$work/c1" $JIT,sync --jit-server "ipc://$work/s"
[ "$(stat_of warm compiled)" = 0 ] || fail "the warm worker compiled loops again: $(cat "$work/warm.log")"
[ "$(stat_of warm Sent)" = 0 ] || fail "the warm worker sent traces (it should find them all in the cache)"
[ "$(stat_of warm 'Cache hits')" -gt 0 ] 2>/dev/null || fail "the warm worker found nothing in the cache"
"$tool" --cache "$work/c1" verify >"$work/verify" 2>&1 || fail "pypy-cache verify: $(cat "$work/verify")"

# -- 2. Three workers at once on a fresh cache ----------------------------------------------
stop_server
mkdir -m 700 "$work/c2"
start_server "$work/c2"
for w in a b c; do worker "fleet_$w" "$work/c2" $JIT --jit-server "ipc://$work/s" & done
wait %2 %3 %4 2>/dev/null
for w in a b c; do cmp -s "$work/expected" "$work/fleet_$w.out" || fail "fleet worker $w: wrong output"; done

# -- 3. The server dies, or was never there --------------------------------------------------
( sleep 0.3; kill -KILL "$pid" 2>/dev/null ) &
worker killed "$work/c2" --jit threshold=5 --jit-server "ipc://$work/s"
wait "$pid" 2>/dev/null
pid=
worker noserver "$work/c2" $JIT --jit-server "ipc://$work/nobody"
worker noserver_sync "$work/c2" $JIT,sync --jit-server "ipc://$work/nobody"

# -- 4. Corrupt blobs are never run ------------------------------------------------------------
for f in $(find "$work/c1/blobs" -type f); do
  size=$(stat -c %s "$f")
  off=$(( (size * 3) / 4 ))
  byte=$(od -An -tu1 -j "$off" -N1 "$f" | tr -d ' ')
  printf "$(printf '\\%03o' $(( byte ^ 16 )))" | dd of="$f" bs=1 seek="$off" conv=notrunc status=none
done
worker flipped "$work/c1" $JIT,sync
[ -n "$(ls "$work/c1/quarantine" 2>/dev/null)" ] || fail "no corrupt blob was caught (quarantine/ is empty)"
"$tool" --cache "$work/c1" verify >"$work/verify2" 2>&1 || fail "pypy-cache verify after the flips: $(cat "$work/verify2")"

# -- 5. No server: the in-process compiler, cold then warm ------------------------------------
mkdir -m 700 "$work/c3"
worker local_cold "$work/c3" $JIT,sync
[ "$(stat_of local_cold compiled)" -gt 0 ] 2>/dev/null || fail "in-process: nothing compiled: $(cat "$work/local_cold.log")"
worker local_warm "$work/c3" $JIT,sync
[ "$(stat_of local_warm compiled)" = 0 ] || fail "in-process warm worker compiled again"

[ $failures -eq 0 ] && echo "PASS: fleet (cold/warm, concurrent workers, killed and missing server, corrupt blobs, in-process)"
exit $((failures > 0))
