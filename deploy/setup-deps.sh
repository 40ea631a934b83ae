#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only when one is missing.
# Idempotent and quiet when everything is present. Not root and something missing: lists
# the packages and exits 2. `--with-pypy3` also tries pypy3 (for the benchmark; not fatal).
set -euo pipefail

PJS_DEPS=(build-essential cmake pkg-config libuv1-dev libnng-dev libffi-dev libxxhash-dev
          check python3 libcapstone-dev libssl-dev)

with_pypy3=0
for arg in "$@"; do
  case "$arg" in
    --with-pypy3) with_pypy3=1 ;;
    -h|--help) echo "usage: deploy/setup-deps.sh [--with-pypy3]"; exit 0 ;;
    *) echo "setup-deps.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

installed() { dpkg -s "$1" >/dev/null 2>&1; }

missing=()
for p in "${PJS_DEPS[@]}"; do
  installed "$p" || missing+=("$p")
done

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-deps.sh: missing packages: ${missing[*]}" >&2
    echo "setup-deps.sh: run as root, or: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 2
  fi
  echo "== setup-deps: installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

if [ "$with_pypy3" = 1 ] && ! installed pypy3; then
  if [ "$(id -u)" = 0 ]; then
    echo "== setup-deps: installing pypy3 (optional, for the benchmark)"
    apt_install pypy3 || echo "setup-deps.sh: pypy3 could not be installed; the benchmark runs without it" >&2
  else
    echo "setup-deps.sh: pypy3 not installed (optional); the benchmark runs without it" >&2
  fi
fi
exit 0
