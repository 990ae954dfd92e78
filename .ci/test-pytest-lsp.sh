#!/usr/bin/env bash
# Protocol scenarios under the recorded client capabilities of VS Code, Neovim
# and Emacs (pytest-lsp), plus real clients: headless Emacs 28 + eglot (Debian
# emacs-nox elpa-eglot, installed here when running as root) and Vim, and the
# README's Helix snippet. Python packages go into target/py-editors.
# Usage: bash .ci/test-pytest-lsp.sh [pytest args]   (CLAIMLS_BIN=... for another binary)
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bin=${CLAIMLS_BIN:-target/release/claimls}
if [ ! -x "$bin" ]; then
  echo "test-pytest-lsp: $bin is missing, building it"
  cargo build --release || { echo "test-pytest-lsp: FAILED (cargo build --release)"; exit 1; }
fi
export CLAIMLS_BIN
CLAIMLS_BIN=$(realpath "$bin")

if ! bash editors/tests/setup-venv.sh; then
  echo "test-pytest-lsp: FAILED (could not install the test venv)"
  exit 1
fi

# Real clients. In CI they must be there (tests fail rather than skip).
have_eglot() { command -v emacs >/dev/null 2>&1 && emacs --batch --no-init-file --eval "(require 'eglot)" >/dev/null 2>&1; }
missing=()
have_eglot || missing+=(emacs-nox elpa-eglot)
command -v vim >/dev/null 2>&1 || missing+=(vim)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-pytest-lsp: installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null \
    || echo "test-pytest-lsp: apt-get install ${missing[*]} failed"
fi
if [ "${CI:-}" = true ]; then
  export CLAIMLS_REQUIRE_CLIENTS=1
fi

report=target/py-editors/pytest-lsp.xml
rm -f "$report"
target/py-editors/bin/python -m pytest -c editors/tests/pytest.ini editors/tests --junitxml="$report" "$@"
status=$?

counts=$(target/py-editors/bin/python - "$report" <<'PY' 2>/dev/null
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
n = lambda k: sum(int(s.get(k, 0)) for s in suites)
bad = n("failures") + n("errors")
print(n("tests") - bad - n("skipped"), bad, n("skipped"))
PY
) || counts="0 1 0"
read -r passed failed skipped <<<"$counts"

echo "test-pytest-lsp: $(( $(date +%s) - started ))s"
if [ "$status" -eq 5 ]; then
  echo "test-pytest-lsp: FAILED (pytest collected no tests)"
  echo "pytest-lsp: 0 passed, 1 failed"
  exit 1
fi
echo "pytest-lsp: $passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$passed" -gt 0 ]
