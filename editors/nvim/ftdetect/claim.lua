-- Neovim: *.claim files are medical claim drafts (filetype `claim`).
vim.filetype.add({ extension = { claim = 'claim' } })
