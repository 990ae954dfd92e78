-- claimls for Neovim.
--
-- Neovim 0.11+: `vim.lsp.enable('claimls')` (the config lives in lsp/claimls.lua).
-- Neovim 0.8-0.10: `require('claimls').setup(opts)`, which starts the server
-- with vim.lsp.start from a FileType autocmd. opts takes the same fields as
-- lsp/claimls.lua: cmd, filetypes, root_markers, settings, init_options, and
-- anything vim.lsp.start accepts (on_attach, capabilities, handlers...).
-- Use one of the two ways, not both, or two clients attach.
local M = {}

local uv = vim.uv or vim.loop

M.defaults = {
  name = 'claimls',
  filetypes = { 'claim' },
  root_markers = { 'claimls.toml', '.git' },
  settings = {},
}

local function default_cmd()
  return { vim.env.CLAIMLS_PATH or 'claimls' }
end

-- The claimls section of a settings / init_options table: accepts both
-- { rules = ... } and { claimls = { rules = ... } }.
local function section(t)
  if type(t) ~= 'table' then
    return {}
  end
  if type(t.claimls) == 'table' then
    return t.claimls
  end
  return t
end

-- Empty Lua tables encode as JSON arrays; the server expects objects
-- everywhere except in the `docs` list.
local function as_json(t, key)
  if type(t) ~= 'table' then
    return t
  end
  if next(t) == nil then
    return key == 'docs' and {} or vim.empty_dict()
  end
  local out = {}
  for k, v in pairs(t) do
    out[k] = as_json(v, k)
  end
  return out
end

--- Merges `init_options` and `settings` (settings win) so that both are
--- honoured: the merge is sent as initializationOptions, and replaces the
--- settings sent through workspace/didChangeConfiguration after initialize
--- (the server replaces, not merges, its editor settings on that message).
--- Meant as (or to be called from) a `before_init` callback.
---@param params table InitializeParams about to be sent
---@param config table the client's config
function M.merge_options(params, config)
  local merged = vim.tbl_deep_extend('force', {}, section(config.init_options), section(config.settings))
  if next(merged) == nil then
    params.initializationOptions = nil
    return
  end
  merged = as_json(merged)
  params.initializationOptions = merged
  local settings = config.settings
  if type(settings) == 'table' and next(settings) ~= nil then
    -- In place: the client object holds this same table and sends it on
    -- initialize.
    for k in pairs(settings) do
      settings[k] = nil
    end
    settings.claimls = merged
  end
end

local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return uv.cwd()
  end
  local dir = vim.fs.dirname(name)
  local found = vim.fs.find(markers, { upward = true, path = dir })[1]
  return found and vim.fs.dirname(found) or dir
end

--- Starts (or reuses) a claimls client for `bufnr` with the options of setup().
function M.start(bufnr, opts)
  opts = opts or M.options or M.defaults
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = vim.deepcopy(opts)
  config.cmd = config.cmd or default_cmd()
  config.root_dir = config.root_dir or root_dir(bufnr, config.root_markers or M.defaults.root_markers)
  config.filetypes = nil
  config.root_markers = nil
  local user_before_init = config.before_init
  config.before_init = function(params, c)
    M.merge_options(params, c)
    if user_before_init then
      user_before_init(params, c)
    end
  end
  local client_id
  vim.api.nvim_buf_call(bufnr, function()
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  end)
  return client_id
end

--- Neovim 0.8-0.10 setup (also works on 0.11+, where vim.lsp.enable is simpler).
function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { claim = 'claim' } })
  end
  local group = vim.api.nvim_create_augroup('claimls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf, M.options)
    end,
  })
  -- Buffers opened before setup().
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.options.filetypes, vim.bo[buf].filetype) then
      M.start(buf, M.options)
    end
  end
end

return M
