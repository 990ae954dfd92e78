#!/usr/bin/env bash
# The VS Code extension's checks (editors/vscode): type-check, lint, unit
# tests, TextMate grammar tests, `vsce package` with the release binary
# bundled, and an end-to-end test in real VS Code (code-server 4.100.3 driven
# by playwright-core and Debian's Chromium).
#
# Installs what it needs itself (apt: chromium, ripgrep, a C/C++ toolchain;
# npm: the extension's locked dev dependencies; code-server into
# editors/vscode/.e2e). A second run skips the installs already in place.
# The system packages and code-server are installed in the background while
# the extension is checked and packaged. Screenshots and logs land in
# editors/vscode/.artifacts/.
#
# Usage: bash .ci/test-vscode.sh   (needs Node.js 20 and npm; root or sudo for apt)
# CLAIMLS_BINARY=path bundles that server instead of target/release/claimls.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
EXT=editors/vscode
E2E="$EXT/.e2e"
ARTIFACTS="$EXT/.artifacts"
CODE_SERVER_VERSION=4.100.3
CS="$E2E/node_modules/code-server"
SERVER_BIN="${CLAIMLS_BINARY:-target/release/claimls}"

started=$SECONDS
current="setup"
step_started=$SECONDS
timings=()
background_pid=""
background_log="$(mktemp)"

finish() {
  local rc=$?
  if [ -n "$background_pid" ]; then
    kill -- "-$background_pid" 2>/dev/null || true
  fi
  rm -f "$background_log"
  if [ "$current" != "done" ]; then
    timings+=("$current:$((SECONDS - step_started))s")
  fi
  echo "test-vscode: step times: ${timings[*]:-}"
  if [ "$rc" -eq 0 ]; then
    echo "test-vscode: PASSED (tsc, eslint, unit, grammar, vsce package, code-server e2e) in $((SECONDS - started))s"
  else
    echo "test-vscode: FAILED at step '$current' (exit $rc) after $((SECONDS - started))s; screenshots and logs: $ARTIFACTS/"
  fi
}
trap finish EXIT

step() {
  if [ "$current" != "setup" ]; then
    timings+=("$current:$((SECONDS - step_started))s")
  fi
  current="$1"
  step_started=$SECONDS
  echo "==> [$((SECONDS - started))s] $1"
}

note() {
  echo "    [$((SECONDS - started))s] $*"
}

# No audit, funding or update notices.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp must compile against the installed Node headers: nothing may be
# downloaded from outside the package registries.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
export JOBS

step "node"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 is required (found $(node --version))" >&2
  exit 1
fi
if [ "$node_major" -ne 20 ]; then
  echo "warning: code-server $CODE_SERVER_VERSION is built for Node.js 20; found $(node --version)"
fi

# --- Background: system packages, then code-server -------------------------

install_system_packages() {
  local sudo="" missing=() pkg
  if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
  fi
  for pkg in chromium ripgrep build-essential python3; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    note "apt: chromium, ripgrep, build-essential, python3 already installed"
    return
  fi
  note "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  note "apt done"
}

# code-server is installed with --ignore-scripts; its postinstall would
# compile every native module and download rg from GitHub. Only what the
# test needs is set up by hand (see editors/vscode/README.md): argon2 (loaded
# at start-up) and @vscode/spdlog (VS Code's log files, which back the output
# channels) are compiled; rg comes from Debian through @vscode/ripgrep's
# download cache; node-pty (terminals), kerberos (proxy authentication) and
# the built-in extensions' TypeScript are left out.
code_server_stamp="$CODE_SERVER_VERSION-$(node --version)"
code_server_ready() {
  [ "$(cat "$E2E/.claimls-stamp" 2>/dev/null || true)" = "$code_server_stamp" ]
}

