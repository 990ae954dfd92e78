//! Code actions: the quick fixes of the findings a request concerns (those
//! the client names, then those in the requested range, at most so many),
//! taken from the diagnostics' `data` when the client sends them back for
//! the current version, else from the analysis; and the 59 → X rewrites.

use super::convert::{self, Snapshot};
use super::documents::MAX_DOCUMENT_BYTES;
use claimls_core::analysis::ClaimCache;
use claimls_core::config::Config;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower_lsp_server::ls_types::*;

/// What a code action request asks, read from its parameters.
pub(crate) struct Request {
    uri: Uri,
    range: Range,
    only: Option<Vec<CodeActionKind>>,
    /// The claimls diagnostics the client names: their ranges and rule ids
    /// (Neovim sends the line's, with the cursor's position as the range:
    /// their fixes are offered wherever the cursor is).
    asked: Vec<(Range, Option<String>)>,
    /// Their fixes as they carry them in `data`, when every one carries
    /// them for the document's current version: then no analysis is
    /// needed. (A diagnostic of an earlier version does not fit the text.)
    carried: Option<Vec<(Diagnostic, Vec<convert::DataFix>)>>,
}

impl Request {
    pub(crate) fn new(params: &CodeActionParams, version: i32) -> Request {
        // claimls's own only: other servers' diagnostics are not ours to fix.
        let ours = || {
            params
                .context
                .diagnostics
                .iter()
                .filter(|d| d.source.as_deref().is_none_or(|s| s == "claimls"))
                .take(MAX_FIXED_FINDINGS)
        };
        let asked = ours()
            .map(|d| {
                let code = match &d.code {
                    Some(NumberOrString::String(s)) => Some(s.clone()),
                    _ => None,
                };
                (d.range, code)
            })
            .collect();
        let carried = ours()
            .map(|d| convert::fixes_from_data(d, version).map(|fixes| (d.clone(), fixes)))
            .collect::<Option<Vec<_>>>()
            .filter(|carried| !carried.is_empty());
        Request {
            uri: params.text_document.uri.clone(),
            range: params.range,
            only: params.context.only.clone(),
            asked,
            carried,
        }
    }

    fn wants(&self, kind: &CodeActionKind) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
    }
}

/// The finding a claimls diagnostic stands for, as far as its rule and
/// place (enough for the "ignore on this line" fix).
fn finding_of(
    diagnostic: &Diagnostic,
    snapshot: &Snapshot<'_>,
) -> Option<claimls_core::diagnostic::Diagnostic> {
    let Some(NumberOrString::String(code)) = &diagnostic.code else {
        return None;
    };
    let rule = claimls_core::rules::get(code)?;
    let (start, end) = (
        snapshot.offset(diagnostic.range.start),
        snapshot.offset(diagnostic.range.end),
    );
    let span = claimls_core::span::Span::new(start.min(end), start.max(end));
    Some(claimls_core::diagnostic::Diagnostic::new(
        rule.id,
        rule.severity,
        span,
        "",
    ))
}

/// `span` moved inside `text` onto character boundaries: carried offsets
/// come from the client, which may send anything.
fn inside(span: claimls_core::span::Span, text: &str) -> claimls_core::span::Span {
    let at = |offset: usize| claimls_core::text::floor_char_boundary(text, offset.min(text.len()));
    claimls_core::span::Span::new(at(span.start), at(span.end.max(span.start)))
}

