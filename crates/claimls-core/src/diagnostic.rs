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

/// What a fix changes, said of the claim rather than of its notation: the
/// format the claim was read from turns it into text edits
/// ([`crate::syntax::render_fix`] for `.claim` files). Rules speak intents,
/// so one rule serves every format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixIntent {
    /// Remove a modifier (and what attaches it to its code).
    RemoveModifier { modifier: Span },
    /// Add a modifier after the last one of a procedure; `after` is where
    /// the procedure element (the code and its modifiers) ends.
    AddModifier { after: usize, modifier: String },
    /// Write another value in place of one (a code, a pointer).
    Replace { span: Span, with: String },
    /// Declare a diagnosis `slot` (its code to be filled in) after the
    /// claim's last diagnosis, or after its start when it has none.
    DeclareDiagnosis { after: Span, slot: String },
    /// Text edits a format made itself, for its own notation (an ignore
    /// comment); byte spans.
    Edits(Vec<(Span, String)>),
}

impl FixIntent {
    /// The intent with its positions moved by `delta` bytes.
    pub fn shifted(mut self, delta: isize) -> Self {
        match &mut self {
            FixIntent::RemoveModifier { modifier } => *modifier = modifier.shifted(delta),
            FixIntent::AddModifier { after, .. } => *after = after.saturating_add_signed(delta),
            FixIntent::Replace { span, .. } => *span = span.shifted(delta),
            FixIntent::DeclareDiagnosis { after, .. } => *after = after.shifted(delta),
            FixIntent::Edits(edits) => {
                for (span, _) in edits {
                    *span = span.shifted(delta);
                }
            }
        }
        self
    }
}

/// A quick fix: a title and what it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub intents: Vec<FixIntent>,
    /// The one an editor may apply without asking ("fix all").
    pub preferred: bool,
}

impl Fix {
    pub fn new(title: impl Into<String>, intent: FixIntent) -> Self {
        Fix {
            title: title.into(),
            intents: vec![intent],
            preferred: false,
        }
    }

    pub fn preferred(mut self) -> Self {
        self.preferred = true;
        self
    }

    /// Removes a modifier from the code it is on.
    pub fn remove_modifier(modifier: crate::span::Tok<'_>, code: &str) -> Self {
        Fix::new(
            format!("Remove modifier {} from {code}", modifier.text),
            FixIntent::RemoveModifier {
                modifier: modifier.span(),
            },
        )
    }

    /// The text edits that carry the fix out in `text` (a `.claim` file).
    pub fn edits(&self, text: &str) -> Vec<(Span, String)> {
        self.intents
            .iter()
            .flat_map(|intent| crate::syntax::render_fix(text, intent))
            .collect()
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