# Downloads only: runs while apt works.
fetch_code_server() {
  rm -rf "$E2E"
  mkdir -p "$E2E"
  note "npm install code-server@$CODE_SERVER_VERSION --ignore-scripts"
  npm install --prefix "$E2E" --ignore-scripts --omit=dev --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  note "install VS Code's server dependencies --ignore-scripts"
  (cd "$CS/lib/vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
}

# Needs the C/C++ toolchain and rg from apt.
build_code_server() {
  note "compile argon2"
  (cd "$E2E" && npm rebuild argon2 --build-from-source)
  note "compile @vscode/spdlog"
  (cd "$CS/lib/vscode" && npm rebuild @vscode/spdlog)

  # @vscode/ripgrep's postinstall skips the download when
  # $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<rg version>-<target>.tar.gz
  # exists: build that tarball from Debian's rg.
  local rgpkg="$CS/lib/vscode/node_modules/@vscode/ripgrep" rg_pkg_version rg_version rg_target rg_tmp
  rg_pkg_version="$(node -p "require('./$rgpkg/package.json').version")"
  rg_version="$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$rgpkg/lib/postinstall.js")"
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) echo "no @vscode/ripgrep target for $(uname -m)" >&2; return 1 ;;
  esac
  note "rg $rg_version for @vscode/ripgrep $rg_pkg_version from $(command -v rg)"
  rg_tmp="$(mktemp -d)"
  mkdir -p "$rg_tmp/vscode-ripgrep-cache-$rg_pkg_version" "$rg_tmp/src"
  cp "$(command -v rg)" "$rg_tmp/src/rg"
  tar czf "$rg_tmp/vscode-ripgrep-cache-$rg_pkg_version/ripgrep-$rg_version-$rg_target.tar.gz" -C "$rg_tmp/src" rg
  (cd "$rgpkg" && TMPDIR="$rg_tmp" node lib/postinstall.js)
  rm -rf "$rg_tmp"
  test -x "$rgpkg/bin/rg"

  # The symlinks code-server's postinstall.sh makes.
  ln -sfn node_modules "$CS/lib/vscode/node_modules.asar"
  ln -sfn code-linux.sh "$CS/lib/vscode/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$CS/lib/vscode/bin/helpers/browser.sh"
  echo "$code_server_stamp" > "$E2E/.claimls-stamp"
  note "code-server ready"
}

background_install() {
  local apt_log apt_pid apt_rc=0
  apt_log="$(mktemp)"
  install_system_packages > "$apt_log" 2>&1 &
  apt_pid=$!
  if code_server_ready; then
    note "code-server $CODE_SERVER_VERSION already installed"
  else
    fetch_code_server
  fi
  wait "$apt_pid" || apt_rc=$?
  cat "$apt_log"
  rm -f "$apt_log"
  if [ "$apt_rc" -ne 0 ]; then
    echo "apt-get failed (exit $apt_rc)" >&2
    return "$apt_rc"
  fi
  if ! code_server_ready; then
    build_code_server
  fi
}

step "start background install (apt, code-server)"
# In a process group of its own (set -m), so that a failure here can stop it whole.
set -m
(
  set -euo pipefail
  background_install
) > "$background_log" 2>&1 &
background_pid=$!
set +m

# --- Foreground: the extension ------------------------------------------------

step "npm-ci"
stamp="$(cat "$EXT/package-lock.json" "$EXT/package.json" | sha256sum | cut -c1-16)-$(node --version)"
if [ "$(cat "$EXT/node_modules/.claimls-stamp" 2>/dev/null || true)" != "$stamp" ]; then
  (cd "$EXT" && npm ci --no-audit --no-fund)
  echo "$stamp" > "$EXT/node_modules/.claimls-stamp"
else
  echo "up to date"
fi

step "server-binary"
if [ ! -x "$SERVER_BIN" ]; then
  if [ -n "${CLAIMLS_BINARY:-}" ]; then
    echo "CLAIMLS_BINARY=$CLAIMLS_BINARY is not an executable" >&2
    exit 1
  fi
  cargo build --release
fi
CLAIMLS_BINARY="$(realpath "$SERVER_BIN")"
export CLAIMLS_BINARY

