#!/usr/bin/env bash
# Instruction counts of one `claimls::analyze` of a generated document, the
# measure that decides whether a speed change is kept (see
# docs/PERFORMANCE.md). Needs valgrind (`apt-get install valgrind`).
#
#   scripts/callgrind_analyze.sh [LINES] [OUT_DIR]
#
# Prints the total instructions of the measured call and the top functions
# (inclusive), and leaves callgrind.out in OUT_DIR for callgrind_annotate.
set -euo pipefail
lines=${1:-100000}
out=${2:-target/callgrind}
cd "$(dirname "$0")/.."
mkdir -p "$out"
cargo build --release --example analyze_once -q
# Debug info for function names; the release profile keeps LTO settings.
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  --toggle-collect='*analyze_once*measured*' \
  "${CARGO_TARGET_DIR:-target}/release/examples/analyze_once" "$lines" 2>"$out/valgrind.log"
tail -1 "$out/valgrind.log"
grep -E '^(==[0-9]+== )?Collected' "$out/valgrind.log" || true
callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null | sed -n '1,45p'
