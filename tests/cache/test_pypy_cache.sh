#!/usr/bin/env bash
# Integration test of the `pypy-cache` tool: exit codes and output of stats/ls/verify/evict and
# bad usage, on caches built by pjs_cache_fill.
#   test_pypy_cache.sh PATH/TO/pypy-cache PATH/TO/pjs_cache_fill
set -u
tool=$1
fill=$2
for exe in "$tool" "$fill"; do
  [ -x "$exe" ] || { echo "FAIL: no executable $exe"; exit 1; }
done
work=$(mktemp -d /tmp/pjs-cache-tool-XXXXXX)
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run EXPECTED_STATUS ARGS...: runs the tool, keeps stdout in $out and stderr in $err.
run() {
  local want=$1
  shift
  out=$("$tool" "$@" 2>"$work/stderr")
  status=$?
  err=$(cat "$work/stderr")
  [ "$status" -eq "$want" ] || fail "pypy-cache $* exited $status, expected $want (stderr: $err)"
}
expect_out() { grep -qE -- "$1" <<<"$out" || fail "output of the last command lacks /$1/: $out"; }
expect_err() { grep -qE -- "$1" <<<"$err" || fail "stderr of the last command lacks /$1/: $err"; }
one_line_err() { [ "$(wc -l <<<"$err")" -eq 1 ] || fail "expected a one-line message, got: $err"; }

cache=$work/c

# -- Usage ---------------------------------------------------------------------
run 0 --help;                  expect_out '^usage: pypy-cache'
run 0 -h;                      expect_out 'verify'
run 2;                         expect_err 'no command'; one_line_err
run 2 frobnicate;              expect_err "unknown command 'frobnicate'"; one_line_err
run 2 --bogus stats;           expect_err "unknown option '--bogus'"; one_line_err
run 2 stats extra;             expect_err "unexpected argument 'extra'"; one_line_err
run 2 --cache;                 expect_err '--cache needs a value'; one_line_err
run 2 --cache "$cache" evict --max-bytes lots; expect_err 'not a byte count'; one_line_err
run 2 --cache "$cache" stats --max-bytes 5;    expect_err "option of 'evict'"; one_line_err
for cmd in export import warm; do
  run 2 --cache "$cache" $cmd; expect_err 'not implemented yet'; one_line_err
done

# -- A cache that does not exist yet is empty, and is not created by reading it --
run 0 --cache "$cache" stats;  expect_out '^blobs: +0$'; expect_out 'does not exist yet'
run 0 --cache "$cache" ls;     [ -z "$out" ] || fail "ls of a missing cache printed: $out"
[ ! -e "$cache" ] || fail "stats/ls created the cache directory"

# -- A filled cache -------------------------------------------------------------
"$fill" "$cache" 3 >"$work/blobs" || fail "pjs_cache_fill failed"
run 0 --cache "$cache" stats
expect_out '^blobs: +4$'              # 3 loops + 1 bridge (one blob under two keys: stored once)
expect_out '^index entries: +5$'
expect_out '^quarantined: +0$'
expect_out '^total bytes: +[0-9]+ '
expect_out "^limit bytes: +536870912$"
PYPY_JIT_CACHE=$cache run 0 stats;    expect_out '^blobs: +4$'
run 0 --cache="$cache" ls
[ "$(grep -c '^loop ' <<<"$out")" -eq 4 ] || fail "ls: expected 4 loop lines: $out"
[ "$(grep -c '^bridge ' <<<"$out")" -eq 1 ] || fail "ls: expected 1 bridge line: $out"
expect_out '^loop +code=[0-9a-f]{32} pc=2 arch=x86_64 cpu=0x0000000000000003 abi=1 parent=- guard=- blob=[0-9a-f]{32} size=100$'
expect_out '^bridge code=[0-9a-f]{32} pc=0 arch=x86_64 .* parent=[0-9a-f]{32} guard=5 blob=[0-9a-f]{32} size=1$'
expect_out 'pc=9999 .* size=100$'
run 0 --cache "$cache" verify;   expect_out '^verify: ok$'; expect_out '^blobs: +4 ok, 0 bad$'

# -- A flipped bit is found, quarantined, and the cache is clean afterwards --------
id=$(sed -n '2s/^blob //p' "$work/blobs")
blob=$cache/blobs/${id:0:2}/$id
[ -f "$blob" ] || fail "no blob file at $blob"
chmod u+w "$blob"
printf '\x55' | dd of="$blob" bs=1 seek=100 conv=notrunc status=none
run 1 --cache "$cache" verify
expect_out '^verify: FAILED'; expect_out '^blobs: +3 ok, 1 bad$'
expect_out 'index entries: +[0-9]+ ok, 0 bad, 1 dangling'
expect_err "bad blob $id: content hash mismatch"
[ ! -e "$blob" ] || fail "the bad blob is still in place"
run 0 --cache "$cache" stats;    expect_out '^quarantined: +1$'; expect_out '^blobs: +3$'
run 0 --cache "$cache" verify;   expect_out '^verify: ok$'

# -- Garbage in the index is refused by ls and verify alike -------------------------
mkdir -p "$cache/index/ab"
head -c 108 /dev/urandom >"$cache/index/ab/ab000000000000000000000000000000"
run 0 --cache "$cache" ls;       expect_err 'bad index ab0+'
[ "$(wc -l <<<"$out")" -eq 4 ] || fail "ls after garbage: expected 4 lines: $out"

# -- Evict ----------------------------------------------------------------------
run 0 --cache "$cache" evict;    expect_out '^evicted 0 blobs'
run 0 --cache "$cache" evict --max-bytes 1K
expect_out '^evicted [1-9][0-9]* blobs and [1-9][0-9]* index entries: [0-9]+ -> [0-9]+ bytes \(limit 1024\)$'
run 0 --cache "$cache" stats
bytes=$(sed -n 's/^total bytes: *\([0-9]*\).*/\1/p' <<<"$out")
[ "${bytes:-99999}" -le 1024 ] || fail "after evict --max-bytes 1K the cache holds $bytes bytes"
run 0 --cache "$cache" evict --max-bytes=0
run 0 --cache "$cache" stats;    expect_out '^blobs: +0$'; expect_out '^index entries: +0$'

# -- An unsafe directory is refused with a message --------------------------------
chmod 0777 "$cache"
run 1 --cache "$cache" stats;    expect_err 'unsafe cache directory'; one_line_err
chmod 0700 "$cache"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all pypy-cache checks passed"