step "tsc"
(cd "$EXT" && npx --no-install tsc -p .)

step "eslint"
(cd "$EXT" && npx --no-install eslint --max-warnings 0 .)

# Unit and grammar failures are counted and reported, and the later steps
# still run: the end-to-end test says more about a failure than a stop.
later_failures=0

step "unit"
unit_log="$(mktemp)"
unit_rc=0
(cd "$EXT" && node --test --test-reporter=spec out/test/unit/*.test.js) 2>&1 | tee "$unit_log" || unit_rc=$?
unit_passed="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$unit_log" | tail -n 1)"
unit_failed="$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$unit_log" | tail -n 1)"
if [ "$unit_rc" -ne 0 ] && [ "${unit_failed:-0}" -eq 0 ]; then unit_failed=1; fi
echo "vscode unit: ${unit_passed:-0} passed, ${unit_failed:-0} failed"
rm -f "$unit_log"
[ "$unit_rc" -eq 0 ] || later_failures=$((later_failures + 1))

step "grammar"
grammar_log="$(mktemp)"
grammar_rc=0
(cd "$EXT" && npx --no-install vscode-tmgrammar-test -g syntaxes/claim.tmLanguage.json "test/grammar/*.claim") 2>&1 | tee "$grammar_log" || grammar_rc=$?
grammar_passed="$(grep -c '^✓' "$grammar_log" || true)"
grammar_failed="$(grep -c '^✗' "$grammar_log" || true)"
if [ "$grammar_rc" -ne 0 ] && [ "${grammar_failed:-0}" -eq 0 ]; then grammar_failed=1; fi
echo "vscode grammar: ${grammar_passed:-0} passed, ${grammar_failed:-0} failed"
rm -f "$grammar_log"
[ "$grammar_rc" -eq 0 ] || later_failures=$((later_failures + 1))

step "vsce-package"
rm -f "$EXT"/*.vsix
(cd "$EXT" && node scripts/package.mjs)
vsix="$(ls "$EXT"/*.vsix)"

step "vsix-contents"
# The package carries the licence and the user's README (not the build
# notes), and a stripped server.
python3 - "$vsix" <<'PY'
import sys, zipfile
vsix = zipfile.ZipFile(sys.argv[1])
# vsce renames some files (LICENSE -> LICENSE.txt, README.md -> readme.md).
by_lower = {n.lower(): n for n in vsix.namelist()}
def text(*candidates):
    for c in candidates:
        if c.lower() in by_lower:
            return vsix.read(by_lower[c.lower()]).decode()
    return None
problems = []
licence = text("extension/LICENSE.txt", "extension/LICENSE")
if licence is None:
    problems.append("no LICENSE in the package")
elif "MIT License" not in licence or "Apache License" not in licence:
    problems.append("LICENSE does not hold both licences")
readme = text("extension/README.md") or ""
if "What claimls checks" not in readme or "code-server" in readme:
    problems.append("README.md is not the user's page")
if any(n.endswith("developing.md") for n in by_lower):
    problems.append("the build notes (DEVELOPING.md) are packaged")
if problems:
    sys.exit("vsix contents: " + "; ".join(problems))
print("vsix contents: LICENSE (MIT and Apache 2.0), user README, no build notes")
PY

step "wait for background install"
background_rc=0
wait "$background_pid" || background_rc=$?
background_pid=""
sed 's/^/    | /' "$background_log"
if [ "$background_rc" -ne 0 ]; then
  echo "the background install (apt, code-server) failed with exit $background_rc" >&2
  exit "$background_rc"
fi

step "e2e"
rm -rf "$ARTIFACTS"
node "$EXT/test/e2e/e2e.mjs" \
  --code-server "$CS/out/node/entry.js" \
  --vsix "$vsix" \
  --chromium "$(command -v chromium)" \
  --artifacts "$ARTIFACTS"

if [ "$later_failures" -ne 0 ]; then
  current="unit or grammar ($later_failures failed)"
  exit 1
fi

step "done"
current="done"
