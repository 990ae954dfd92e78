" Vim: *.claim files are medical claim drafts (filetype `claim`).
" Neovim uses ftdetect/claim.lua instead.
if has('nvim')
  finish
endif
autocmd BufNewFile,BufRead *.claim setfiletype claim
