#!/usr/bin/env bash
# Neovim as a user sees it: the documented setup (editors/nvim/examples/init.lua)
# in a real terminal (tmux, 160x30), a claim with 77372-TC, then K on 77372.
# Checks that the finding shows as virtual text and the hover opens, and
# writes the screen to $1 (docs/editors/neovim.md shows such a capture).
# Usage: bash editors/tests/nvim/screen.sh OUT.txt NVIM CLAIMLS_BINARY
set -euo pipefail
out=$1 nvim=$2 bin=$3
session="claimls-screen-$$"
work=$(mktemp -d)
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/srs.claim" <<'CLAIM'
claim SRS-0002
payer Medicare
patient DOE, JOHN dob=1958-07-21 sex=M member=1EG4TE5MK73
provider npi=1234567893
pos 11
dx A C79.31

line 2026-11-02 77372-TC units=1 dx=A charge=8950.00
CLAIM
tmux new-session -d -s "$session" -x 160 -y 30 \
  "env CLAIMLS_HOME='$PWD' CLAIMLS_PATH='$bin' '$nvim' -u '$PWD/editors/nvim/examples/init.lua' -i NONE '$work/srs.claim'"
screen() { tmux capture-pane -p -t "$session"; }
wait_for() {
  local what=$1 i
  for i in $(seq 1 150); do
    if screen | grep -qF -- "$what"; then return 0; fi
    sleep 0.1
  done
  echo "nvim screen: \"$what\" never appeared; the screen was:"
  screen
  return 1
}
wait_for "TC is not allowed on 77372"
# The cursor onto 77372 (line 8, column 17), then hover.
tmux send-keys -t "$session" "8G" "0" "16l"
sleep 0.3
tmux send-keys -t "$session" "K"
wait_for "Cranial radiosurgery in one session on a linear accelerator"
screen > "$out"
echo "nvim screen: virtual text and hover shown; the screen is in $out"
