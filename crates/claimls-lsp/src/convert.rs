//! Conversions between the analysis (byte spans) and LSP types.

use super::documents::Pos;
use claimls_core::analysis::Source;
use claimls_core::diagnostic::{Diagnostic, Severity};
use claimls_core::span::Span;
use claimls_core::text::{ColumnUnit, LineIndex};
use tower_lsp_server::ls_types as lsp;

/// A text snapshot with its line index, for converting spans.
pub struct Snapshot<'t> {
    pub source: &'t Source,
    pub text: &'t str,
    pub index: &'t LineIndex,
    pub unit: ColumnUnit,
    /// The document version this text is, when known: published findings
    /// carry it with their fixes, so a code action can tell whether they
    /// still fit the text.
    pub version: Option<i32>,
}

impl<'t> Snapshot<'t> {
    /// A snapshot of one version of a document.
    pub fn new(source: &'t Source, unit: ColumnUnit) -> Self {
        Snapshot {
            source,
            text: source.text(),
            index: source.index(),
            unit,
            version: None,
        }
    }

    pub fn with_version(mut self, version: i32) -> Self {
        self.version = Some(version);
        self
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

    /// The LSP diagnostics one document publishes: at most
    /// [`MAX_PUBLISHED`] of `all` (the most serious first, in document
    /// order), and then one more that says what was left out.
    /// `limit` is the configured level of `findings-limit` (off: the rest
    /// are left out without a word).
    pub fn diagnostics(
        &self,
        all: &[Diagnostic],
        uri: &lsp::Uri,
        limit: claimls_core::config::Level,
    ) -> Vec<lsp::Diagnostic> {
        let (shown, left_out) = published(all);
        let mut out: Vec<lsp::Diagnostic> = shown.map(|d| self.diagnostic(d, uri)).collect();
        if let (Some(mut summary), claimls_core::config::Level::On(severity)) = (left_out, limit) {
            summary.severity = severity;
            out.push(self.diagnostic(&summary, uri));
        }
        out
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
            data: self.version.map(|version| self.fix_data(d, version)),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            source: Some("claimls".to_string()),
            message: d.message.to_string(),
            related_information: (!related.is_empty()).then_some(related),
            // No `codeDescription`: a link needs a page that exists, and the
            // docs ship with the binary instead (`claimls explain ID`).
            ..Default::default()
        }
    }
}

impl Snapshot<'_> {
    /// What a diagnostic's `data` carries: the document version it was
    /// computed for and the finding's quick fixes as LSP text edits of that
    /// version; the client sends them back with a code action request,
    /// which then needs no analysis (see [`fixes_from_data`]). Most findings
    /// have no fix: theirs is the short string `claimls@<version>` (a
    /// publish builds one value per finding, and a keystroke publishes).
    /// The "ignore on this line" fix is not carried: the code action makes
    /// it from the diagnostic's own range and rule.
    fn fix_data(&self, d: &Diagnostic, version: i32) -> serde_json::Value {
        use serde_json::Value;
        if d.fixes.is_empty() {
            return Value::String(format!("{DATA_TAG}{version}"));
        }
        // Compact (a keystroke publishes every finding): each fix is
        // [title, preferred, [[start, end, text], …]] in byte offsets of
        // this version; the code action turns them into ranges, on the same
        // version's text.
        let fixes: Vec<Value> = d
            .fixes
            .iter()
            .map(|fix| {
                let edits: Vec<Value> = fix
                    .edits(self.text)
                    .into_iter()
                    .map(|(span, text)| {
                        Value::Array(vec![span.start.into(), span.end.into(), text.into()])
                    })
                    .collect();
                Value::Array(vec![
                    fix.title.clone().into(),
                    fix.preferred.into(),
                    Value::Array(edits),
                ])
            })
            .collect();
        serde_json::json!({ "claimls": version, "fixes": fixes })
    }
}

/// The start of the `data` string of a finding without fixes.
const DATA_TAG: &str = "claimls@";

/// One quick fix carried in a diagnostic's `data`: byte spans of the
/// version the diagnostic was published for.
pub struct DataFix {
    pub title: String,
    pub preferred: bool,
    pub edits: Vec<(Span, String)>,
}

