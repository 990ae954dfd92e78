//! Rules about the document and the tool: lines that cannot be read, values
//! typed in lower case, the configuration, ignore comments, and the
//! findings-limit summary. All are
//! reported by other layers and registered here for their id and docs.

pub mod config;
pub mod findings_limit;
pub mod letter_case;
pub mod syntax;
pub mod unknown_suppression;
