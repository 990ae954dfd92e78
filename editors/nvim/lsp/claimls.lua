-- claimls for Neovim 0.11+: with `editors/nvim` on the runtimepath,
--
--   vim.lsp.enable('claimls')
--
-- is the whole setup. Override any field with vim.lsp.config('claimls', {...}),
-- e.g. `settings = { claimls = { rules = { ['mue-exceeded'] = 'warning' } } }`.
-- The server binary is $CLAIMLS_PATH if set, else `claimls` on $PATH.
--
-- `init_options` and `settings` take the shape of claimls.toml
-- ({ docs = {...}, rules = {...}, payers = {...} }), optionally nested
-- under a `claimls` key. Both are honoured: they are merged (settings win)
-- and sent at initialize and, when settings are given, again through
-- workspace/didChangeConfiguration.

---@type vim.lsp.Config
return {
  cmd = { vim.env.CLAIMLS_PATH or 'claimls' },
  filetypes = { 'claim' },
  root_markers = { 'claimls.toml', '.git' },
  settings = {},
  init_options = {},
  before_init = function(params, config)
    require('claimls').merge_options(params, config)
  end,
}