/// The fixes a published diagnostic carries, if it carries them for
/// `version` (a diagnostic of an earlier version does not fit the text).
pub fn fixes_from_data(d: &lsp::Diagnostic, version: i32) -> Option<Vec<DataFix>> {
    let data = d.data.as_ref()?;
    if let Some(tag) = data.as_str() {
        let carried: i32 = tag.strip_prefix(DATA_TAG)?.parse().ok()?;
        return (carried == version).then(Vec::new);
    }
    if data.get("claimls")?.as_i64()? != i64::from(version) {
        return None;
    }
    data.get("fixes")?
        .as_array()?
        .iter()
        .map(|f| {
            let [title, preferred, edits] = f.as_array()?.as_slice() else {
                return None;
            };
            let edits = edits
                .as_array()?
                .iter()
                .map(|e| {
                    let [start, end, text] = e.as_array()?.as_slice() else {
                        return None;
                    };
                    let (start, end) = (start.as_u64()? as usize, end.as_u64()? as usize);
                    (start <= end).then_some(())?;
                    Some((Span::new(start, end), text.as_str()?.to_string()))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(DataFix {
                title: title.as_str()?.to_string(),
                preferred: preferred.as_bool()?,
                edits,
            })
        })
        .collect()
}

/// At most this many findings of one document are sent to the editor. A
/// batch of a million small claims can have a million findings: sending
/// them all costs gigabytes and seconds per keystroke, and the problems
/// list is unreadable long before. `claimls check` prints them all.
pub const MAX_PUBLISHED: usize = 1000;

/// The findings to publish (see [`MAX_PUBLISHED`]): every one when there
/// are few enough; otherwise the most serious, in document order, and a
/// `findings-limit` finding on the first line that counts the rest.
pub fn published(all: &[Diagnostic]) -> (impl Iterator<Item = &Diagnostic>, Option<Diagnostic>) {
    let rank = |s: Severity| s as usize;
    let mut by_severity = [0usize; 4];
    for d in all {
        by_severity[rank(d.severity)] += 1;
    }
    // Take whole severities while they fit, then part of the next one.
    let mut room = MAX_PUBLISHED;
    let mut take = [0usize; 4];
    for (i, n) in by_severity.iter().enumerate() {
        take[i] = (*n).min(room);
        room -= take[i];
    }
    let left: [usize; 4] = std::array::from_fn(|i| by_severity[i] - take[i]);
    let summary = (left.iter().sum::<usize>() > 0).then(|| {
        let names = ["errors", "warnings", "information", "hints"];
        let parts: Vec<String> = left
            .iter()
            .zip(names)
            .filter(|(n, _)| **n > 0)
            .map(|(n, name)| format!("{n} {name}"))
            .collect();
        Diagnostic::new(
            claimls_core::rules::FINDINGS_LIMIT.id,
            claimls_core::rules::FINDINGS_LIMIT.severity,
            Span::new(0, 0),
            format!(
                "this document has {} findings; the editor shows the {MAX_PUBLISHED} most serious, and {} more are not shown ({}): run `claimls check` on the file to see them all",
                all.len(),
                all.len() - MAX_PUBLISHED,
                parts.join(", ")
            ),
        )
    });
    let mut seen = [0usize; 4];
    let shown = all.iter().filter(move |d| {
        let r = rank(d.severity);
        seen[r] += 1;
        seen[r] <= take[r]
    });
    (shown, summary)
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

#[cfg(test)]
mod tests {
    use super::*;
    use claimls_core::config::Level;

    #[test]
    fn a_capped_publish_ends_with_the_configured_summary_or_none() {
        let text = "claim A\n".repeat(MAX_PUBLISHED + 5);
        let source = Source::new(text);
        let snapshot = Snapshot::new(&source, ColumnUnit::Utf16);
        let all: Vec<Diagnostic> = (0..MAX_PUBLISHED + 5)
            .map(|i| {
                Diagnostic::new(
                    "claim-incomplete",
                    Severity::Warning,
                    Span::new(i * 8, i * 8 + 5),
                    "x",
                )
            })
            .collect();
        let uri: lsp::Uri = "file:///x.claim".parse().unwrap();
        let hinted = snapshot.diagnostics(&all, &uri, Level::On(Severity::Hint));
        assert_eq!(hinted.len(), MAX_PUBLISHED + 1);
        let summary = hinted.last().unwrap();
        assert_eq!(summary.severity, Some(lsp::DiagnosticSeverity::HINT));
        assert!(
            summary
                .message
                .contains("5 more are not shown (5 warnings)"),
            "{}",
            summary.message
        );
        let off = snapshot.diagnostics(&all, &uri, Level::Off);
        assert_eq!(off.len(), MAX_PUBLISHED, "turned off: no summary");
        let few = snapshot.diagnostics(&all[..10], &uri, Level::On(Severity::Warning));
        assert_eq!(few.len(), 10);
    }
}
