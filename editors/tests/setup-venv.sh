#!/usr/bin/env bash
# Creates or updates the Python venv of the editor tests, target/py-editors
# (under the git-ignored target/), from editors/tests/requirements.txt.
# Idempotent: a venv already installed from the same requirements is left as is.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=target/py-editors
REQ=editors/tests/requirements.txt
STAMP=$VENV/.requirements.sha256
want=$(sha256sum "$REQ" | cut -d' ' -f1)

# One installer at a time (the two editor test scripts share the venv).
mkdir -p target
exec 9>target/py-editors.lock
flock 9

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '' 2>/dev/null \
    && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ]; then
  echo "setup-venv: the editor tests need Python 3.11 or later (python3 with venv)" >&2
  exit 1
fi

echo "setup-venv: installing $REQ into $VENV"
rm -rf "$VENV"
"$python" -m venv "$VENV"
PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install --no-input -q -r "$REQ"
echo "$want" > "$STAMP"
