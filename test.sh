#!/usr/bin/env bash
# The README's second command: installs what is missing, then builds and runs every test,
# first under ASan+UBSan (build/asan), then in the Release build (build/release).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Leak checking stays off until the GC frees everything at exit; one place to change it.
PJS_ASAN_OPTIONS="detect_leaks=0"
PJS_UBSAN_OPTIONS="print_stacktrace=1"
JOBS=2

failed=()

section() { printf '\n==== %s ====\n' "$*"; }

build_and_test() {  # name build-type dir
  local name=$1 type=$2 dir=$3
  section "build: $type into $dir"
  if ! cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" >/dev/null \
     || ! cmake --build "$dir" -j"$JOBS"; then
    echo "!! $name build failed"
    failed+=("$name build")
    return
  fi
  section "test: $type (ctest in $dir)"
  if ! ASAN_OPTIONS="$PJS_ASAN_OPTIONS" UBSAN_OPTIONS="$PJS_UBSAN_OPTIONS" \
       ctest --test-dir "$dir" --output-on-failure -j"$JOBS"; then
    failed+=("$name tests")
  fi
}

section "set-up: dependencies"
./deploy/setup-deps.sh || { echo "!! set-up failed"; exit 1; }

build_and_test asan Asan build/asan
build_and_test release Release build/release

section "summary"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all builds and tests passed"
