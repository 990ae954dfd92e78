//! claimls: a language server and checker for medical claim drafts.
//!
//! Layers, in the order data flows (see `docs/ARCHITECTURE.md`):
//! [`syntax`] parses text into claims; [`knowledge`] holds code sets and
//! billing tables; [`rules`] check a claim against the knowledge;
//! [`analysis`] is the single entry point tying them together; [`hover`]
//! answers "what is this?". The [`lsp`] and [`cli`] front ends only convert
//! positions and wire requests.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod files;
pub mod hover;
pub mod ide;
pub mod knowledge;
pub mod lsp;
pub mod profiles;
pub mod rules;
pub mod settings_schema;
pub mod span;
pub mod syntax;
pub mod text;
pub mod values;

pub use analysis::{Analysis, analyze};
pub use config::Config;
pub use diagnostic::{Diagnostic, Severity};
