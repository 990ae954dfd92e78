-- End-to-end test of editors/nvim in a real headless Neovim 0.11.
--
-- Run from the repository root (see .ci/test-nvim.sh):
--   CLAIMLS_E2E_MODE=enable CLAIMLS_PATH=target/release/claimls \
--     nvim --clean --headless --cmd 'set rtp+=editors/nvim' -c 'luafile editors/tests/nvim/e2e.lua'
--
-- Modes (CLAIMLS_E2E_MODE):
--   enable   vim.lsp.enable('claimls'); the binary comes from $CLAIMLS_PATH
--   options  vim.lsp.config('claimls', { cmd, init_options, settings }) + enable:
--            both init_options and settings must take effect
--   setup    the Neovim 0.8-0.10 fallback: require('claimls').setup({ cmd })
-- The binary for `options` and `setup` is $CLAIMLS_E2E_BIN.
-- Exits 0 when every check passed, 1 (cquit) on the first mismatch.

local mode = vim.env.CLAIMLS_E2E_MODE or 'enable'
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local fixtures = vim.fs.normalize(here .. '/../fixtures')
local TIMEOUT = 15000

local function out(msg)
  io.stdout:write('[nvim ' .. mode .. '] ' .. msg .. '\n')
end

local function fail(msg)
  io.stdout:write('[nvim ' .. mode .. '] FAIL: ' .. msg .. '\n')
  io.stdout:flush()
  vim.cmd('cquit 1')
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
  out('ok: ' .. msg)
end

local function pctc(buf)
  return vim.tbl_filter(function(d)
    return d.code == 'pctc-indicator'
  end, vim.diagnostic.get(buf))
end

local function describe(buf)
  local parts = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    parts[#parts + 1] = string.format('%s@%d:%d-%d sev=%s', tostring(d.code), d.lnum, d.col, d.end_col, d.severity)
  end
  return '{' .. table.concat(parts, ', ') .. '}'
end

local function syntax_at(line, col)
  return vim.fn.synIDattr(vim.fn.synID(line, col, 1), 'name')
end

local function hover(buf, line, character)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, TIMEOUT)
  for _, r in pairs(responses or {}) do
    if r.result and r.result.contents then
      local c = r.result.contents
      return type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c)
    end
  end
  return nil
end

local exit_code = nil
local bin = vim.env.CLAIMLS_E2E_BIN
local on_exit = function(code)
  exit_code = code
end

-- Set the server up the way a user would.
if mode == 'enable' then
  check(vim.fn.has('nvim-0.11') == 1, 'Neovim is 0.11 or later')
  check(vim.env.CLAIMLS_PATH ~= nil, '$CLAIMLS_PATH is set for this mode')
  -- Only to observe the exit code; cmd comes from lsp/claimls.lua.
  vim.lsp.config('claimls', { on_exit = on_exit })
  check(vim.lsp.config.claimls.cmd[1] == vim.env.CLAIMLS_PATH, 'lsp/claimls.lua honours $CLAIMLS_PATH')
  check(vim.deep_equal(vim.lsp.config.claimls.filetypes, { 'claim' }), 'lsp/claimls.lua: filetypes = { claim }')
  vim.lsp.enable('claimls')
elseif mode == 'options' then
  vim.lsp.config('claimls', {
    cmd = { bin },
    on_exit = on_exit,
    init_options = { rules = { ['pctc-indicator'] = 'warning' } },
    settings = { claimls = { rules = { ['dx-pointer-undeclared'] = 'hint' } } },
  })
  vim.lsp.enable('claimls')
elseif mode == 'setup' then
  require('claimls').setup({ cmd = { bin }, on_exit = on_exit })
else
  fail('unknown CLAIMLS_E2E_MODE ' .. mode)
end

local file = mode == 'options' and 'two-rules.claim' or 'bad-modifier.claim'
vim.cmd.edit(vim.fn.fnameescape(fixtures .. '/' .. file))
local buf = vim.api.nvim_get_current_buf()

-- Runtime files: ftdetect, ftplugin, syntax.
check(vim.bo[buf].filetype == 'claim', 'ftdetect: *.claim has filetype claim (got ' .. vim.bo[buf].filetype .. ')')
check(vim.bo[buf].commentstring == '# %s', 'ftplugin: commentstring is "# %s"')
check(vim.b[buf].current_syntax == 'claim', 'syntax/claim.vim is loaded')

local attached = vim.wait(TIMEOUT, function()
  return #vim.lsp.get_clients({ bufnr = buf, name = 'claimls' }) == 1
end, 50)
check(attached, 'exactly one claimls client attached')
local client = vim.lsp.get_clients({ bufnr = buf, name = 'claimls' })[1]
local ok_init = vim.wait(TIMEOUT, function()
  return client.initialized
end, 50)
check(ok_init, 'client initialized')
check(client.offset_encoding == 'utf-8', 'utf-8 position encoding negotiated (got ' .. tostring(client.offset_encoding) .. ')')
-- fixtures/ holds a claimls.toml (empty: the defaults), the first root marker.
local root = client.root_dir and vim.fs.normalize(client.root_dir)
check(root == vim.fs.normalize(fixtures), 'root_dir is the folder with claimls.toml: ' .. tostring(root))

