#!/usr/bin/env bash
# Peer comparison: claimls against the open-source claim-validator (PyPI) on
# the same generated claims, on this machine, in one run.
#
#   scripts/bench_peer.sh [LINES] [SEED]        (defaults: 100000 1)
#
# Installs claim-validator into a venv under target/ (ignored by git),
# generates LINES lines of claims (examples/gen_claims.rs), converts them to
# claim-validator's JSON input (scripts/claims_to_peer_json.py), times
# `claimls check` and claim-validator (scripts/peer_validate.py) and prints a
# Markdown report (scripts/peer_report.py), also saved under
# target/peer-bench/report.md. Needs python3 (3.11+) with venv, and cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

LINES=${1:-100000}
SEED=${2:-1}
PEER_VERSION=${PEER_VERSION:-0.3.0}
TARGET=${CARGO_TARGET_DIR:-target}
VENV=target/peer-venv
WORK=target/peer-bench
mkdir -p "$WORK"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
# claim-validator 0.3.0 imports httpx at import time although it lists it
# only as an optional extra; without it `import claim_validator` fails.
"$VENV/bin/pip" install -q "claim-validator==$PEER_VERSION" httpx >&2

cargo build -q --release --bin claimls --example gen_claims >&2
"$TARGET/release/examples/gen_claims" --lines "$LINES" --seed "$SEED" \
  --truth "$WORK/truth.tsv" > "$WORK/claims.claim"
python3 scripts/claims_to_peer_json.py "$WORK/claims.claim" > "$WORK/claims.json"

# Warm the page cache for both, then time each once.
cat "$WORK/claims.claim" "$WORK/claims.json" > /dev/null
start=$(now)
"$TARGET/release/claimls" check --format json "$WORK/claims.claim" > "$WORK/claimls.json" || true
ours=$(elapsed "$start" "$(now)")
start=$(now)
"$VENV/bin/python" scripts/peer_validate.py "$WORK/claims.json" > "$WORK/peer.json"
theirs=$(elapsed "$start" "$(now)")

{
  echo "Peer comparison, $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')),"
  echo "claimls $("$TARGET/release/claimls" --version | awk '{print $2}') vs claim-validator $PEER_VERSION; command: scripts/bench_peer.sh $LINES $SEED"
  echo
  python3 scripts/peer_report.py --claims "$WORK/claims.json" --truth "$WORK/truth.tsv" \
    --claimls "$WORK/claimls.json" --claimls-seconds "$ours" \
    --peer "$WORK/peer.json" --peer-seconds "$theirs"
} | tee "$WORK/report.md"
