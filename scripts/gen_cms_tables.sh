#!/usr/bin/env bash
# Regenerates the fee-schedule tables in data/mpfs/ from the CMS files kept
# for maintainers (by default ../shared/cms beside the repository).
#   scripts/gen_cms_tables.sh [CMS_DIR] [OUT_DIR]
# .ci/run calls it with a temporary OUT_DIR and fails when data/ differs.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cms="${1:-$here/../shared/cms}"
out="${2:-$here/data/mpfs}"
mkdir -p "$out"
python3 "$here/scripts/gen_mpfs.py" "$cms/pprrvu_cy2025_oct.tsv" --year 2025 \
    --release "CY2025 October release (RVU25D), file PPRRVU2025_Oct.csv, released 2025-09-11" \
    --source-note "descriptor-free copy of the CMS file (sha256 of the CMS CSV 8af460f38bf982b79b07269fbc8b7256a8ef3bd3aa025a9c5cb71c1e52523c56)" \
    --out "$out/cy2025.tsv"
python3 "$here/scripts/gen_mpfs.py" "$cms/pprrvu_cy2026_jul.tsv" --year 2026 \
    --release "CY2026 July release (RVU26C), file PPRRVU2026_Jul_nonQPP.csv, released 2026-06-30 (non-QPP conversion factor)" \
    --source-note "descriptor-free copy of the CMS file (sha256 of the CMS CSV b7d197e73211ef6854c213c267d5fa9dec8df995db8e1ee7d44c0556ad7cee21)" \
    --out "$out/cy2026.tsv"
