#!/usr/bin/env bash
# Benchmark: set-up, Release build into build/release, then bench/run.py with these arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== set-up: dependencies (pypy3 optional)"
./deploy/setup-deps.sh --with-pypy3
echo "== build: Release into build/release"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)" --target pypy-client
echo "== benchmark"
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
exec "$PY" bench/run.py "$@"
