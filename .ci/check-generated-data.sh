#!/usr/bin/env bash
# Regenerates the tables in data/ that come from CMS files and fails when the
# committed ones differ. The CMS inputs live beside the repository
# (../shared/cms) on maintainers' machines only: without them there is
# nothing to compare, and the step says so and passes.
set -euo pipefail
cd "$(dirname "$0")/.."
cms="../shared/cms"
if [ ! -f "$cms/pprrvu_cy2026_jul.tsv" ]; then
  echo "generated data: $cms not present; skipped (nothing to regenerate from)"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
bash scripts/gen_cms_tables.sh "$cms" "$tmp/mpfs"
# Written by hand from the CMS documentation, not generated.
cp data/mpfs/legend.tsv data/mpfs/indicator_modifiers.tsv "$tmp/mpfs/"
if ! diff -r data/mpfs "$tmp/mpfs" >"$tmp/diff"; then
  head -n 20 "$tmp/diff"
  echo "generated data: data/mpfs differs from what scripts/gen_cms_tables.sh makes; run it and commit"
  exit 1
fi
echo "generated data: data/mpfs matches its CMS sources"
