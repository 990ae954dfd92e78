//! claimls: a language server and checker for medical claim drafts.
//!
//! This crate is the command line ([`cli`]) over the analysis core
//! (`claimls-core`, re-exported here so that tests and benches name one
//! crate) and the language server (`claimls-lsp`, as [`lsp`]). See
//! `docs/ARCHITECTURE.md`.

pub mod cli;

pub use claimls_core::*;
pub use claimls_lsp as lsp;
