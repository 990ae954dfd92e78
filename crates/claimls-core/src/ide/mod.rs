//! Editing features over the same analysis: completion, navigation,
//! symbols, inlay hints, formatting and quick fixes. Plain Rust with byte
//! spans; `lsp/` converts and wires.

pub mod actions;
pub mod completion;
pub mod format;
pub mod inlay;
pub mod navigation;
pub mod symbols;
