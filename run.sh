#!/usr/bin/env bash
# The README's first command: installs what is missing, builds Release, runs the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "== set-up: dependencies"
./deploy/setup-deps.sh
echo "== build: Release into build/release"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j"$(nproc)"
echo "== demo: pypy-client bench/programs/count.py 3000000"
build/release/pypy-client bench/programs/count.py 3000000
if [ -f examples/demo.py ]; then
  echo "== demo: pypy-client examples/demo.py"
  build/release/pypy-client examples/demo.py
fi
