-- Runs the setup the docs give (editors/nvim/examples/init.lua, loaded with
-- `nvim -u`) against the real server, and checks what it promises:
-- diagnostics as virtual text, completion as you type, inlay hints and
-- formatting. See .ci/test-nvim.sh; exits 0 when every check passed.

local TIMEOUT = 15000

local function out(msg)
  io.stdout:write("[nvim documented] " .. msg .. "\n")
end

local function fail(msg)
  io.stdout:write("[nvim documented] FAIL: " .. msg .. "\n")
  io.stdout:flush()
  vim.cmd("cquit 1")
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
  out("ok: " .. msg)
end

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, "p")
local path = dir .. "/documented.claim"
vim.fn.writefile({
  "claim DOC-1",
  "payer Medicare",
  "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73",
  "provider npi=1234567893",
  "pos 11",
  "dx A C79.31",
  "line 11/02/2026 77372-TC units=1 dx=A charge=$8,950",
}, path)
vim.cmd("edit " .. path)
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "claim", "the .claim file has filetype claim")

local attached = vim.wait(TIMEOUT, function()
  return #vim.lsp.get_clients({ bufnr = buf, name = "claimls" }) > 0
end, 50)
check(attached, "claimls attached to the buffer")

local diagnosed = vim.wait(TIMEOUT, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "pctc-indicator" then
      return true
    end
  end
  return false
end, 50)
check(diagnosed, "the PC/TC error on 77372-TC arrives")
check(vim.diagnostic.config().virtual_text == true, "diagnostics show as virtual text")

-- Inlay hints: the summary after 77372 and the claim's total.
local hinted = vim.wait(TIMEOUT, function()
  return vim.lsp.inlay_hint.is_enabled({ bufnr = buf }) and #vim.lsp.inlay_hint.get({ bufnr = buf }) >= 2
end, 50)
check(hinted, "inlay hints are on and shown")

-- Formatting through the documented mapping.
vim.g.mapleader = vim.g.mapleader or "\\"
local mapping = vim.fn.maparg("<leader>cf", "n", false, true)
check(mapping and mapping.callback ~= nil, "<leader>cf formats the file")
mapping.callback()
local formatted = vim.wait(TIMEOUT, function()
  local line = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1] or ""
  return line:find("2026-11-02", 1, true) ~= nil and line:find("charge=8950.00", 1, true) ~= nil
end, 50)
check(formatted, "the line's date and amount are written the canonical way")

-- Completion as you type, last: the keys are typed by the main loop, so
-- the check polls for the menu once the script has returned.
vim.api.nvim_buf_set_lines(buf, -1, -1, false, { "line 2026-11-02 77295" })
vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(buf), 0 })
vim.api.nvim_feedkeys("A-", "t", false)
local deadline = vim.uv.now() + TIMEOUT
local function poll()
  local offered = vim.tbl_map(function(item)
    return item.word
  end, vim.fn.complete_info({ "items" }).items or {})
  if vim.tbl_contains(offered, "26") then
    check(true, "typing `-` after 77295 offers its modifiers (26 among " .. #offered .. ")")
    out("all checks passed")
    vim.cmd("stopinsert")
    vim.cmd("qall!")
  elseif vim.uv.now() > deadline then
    fail("typing `-` after 77295 offers its modifiers (got " .. vim.inspect(offered) .. ")")
  else
    vim.defer_fn(poll, 50)
  end
end
vim.defer_fn(poll, 50)
