//! The `.claim` format: a line-oriented, error-tolerant parser.
//!
//! Parsing never fails. Each physical line is parsed on its own (so one bad
//! line costs one diagnostic and nothing else), then lines are grouped into
//! claims: a claim runs from its `claim` line to the next one. Values keep
//! their text and span; giving them meaning (is this date real, does this
//! code exist) is the rules' job, so that every check has an id, a
//! severity and docs.
//!
//! The grammar is documented for users in `docs/claim-format.md`.

mod line;
mod tree;

pub use line::{
    Item, KEYWORDS, LINE_KEYS, LineParse, PATIENT_KEYS, PROVIDER_KEYS, PatientLine, ServiceLine,
    parse_line,
};
pub use tree::*;

use crate::span::Span;
use crate::text;

/// A problem with the shape of a line: reported under the `syntax` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// An inline `# claimls: ignore[RULE, …]` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression<'a> {
    /// 0-based line the comment stands on (and silences).
    pub line: usize,
    pub rules: Vec<crate::span::Tok<'a>>,
}

/// Parses a whole document.
pub fn parse(text: &str) -> Document<'_> {
    let mut builder = tree::Builder::default();
    for (line_no, (start, line)) in text::lines(text).enumerate() {
        builder.push(line_no, parse_line(line, start));
    }
    builder.finish()
}
