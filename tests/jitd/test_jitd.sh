#!/usr/bin/env bash
# Integration test of `pypy-jitd`: a real server on an ipc:// socket, driven by jitd_probe.
#   test_jitd.sh PATH/TO/pypy-jitd PATH/TO/jitd_probe
# Checks usage errors, PING, a valid trace (compiled, then answered from the cache), hostile
# input (random bytes, a truncated message, a reply sent as a request), identical traces
# compiled once when they overlap, a second server on a taken address, and a clean SIGTERM
# shutdown that removes the socket file. Every path kills the server it started.
set -u
jitd=$1
probe=$2
for exe in "$jitd" "$probe"; do
  [ -x "$exe" ] || { echo "FAIL: no executable $exe"; exit 1; }
done
work=$(mktemp -d /tmp/pjs-jitd-XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
sock=$work/s
addr=ipc://$sock

# run EXPECTED_STATUS ARGS...: runs the server in the foreground (usage checks).
run() {
  local want=$1
  shift
  out=$("$jitd" "$@" 2>"$work/stderr")
  status=$?
  err=$(cat "$work/stderr")
  [ "$status" -eq "$want" ] || fail "pypy-jitd $* exited $status, expected $want (stderr: $err)"
}
one_line_err() { [ "$(wc -l <<<"$err")" -eq 1 ] || fail "expected a one-line message, got: $err"; }

# probe EXPECTED_REGEX ARGS...: runs jitd_probe against the server, checks its output.
probe() {
  local want=$1
  shift
  pout=$("$probe" "$addr" "$@" 2>&1)
  grep -qE -- "$want" <<<"$pout" || fail "probe $* printed '$pout', expected /$want/"
}

alive() { kill -0 "$pid" 2>/dev/null || fail "the server died ($1)"; }

# -- Usage ------------------------------------------------------------------------
run 0 -h;                   grep -q '^usage: pypy-jitd' <<<"$out" || fail "-h printed: $out"
run 0 --help;               grep -q -- '--threads' <<<"$out" || fail "--help lacks --threads"
run 2 --bogus;              grep -q "unknown option '--bogus'" <<<"$err" || fail "--bogus: $err"; one_line_err
run 2 extra;                one_line_err
run 2 --listen;             grep -q 'needs a value' <<<"$err" || fail "--listen: $err"; one_line_err
run 2 --threads 0;          one_line_err
run 2 --threads 65;         one_line_err
run 2 --threads two;        one_line_err
run 2 --listen http://x --cache "$work/cache"; one_line_err
[ ! -e "$work/cache" ] || fail "a usage error created the cache"

# -- A running server ---------------------------------------------------------------
# The test delay makes each compile take 300 ms, so that two identical requests overlap.
PYPYLOG=jitd-server:$work/log PYPY_JITD_TEST_DELAY_MS=300 \
  "$jitd" --listen "$addr" --cache "$work/cache" --threads 2 2>"$work/server.stderr" &
pid=$!
for _ in $(seq 100); do
  [ -S "$sock" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
[ -S "$sock" ] || { fail "no socket $sock after 5 s ($(cat "$work/server.stderr"))"; exit 1; }
[ "$(stat -c %a "$sock")" = 600 ] || fail "socket mode $(stat -c %a "$sock"), expected 600"

probe '^PONG$' ping
probe '^COMPILE_REPLY (COMPILED|CACHED) blob [0-9a-f]{32} size [0-9]+$' trace
probe '^COMPILE_REPLY CACHED blob ' trace
probe '^ERROR BAD_MESSAGE: TRUNCATED' truncated
probe '^ERROR BAD_MESSAGE: unexpected message type' reply

probe '^random: 200 sent, [0-9]+ answered BAD_MESSAGE, [0-9]+ unanswered, 0 other replies$' random 200
alive "after random bytes"
probe '^PONG$' ping

# Two clients at once, the same trace: both answered, compiled once (the second waits).
"$probe" "$addr" trace 2000 >"$work/p1" 2>&1 &
p1=$!
"$probe" "$addr" trace 2000 >"$work/p2" 2>&1 &
p2=$!
# A PING is answered while both compile threads are busy.
sleep 0.1
probe '^PONG$' ping
wait "$p1" || fail "first concurrent probe failed: $(cat "$work/p1")"
wait "$p2" || fail "second concurrent probe failed: $(cat "$work/p2")"
for f in p1 p2; do
  grep -q '^COMPILE_REPLY' "$work/$f" || fail "concurrent probe $f: $(cat "$work/$f")"
done
grep -q 'identical trace in flight' "$work/log" || fail "overlapping identical traces were not deduplicated"

# A second server on the same address is refused and leaves the first one's socket alone.
run 1 --listen "$addr" --cache "$work/cache"
grep -q 'another pypy-jitd' <<<"$err" || fail "second server: $err"; one_line_err
probe '^PONG$' ping

# -- SIGTERM: exit 0 within a few seconds, socket file removed -------------------------
kill -TERM "$pid"
for _ in $(seq 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
if kill -0 "$pid" 2>/dev/null; then
  fail "still running 5 s after SIGTERM"
else
  wait "$pid"
  status=$?
  [ "$status" -eq 0 ] || fail "exit status $status after SIGTERM (stderr: $(cat "$work/server.stderr"))"
fi
pid=
[ ! -e "$sock" ] || fail "socket file $sock left behind"
grep -q '^shutdown: ' "$work/log" || fail "no shutdown section in the log"
[ "$(grep -c '{jitd-server' "$work/log")" -gt 200 ] || fail "expected a log section per request"
[ -s "$work/server.stderr" ] && fail "server wrote to stderr: $(cat "$work/server.stderr")"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s); server log tail:"
  tail -20 "$work/log" 2>/dev/null
  exit 1
fi
echo "ok"
