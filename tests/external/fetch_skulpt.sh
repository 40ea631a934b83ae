#!/usr/bin/env bash
# Fetches the external suite into DIR (default /tmp/pjs-extsuite): the small CPython-semantics
# programs of Skulpt (another Python implementation; its npm package ships its tests), which
# are not part of this repository. test/run holds ~560 programs written for Python 2: 2to3
# (CPython's lib2to3) turns them into Python 3. test/unit3 holds ~90 unittest programs.
# Then: tests/external/run_suite.py DIR/run   and   tests/external/run_suite.py DIR/unit3
set -euo pipefail
dir=${1:-/tmp/pjs-extsuite}
version=1.2.0
command -v npm >/dev/null || { echo "fetch_skulpt.sh: needs npm (apt-get install npm)"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "skulpt@$version" >/dev/null)
tar xzf "$tmp/skulpt-$version.tgz" -C "$tmp" package/test/run package/test/unit3
rm -rf "$dir/run" "$dir/unit3"
mkdir -p "$dir/run" "$dir/unit3"
cp "$tmp"/package/test/run/t*.py "$dir/run/"
cp -r "$tmp"/package/test/unit3/. "$dir/unit3/"
/usr/bin/python3 -W ignore -m lib2to3 -w -n -j 2 "$dir/run" >/dev/null 2>&1
echo "fetched: $(ls "$dir/run" | wc -l) programs in $dir/run, $(ls "$dir/unit3"/*.py | wc -l) in $dir/unit3"
