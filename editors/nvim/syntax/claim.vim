" Vim syntax file
" Language:   claimls medical claim drafts (*.claim)
" Works in Vim and Neovim without tree-sitter.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match

" Comments run from `#` to the end of the line.
syn match   claimComment    "#.*$" contains=claimTodo,claimDirective,@Spell
syn keyword claimTodo       contained TODO FIXME XXX NOTE
syn match   claimDirective  contained "claimls:\s*ignore\%(\[[^]]*\]\)\="

" Each line starts with a keyword; what follows it is chained with nextgroup
" (an item anchored at `^` cannot start after the keyword has matched).
syn match   claimKeyword    "^\s*\zs\%(claim\|payer\|patient\|provider\|rendering\|pos\|dx\|line\)\>"
syn match   claimKeyword    "^\s*\zsclaim\>" nextgroup=claimId skipwhite
syn match   claimKeyword    "^\s*\zspayer\>" nextgroup=claimPayer skipwhite
syn match   claimKeyword    "^\s*\zspatient\>" nextgroup=claimName skipwhite
syn match   claimKeyword    "^\s*\zspos\>" nextgroup=claimPosCode skipwhite
syn match   claimKeyword    "^\s*\zsdx\>" nextgroup=claimPointer skipwhite
syn match   claimKeyword    "^\s*\zsline\>" nextgroup=claimDates skipwhite

" claim <id>
syn match   claimId         contained "[^ \t#]\+"
" payer <name, to the end of the line>
syn match   claimPayer      contained "[^ \t#]\%([^#]*[^# \t]\)\="
" patient <NAME, LIST> key=value...
syn match   claimName       contained "[^=# \t]\%([^=#]*[^=# \t]\)\=\ze\%(\s\+\w\+=\|\s*#\|\s*$\)"
" pos <place of service>
syn match   claimPosCode    contained "\d\+\>"
" dx <pointer> <ICD-10-CM code>
syn match   claimPointer    contained "[^ \t#]\+" nextgroup=claimIcd skipwhite
syn match   claimIcd        contained "[^ \t#]\+"
" line <date or date..date> <procedure>[-<modifier>...] key=value...
syn match   claimDates      contained "[^ \t#]\+" contains=claimDate,claimRange nextgroup=claimProcedure skipwhite
syn match   claimProcedure  contained "[^- \t#=]\+" nextgroup=claimModSep
syn match   claimModSep     contained "-" nextgroup=claimModifier
syn match   claimModifier   contained "[^- \t#=]\+" nextgroup=claimModSep

" Attributes: key=value. (Of several items matching at one spot the one
" defined last wins: the catch-all value comes first.)
syn match   claimKey        "\<\%(dob\|sex\|member\|npi\|units\|dx\|charge\|pos\)\ze=" nextgroup=claimEquals
syn match   claimEquals     contained "=" nextgroup=claimValue,claimNumber,claimAmount,claimPointers,claimDate
syn match   claimValue      contained "[^ \t#]\+"
syn match   claimNumber     contained "\d\+\>\ze\%(\s\|#\|$\)"
syn match   claimAmount     contained "\$\=\d[0-9,]*\.\d\+\>"
syn match   claimPointers   contained "\%(\<dx=\)\@<=[A-La-l]\%(,[A-La-l]\)*\>\ze\%(\s\|#\|$\)"

" Dates: YYYY-MM-DD or MM/DD/YYYY, ranges with `..`.
syn match   claimDate       "\<\d\{4}-\d\d-\d\d\>"
syn match   claimDate       "\<\d\{1,2}/\d\{1,2}/\d\{4}\>"
syn match   claimRange      "\%(\d\)\@<=\.\.\%(\d\)\@="

hi def link claimComment    Comment
hi def link claimTodo       Todo
hi def link claimDirective  PreProc
hi def link claimKeyword    Keyword
hi def link claimId         Identifier
hi def link claimPayer      String
hi def link claimName       String
hi def link claimDate       Constant
hi def link claimRange      Delimiter
hi def link claimProcedure  Function
hi def link claimModSep     Delimiter
hi def link claimModifier   StorageClass
hi def link claimPointer    Special
hi def link claimPointers   Special
hi def link claimIcd        Type
hi def link claimKey        Identifier
hi def link claimEquals     Operator
hi def link claimAmount     Float
hi def link claimNumber     Number
hi def link claimPosCode    Number
hi def link claimValue      Constant

let b:current_syntax = 'claim'

let &cpo = s:cpo_save
unlet s:cpo_save
