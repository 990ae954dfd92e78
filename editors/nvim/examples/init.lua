-- A complete Neovim 0.11 setup for claimls, with nothing but Neovim itself:
-- diagnostics as virtual text, completion as you type, inlay hints and
-- formatting. CI runs this very file (editors/tests/nvim/documented.lua).
--
-- Put it in your init.lua, with `claimls_dir` pointing at your checkout of
-- claimls (and the `claimls` binary on PATH, or $CLAIMLS_PATH set).

local claimls_dir = vim.env.CLAIMLS_HOME or vim.fn.expand("~/src/claimls")

-- The plugin: filetype, syntax, and the server's configuration. Added
-- before filetype detection runs, so *.claim files are recognised.
vim.opt.runtimepath:append(claimls_dir .. "/editors/nvim")

-- Findings at the end of their line (off by default since Neovim 0.11).
vim.diagnostic.config({ virtual_text = true })

vim.lsp.enable("claimls")

vim.api.nvim_create_autocmd("LspAttach", {
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= "claimls" then
      return
    end
    local buf = args.buf
    -- Completion as you type: codes, modifiers after `-`, diagnosis codes
    -- (several words search the titles), pointer letters, attributes.
    vim.lsp.completion.enable(true, client.id, buf, { autotrigger = true })
    -- Each procedure code's summary after it; each claim's line count and total.
    vim.lsp.inlay_hint.enable(true, { bufnr = buf })
    -- Format the claim file (aligned columns, canonical dates and amounts).
    vim.keymap.set("n", "<leader>cf", function()
      vim.lsp.buf.format({ bufnr = buf, name = "claimls" })
    end, { buffer = buf, desc = "claimls: format the file" })
  end,
})
