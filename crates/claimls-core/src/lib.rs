//! claimls's analysis core: everything the command line, the language
//! server and the tests share, in plain Rust (no async runtime, no LSP:
//! the crate boundary keeps it so).
//!
//! Layers, in the order data flows (see `docs/ARCHITECTURE.md`):
//! [`syntax`] parses text into claims; [`knowledge`] holds code sets and
//! billing tables; [`rules`] check a claim against the knowledge;
//! [`analysis`] is the single entry point tying them together; [`hover`]
//! and [`ide`] answer "what is this?" and the editing features.

pub mod analysis;
pub mod config;
pub mod diagnostic;
pub mod files;
pub mod hover;
pub mod ide;
pub mod knowledge;
pub mod model;
pub mod policy;
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
