#!/usr/bin/env bash
# Resilience suite: protocol abuse against the real binary, security checks
# (no sockets, no executions, read-only publications; strace when it can
# run), the claim generator's ground truth, and a longer bounded property
# run. These tests are also part of plain `cargo test` with smaller case
# counts; this script installs strace and raises the counts.
#
#   bash .ci/test-resilience.sh              # about 1-2 minutes on 2 cores
#   FUZZ_CASES=20000 bash .ci/test-resilience.sh   # longer
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "strace (system-call check in tests/security.rs)"
if strace -V >/dev/null 2>&1; then
  strace -V | head -n1
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq strace >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq strace >/dev/null 2>&1; } \
    || echo "strace could not be installed; tests/security.rs falls back to its other checks"
else
  echo "strace is not installed; tests/security.rs falls back to its other checks"
fi

step "protocol abuse, security and privacy, generator ground truth"
cargo test --locked --test protocol --test security --test generator

# About 60 s for 5000 cases per property in a debug build on 2 cores.
FUZZ_CASES=${FUZZ_CASES:-5000}
step "property tests, ${FUZZ_CASES} cases per property (tests/fuzz.rs)"
PROPTEST_CASES=$FUZZ_CASES cargo test --locked --test fuzz
