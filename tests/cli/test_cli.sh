#!/usr/bin/env bash
# The pypy-client command line as a user meets it: usage errors, -c, stdin, exit statuses,
# tracebacks on stderr, data of never-closed files on disk after exit and after a crash.
# Usage: test_cli.sh PATH/TO/pypy-client
set -u
client=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check() {  # name, expected, actual
  if [ "$2" == "$3" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); printf 'FAIL %s\n  expected: %q\n  got:      %q\n' "$1" "$2" "$3"; fi
}

out=$("$client" -c 'import sys; print(sys.argv, 6 * 7)' a b); check "-c runs code with argv" "['-c', 'a', 'b'] 42" "$out"
out=$(echo 'print("from stdin")' | "$client" -); check "- reads the program from stdin" "from stdin" "$out"
"$client" --version > "$tmp/v" 2>&1; check "--version exits 0" 0 $?
grep -q "pypy-jit-server" "$tmp/v"; check "--version names the project" 0 $?
"$client" --help > "$tmp/h" 2>&1; check "--help exits 0" 0 $?
grep -q "usage: pypy-client" "$tmp/h"; check "--help shows usage" 0 $?
"$client" --bogus > /dev/null 2> "$tmp/e"; check "unknown option exits 2" 2 $?
grep -q "unknown option --bogus" "$tmp/e"; check "unknown option is named" 0 $?
"$client" --jit frobnicate=3 x.py > /dev/null 2> "$tmp/e"; check "bad --jit value exits 2" 2 $?
"$client" --jit threshold=3,trace_eagerness=2 -c 'print(1)' > /dev/null; check "good --jit exits 0" 0 $?
"$client" "$tmp/missing.py" > /dev/null 2> "$tmp/e"; check "missing script exits 2" 2 $?
grep -q "can't open file" "$tmp/e"; check "missing script is named" 0 $?
"$client" -c 'raise ValueError("bad")' > /dev/null 2> "$tmp/e"; check "uncaught exception exits 1" 1 $?
check "traceback's last line" "ValueError: bad" "$(tail -1 "$tmp/e")"
check "traceback's first line" "Traceback (most recent call last):" "$(head -1 "$tmp/e")"
"$client" -c 'import sys; sys.exit(7)'; check "sys.exit(7) exits 7" 7 $?
"$client" -c 'x = (' 2> "$tmp/e"; check "syntax error exits 1" 1 $?
check "syntax error message" "SyntaxError: '(' was never closed" "$(tail -1 "$tmp/e")"

cat > "$tmp/unclosed.py" <<PY
f = open("$tmp/data.txt", "w")
f.write("line\n" * 1000)
g = open("$tmp/data2.txt", "w")
g.write("before the crash\n")
if True:
    raise RuntimeError("crash with files open")
PY
"$client" "$tmp/unclosed.py" 2> /dev/null; check "crash exits 1" 1 $?
check "never-closed file complete after a crash" 1000 "$(wc -l < "$tmp/data.txt")"
check "second never-closed file too" "before the crash" "$(cat "$tmp/data2.txt")"

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
