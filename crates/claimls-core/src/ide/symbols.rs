//! Document outline and folding: a claim with its diagnoses and lines.

use crate::model::Claim;
use crate::span::Span;
use crate::syntax::{self};
use crate::values::{format_amount, parse_amount};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Claim,
    Diagnosis,
    Line,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct.
    pub span: Span,
    /// What to select when the symbol is picked (the id, the code).
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// Total charges of a claim in cents (lines without a readable charge count 0).
pub fn total_charges(claim: &Claim<'_>) -> i64 {
    claim
        .lines
        .iter()
        .filter_map(|l| l.charge.and_then(|c| parse_amount(c.text).ok()))
        .sum()
}

pub fn document_symbols(text: &str) -> Vec<Symbol> {
    document_symbols_bounded(text, usize::MAX).0
}

/// The outline of the first `max_claims` claims, and how many claims the
/// document has. Only those claims are parsed: the outline of a batch of a
/// million claims costs what the first ones cost.
pub fn document_symbols_bounded(text: &str, max_claims: usize) -> (Vec<Symbol>, usize) {
    let blocks = syntax::claim_blocks(text);
    let claims = blocks
        .iter()
        .filter(|(start, _, _)| syntax::is_claim_line(text, *start))
        .count();
    // The first `max_claims` claim blocks, with the text before them.
    let preface = usize::from(
        blocks
            .first()
            .is_some_and(|b| !syntax::is_claim_line(text, b.0)),
    );
    let end = blocks
        .get((preface + max_claims).min(blocks.len()).saturating_sub(1))
        .map_or(text.len(), |b| b.1);
    let doc = syntax::parse_range(text, 0, end, 0);
    let symbols = doc
        .claims
        .iter()
        .take(max_claims)
        .map(|claim| {
            let mut children: Vec<Symbol> = claim
                .diagnoses
                .iter()
                .map(|dx| Symbol {
                    name: format!("dx {} {}", dx.letter.text, dx.code.text),
                    detail: None,
                    kind: SymbolKind::Diagnosis,
                    span: dx.span,
                    selection: dx.code.span(),
                    children: Vec::new(),
                })
                .collect();
            children.extend(claim.lines.iter().map(|line| Symbol {
                name: format!("{} {}", line.procedure.text, line.dates.text),
                detail: line.charge.map(|c| c.text.to_string()),
                kind: SymbolKind::Line,
                span: line.span,
                selection: line.code.span(),
                children: Vec::new(),
            }));
            let payer = claim.payer.map_or("no payer", |p| p.text);
            Symbol {
                name: claim.id.map_or("claim", |i| i.text).to_string(),
                detail: Some(format!(
                    "{payer} · {}",
                    format_amount(total_charges(claim), true)
                )),
                kind: SymbolKind::Claim,
                span: claim.span,
                selection: claim.id.map_or(claim.anchor, |i| i.span()),
                children,
            }
        })
        .collect();
    (symbols, claims)
}

/// The outline entry that stands for `n` claims left out of it, placed at
/// `offset` (the end of the last one shown).
pub fn more_claims(n: usize, offset: usize) -> Symbol {
    let at = Span::new(offset, offset);
    Symbol {
        name: format!("… {n} more claims (the outline shows the first ones)"),
        detail: Some("run `claimls check` on the file to check them all".to_string()),
        kind: SymbolKind::Claim,
        span: at,
        selection: at,
        children: Vec::new(),
    }
}

/// One folding range per claim of more than one line: (first line, last line), 0-based.
/// Found from the claim blocks alone (no parse): a batch of a million
/// claims folds without building a million claims.
pub fn folding_ranges(text: &str) -> Vec<(usize, usize)> {
    let index = crate::text::LineIndex::new(text);
    syntax::claim_blocks(text)
        .into_iter()
        .filter(|(start, _, _)| syntax::is_claim_line(text, *start))
        .map(|(start, end, first_line)| {
            let content = text[start..end].trim_end();
            (first_line, index.line_of(start + content.len()))
        })
        .filter(|(a, b)| b > a)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "claim A\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372 dx=A charge=$8,950.00\nline 2026-11-02 77432 dx=A charge=1200\n\nclaim B\npayer Aetna\n";

    #[test]
    fn claims_with_payer_total_and_children() {
        let symbols = document_symbols(TEXT);
        assert_eq!(symbols.len(), 2);
        assert_eq!(symbols[0].name, "A");
        assert_eq!(symbols[0].detail.as_deref(), Some("Medicare · $10,150.00"));
        let names: Vec<_> = symbols[0]
            .children
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["dx A C79.31", "77372 2026-11-02", "77432 2026-11-02"]
        );
        assert_eq!(
            &TEXT[symbols[0].selection.start..symbols[0].selection.end],
            "A"
        );
    }

    #[test]
    fn a_bounded_outline_parses_only_the_claims_it_shows_and_counts_the_rest() {
        let batch = format!(
            "# a preface\n{}",
            "claim X\nline 2026-11-02 77372\n".repeat(50)
        );
        let (symbols, claims) = document_symbols_bounded(&batch, 3);
        assert_eq!((symbols.len(), claims), (3, 50));
        assert_eq!(symbols[2].children.len(), 1);
        let (all, claims) = document_symbols_bounded(&batch, 1000);
        assert_eq!((all.len(), claims), (50, 50));
    }

    #[test]
    fn one_fold_per_multi_line_claim() {
        assert_eq!(folding_ranges(TEXT), [(0, 4), (6, 7)]);
    }
}