if mode == 'options' then
  -- init_options say pctc-indicator=warning; settings (sent by
  -- workspace/didChangeConfiguration after initialize, which replaces the
  -- server's editor settings) say dx-pointer-undeclared=hint. Both must hold,
  -- also after the reanalysis the settings notification triggers.
  local S = vim.diagnostic.severity
  local function both()
    local sev = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      sev[d.code] = d.severity
    end
    return sev['pctc-indicator'] == S.WARN and sev['dx-pointer-undeclared'] == S.HINT
  end
  check(vim.wait(TIMEOUT, both, 50), 'init_options and settings both applied: ' .. describe(buf))
  vim.wait(1000)
  check(both(), 'still both applied after didChangeConfiguration: ' .. describe(buf))
  client:stop()
  check(vim.wait(TIMEOUT, function()
    return exit_code ~= nil
  end, 50), 'server exited after stop')
  check(exit_code == 0, 'server exit code 0 after shutdown+exit (got ' .. tostring(exit_code) .. ')')
  io.stdout:flush()
  vim.cmd('qall!')
  return
end

-- Syntax groups on `line 2026-11-02 77372-TC units=1 dx=A charge=8950.00` (line 8).
check(syntax_at(8, 1) == 'claimKeyword', 'syntax: keyword `line` (' .. syntax_at(8, 1) .. ')')
check(syntax_at(8, 6) == 'claimDate', 'syntax: date (' .. syntax_at(8, 6) .. ')')
check(syntax_at(8, 17) == 'claimProcedure', 'syntax: procedure code (' .. syntax_at(8, 17) .. ')')
check(syntax_at(8, 23) == 'claimModifier', 'syntax: modifier after `-` (' .. syntax_at(8, 23) .. ')')
check(syntax_at(8, 26) == 'claimKey', 'syntax: attribute key (' .. syntax_at(8, 26) .. ')')
check(syntax_at(8, 46) == 'claimAmount', 'syntax: amount (' .. syntax_at(8, 46) .. ')')
check(syntax_at(6, 6) == 'claimIcd', 'syntax: ICD-10-CM code (' .. syntax_at(6, 6) .. ')')

-- 1. Diagnostics: pctc-indicator on the `TC` of 77372-TC (0-based line 7, cols 22-24).
local got = vim.wait(TIMEOUT, function()
  return #pctc(buf) > 0
end, 50)
check(got, 'pctc-indicator diagnostic published: ' .. describe(buf))
local d = pctc(buf)[1]
check(d.lnum == 7 and d.col == 22 and d.end_col == 24, 'diagnostic covers `TC` (7:22-24): ' .. describe(buf))
check(d.severity == vim.diagnostic.severity.ERROR, 'pctc-indicator is an error by default')

-- 2. Hover on 77372.
local text = hover(buf, 7, 17)
check(text ~= nil, 'hover answered')
check(text:find('**77372**', 1, true) ~= nil, 'hover contains **77372**')
check(text:find('PC/TC indicator', 1, true) ~= nil, 'hover contains "PC/TC indicator"')

-- 3. Incremental edit: remove `-TC`; the diagnostic goes away.
vim.api.nvim_buf_set_text(buf, 7, 21, 7, 24, {})
check(vim.api.nvim_buf_get_lines(buf, 7, 8, true)[1] == 'line 2026-11-02 77372 units=1 dx=A charge=8950.00', 'edited line reads as expected')
local cleared = vim.wait(TIMEOUT, function()
  return #vim.diagnostic.get(buf) == 0
end, 50)
check(cleared, 'diagnostic disappears after removing -TC: ' .. describe(buf))

-- 4. Another edit: add `-26` (also not allowed on 77372) at the same spot;
--    the server must see exactly this text for the range to come back right.
vim.api.nvim_buf_set_text(buf, 7, 21, 7, 21, { '-26' })
local back = vim.wait(TIMEOUT, function()
  local p = pctc(buf)[1]
  return p ~= nil and p.col == 22 and p.end_col == 24
end, 50)
check(back, 'pctc-indicator back on `26` after typing -26: ' .. describe(buf))
text = hover(buf, 7, 17)
check(text ~= nil and text:find('**77372**', 1, true) ~= nil, 'hover still answers after edits')

-- 5. Stop: shutdown + exit, the server ends with status 0.
client:stop()
local exited = vim.wait(TIMEOUT, function()
  return exit_code ~= nil
end, 50)
check(exited, 'server exited after stop')
check(exit_code == 0, 'server exit code 0 after shutdown+exit (got ' .. tostring(exit_code) .. ')')

io.stdout:flush()
vim.cmd('qall!')
