//! Conversions of the editing features (`claimls_core::ide`) to LSP types.

use super::convert::Snapshot;
use claimls_core::ide::completion::{Completion, Kind, Resolve};
use claimls_core::ide::symbols::{Symbol, SymbolKind as Sk};
use serde_json::json;
use tower_lsp_server::ls_types::*;

/// `uri`: the document completed in, kept in the item's `data` so that
/// `completionItem/resolve` documents it with that document's
/// configuration (its folder's `claimls.toml` and data files).
pub fn completion_item(snapshot: &Snapshot<'_>, c: Completion, uri: &Uri) -> CompletionItem {
    let kind = match c.kind {
        Kind::Keyword => CompletionItemKind::KEYWORD,
        Kind::Procedure => CompletionItemKind::VALUE,
        Kind::Modifier => CompletionItemKind::ENUM_MEMBER,
        Kind::Diagnosis => CompletionItemKind::VALUE,
        Kind::Pointer => CompletionItemKind::REFERENCE,
        Kind::Place => CompletionItemKind::ENUM_MEMBER,
        Kind::Payer => CompletionItemKind::CONSTANT,
        Kind::Attribute => CompletionItemKind::PROPERTY,
        Kind::Value => CompletionItemKind::VALUE,
    };
    let data = c.resolve.as_ref().map(|r| match r {
        Resolve::Procedure(code) => json!({ "procedure": code, "uri": uri.as_str() }),
        Resolve::Modifier(code) => json!({ "modifier": code, "uri": uri.as_str() }),
        Resolve::Diagnosis(code) => json!({ "diagnosis": code, "uri": uri.as_str() }),
    });
    CompletionItem {
        label: c.label,
        kind: Some(kind),
        detail: c.detail,
        sort_text: Some(c.sort),
        filter_text: c.filter,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            snapshot.range(c.replace),
            c.insert,
        ))),
        data,
        ..Default::default()
    }
}

/// The document a completion item's `data` names.
pub fn resolve_uri(data: &serde_json::Value) -> Option<Uri> {
    data.get("uri")?.as_str()?.parse().ok()
}

/// The resolve key stored in a completion item's `data`.
pub fn resolve_key(data: &serde_json::Value) -> Option<Resolve> {
    let text = |k: &str| data.get(k).and_then(|v| v.as_str()).map(str::to_string);
    text("procedure")
        .map(Resolve::Procedure)
        .or_else(|| text("modifier").map(Resolve::Modifier))
        .or_else(|| text("diagnosis").map(Resolve::Diagnosis))
}

#[allow(deprecated)]
pub fn document_symbol(snapshot: &Snapshot<'_>, s: Symbol) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = s
        .children
        .into_iter()
        .map(|c| document_symbol(snapshot, c))
        .collect();
    DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: match s.kind {
            Sk::Claim => SymbolKind::OBJECT,
            Sk::Diagnosis => SymbolKind::CONSTANT,
            Sk::Line => SymbolKind::EVENT,
        },
        tags: None,
        deprecated: None,
        range: snapshot.range(s.span),
        selection_range: snapshot.range(s.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

/// Formatting edits as LSP text edits.
pub fn line_edits(
    snapshot: &Snapshot<'_>,
    edits: Vec<claimls_core::ide::format::LineEdit>,
) -> Vec<TextEdit> {
    edits
        .into_iter()
        .map(|e| TextEdit::new(snapshot.range(e.span), e.new_text))
        .collect()
}