/// The actions for `request` on one snapshot of the document.
pub(crate) fn code_actions(
    request: &Request,
    snapshot: &Snapshot<'_>,
    config: &Arc<Config>,
    cache: &Mutex<ClaimCache>,
) -> Vec<CodeActionOrCommand> {
    let span_of = |r: Range| {
        let (start, end) = (snapshot.offset(r.start), snapshot.offset(r.end));
        claimls_core::span::Span::new(start.min(end), start.max(end))
    };
    let range = span_of(request.range);
    let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        changes: Some(HashMap::from([(request.uri.clone(), edits)])),
        ..Default::default()
    };
    let action = |fix: claimls_core::diagnostic::Fix,
                  kind: CodeActionKind,
                  diagnostic: Option<Diagnostic>| {
        let edits = fix
            .edits(snapshot.text)
            .into_iter()
            .map(|(span, text)| TextEdit::new(snapshot.range(span), text))
            .collect();
        CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title,
            kind: Some(kind),
            diagnostics: diagnostic.map(|d| vec![d]),
            edit: Some(edit(edits)),
            is_preferred: fix.preferred.then_some(true),
            ..Default::default()
        })
    };
    let mut out = Vec::new();
    if request.wants(&CodeActionKind::QUICKFIX) {
        match &request.carried {
            Some(carried) => {
                for (diagnostic, fixes) in carried {
                    for fix in fixes {
                        out.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: fix.title.clone(),
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![diagnostic.clone()]),
                            edit: Some(edit(
                                fix.edits
                                    .iter()
                                    .map(|(span, text)| {
                                        TextEdit::new(
                                            snapshot.range(inside(*span, snapshot.text)),
                                            text.clone(),
                                        )
                                    })
                                    .collect(),
                            )),
                            is_preferred: fix.preferred.then_some(true),
                            ..Default::default()
                        }));
                    }
                    // "Ignore on this line" needs only the finding's rule
                    // and where it is: made here, not carried.
                    if let Some(finding) = finding_of(diagnostic, snapshot) {
                        let ignore =
                            claimls_core::ide::actions::ignore_fix(snapshot.text, &finding);
                        out.push(action(
                            ignore,
                            CodeActionKind::QUICKFIX,
                            Some(diagnostic.clone()),
                        ));
                    }
                }
            }
            None if snapshot.text.len() <= MAX_DOCUMENT_BYTES => {
                let analysis = {
                    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                    claimls_core::analysis::analyze_incremental(snapshot.source, config, &mut cache)
                };
                let asked: Vec<_> = request
                    .asked
                    .iter()
                    .map(|(r, code)| (span_of(*r), code))
                    .collect();
                let chosen =
                    findings_to_fix(&analysis.diagnostics, range, &asked, MAX_FIXED_FINDINGS);
                for d in chosen {
                    let lsp = snapshot.diagnostic(d, &request.uri);
                    for fix in d.fixes.iter().cloned() {
                        out.push(action(fix, CodeActionKind::QUICKFIX, Some(lsp.clone())));
                    }
                    let ignore = claimls_core::ide::actions::ignore_fix(snapshot.text, d);
                    out.push(action(ignore, CodeActionKind::QUICKFIX, Some(lsp)));
                }
            }
            None => {}
        }
    }
    if request.wants(&CodeActionKind::REFACTOR_REWRITE) {
        for fix in claimls_core::ide::actions::replace_59(&config.knowledge, snapshot.text, range) {
            out.push(action(fix, CodeActionKind::REFACTOR_REWRITE, None));
        }
    }
    out
}

/// At most this many findings get quick fixes in one code action request:
/// a request over a whole batch must not build an action per finding.
pub(crate) const MAX_FIXED_FINDINGS: usize = 100;

/// The findings whose fixes a code action request offers: those the client
/// named (same rule, overlapping span), then those overlapping the
/// requested range, each once, in document order, at most `max`.
/// `findings` are sorted by span.
pub(crate) fn findings_to_fix<'d>(
    findings: &'d [claimls_core::diagnostic::Diagnostic],
    request: claimls_core::span::Span,
    asked: &[(claimls_core::span::Span, &Option<String>)],
    max: usize,
) -> Vec<&'d claimls_core::diagnostic::Diagnostic> {
    let overlaps = |a: claimls_core::span::Span, b: claimls_core::span::Span| {
        a.start <= b.end && b.start <= a.end
    };
    let mut chosen: std::collections::BTreeSet<usize> = Default::default();
    for (span, code) in asked {
        // The client names a finding by its range: the ones that start
        // where it starts (findings are sorted by span).
        let from = findings.partition_point(|d| d.span.start < span.start);
        let upto = findings.partition_point(|d| d.span.start <= span.start);
        for (i, d) in findings.iter().enumerate().take(upto).skip(from) {
            if overlaps(d.span, *span) && code.as_deref().is_none_or(|c| c == d.code) {
                chosen.insert(i);
            }
        }
        if chosen.len() >= max {
            break;
        }
    }
    let upto = findings.partition_point(|d| d.span.start <= request.end);
    for (i, d) in findings[..upto].iter().enumerate() {
        if chosen.len() >= max {
            break;
        }
        if overlaps(d.span, request) {
            chosen.insert(i);
        }
    }
    chosen.into_iter().take(max).map(|i| &findings[i]).collect()
}
