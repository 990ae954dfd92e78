//! What the analysis reports: plain Rust, byte spans, no LSP types.

use crate::span::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered from most to least serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Parses the names used in configuration (`info` is accepted as a
    /// shorthand because coders type it).
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Another place in the document that explains a diagnostic (e.g. the other
/// line of a conflicting pair).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// Messages quote what was written; a pathological input (a 1 MB word)
/// must not become a 1 MB message, so messages are cut at this many chars.
pub const MAX_MESSAGE_CHARS: usize = 1000;

fn bounded(mut message: String) -> String {
    if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE_CHARS) {
        message.truncate(cut);
        message.push('…');
    }
    message
}

/// A quick fix: a titled set of text replacements (byte spans, plain Rust).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<(Span, String)>,
    /// The one an editor may apply without asking ("fix all").
    pub preferred: bool,
}

impl Fix {
    pub fn new(title: impl Into<String>, edits: Vec<(Span, String)>) -> Self {
        Fix {
            title: title.into(),
            edits,
            preferred: false,
        }
    }

    pub fn preferred(mut self) -> Self {
        self.preferred = true;
        self
    }

    /// Removes a modifier written `-XX`: the hyphen before it goes too.
    pub fn remove_modifier(modifier: crate::span::Tok<'_>, code: &str) -> Self {
        let span = Span::new(modifier.span().start.saturating_sub(1), modifier.span().end);
        Fix::new(
            format!("Remove modifier {} from {code}", modifier.text),
            vec![(span, String::new())],
        )
    }
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule id, e.g. `pctc-indicator`; see `docs/rules.md`.
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    /// Shared, not copied: the language server keeps each claim's findings
    /// and hands out copies of them on every keystroke.
    pub message: std::sync::Arc<str>,
    pub related: Vec<Related>,
    /// Quick fixes, best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            span,
            message: bounded(message.into()).into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_messages_are_cut() {
        let d = Diagnostic::new("syntax", Severity::Error, Span::new(0, 1), "é".repeat(5000));
        assert_eq!(d.message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(d.message.ends_with('…'));
    }
}
