//! Conversions between the analysis (byte spans) and LSP types.

use super::documents::Pos;
use crate::analysis::Source;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use crate::text::{ColumnUnit, LineIndex};
use tower_lsp_server::ls_types as lsp;

/// A text snapshot with its line index, for converting spans.
pub struct Snapshot<'t> {
    pub source: &'t Source,
    pub text: &'t str,
    pub index: &'t LineIndex,
    pub unit: ColumnUnit,
}

impl<'t> Snapshot<'t> {
    /// A snapshot of one version of a document.
    pub fn new(source: &'t Source, unit: ColumnUnit) -> Self {
        Snapshot {
            source,
            text: source.text(),
            index: source.index(),
            unit,
        }
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let (line, column) = self.index.position(self.text, offset, self.unit);
        lsp::Position::new(line as u32, column as u32)
    }

    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of an LSP position, clamped into the document.
    pub fn offset(&self, pos: lsp::Position) -> usize {
        self.index.offset(
            self.text,
            pos.line as usize,
            pos.character as usize,
            self.unit,
        )
    }

    pub fn diagnostic(&self, d: &Diagnostic, uri: &lsp::Uri) -> lsp::Diagnostic {
        let related: Vec<_> = d
            .related
            .iter()
            .map(|r| lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri.clone(), self.range(r.span)),
                message: r.message.clone(),
            })
            .collect();
        lsp::Diagnostic {
            range: self.range(d.span),
            severity: Some(severity(d.severity)),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            source: Some("claimls".to_string()),
            message: d.message.clone(),
            related_information: (!related.is_empty()).then_some(related),
            code_description: rule_docs(d.code),
            ..Default::default()
        }
    }
}

/// Where a rule's documentation lives: its section of `docs/rules.md` in
/// the project's repository (`repository` in Cargo.toml).
pub const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

fn rule_docs(id: &str) -> Option<lsp::CodeDescription> {
    let href = format!("{RULES_DOC}#{id}").parse().ok()?;
    Some(lsp::CodeDescription { href })
}

pub fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn pos(p: lsp::Position) -> Pos {
    Pos {
        line: p.line as usize,
        column: p.character as usize,
    }
}
