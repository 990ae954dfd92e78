//! Inlay hints: a short summary after each procedure code, and the claim's
//! line count and total after its `claim` line.

use super::symbols::total_charges;
use crate::config::Config;
use crate::syntax;
use crate::values::format_amount;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Byte offset the hint stands after.
    pub offset: usize,
    pub label: String,
    /// Longer text for the hint's tooltip.
    pub tooltip: Option<String>,
}

/// How long a summary hint may be before it is cut.
const MAX_LABEL: usize = 48;

/// Hints for the claims overlapping bytes `start..end`.
pub fn inlay_hints(text: &str, start: usize, end: usize, config: &Config) -> Vec<InlayHint> {
    inlay_hints_bounded(text, start, end, config, usize::MAX)
}

/// At most `max` hints for the claims overlapping bytes `start..end`. The
/// claims are parsed one at a time, and no further than the hints needed:
/// a request over a whole batch costs what its first claims cost.
pub fn inlay_hints_bounded(
    text: &str,
    start: usize,
    end: usize,
    config: &Config,
    max: usize,
) -> Vec<InlayHint> {
    let start = crate::text::floor_char_boundary(text, start.min(text.len()));
    let end = crate::text::floor_char_boundary(text, end.min(text.len()));
    let mut hints = Vec::new();
    let (mut from, _) = syntax::claim_block(text, start);
    let mut first_line = crate::text::line_number(text, from);
    while from <= end && hints.len() < max {
        let (_, to) = syntax::claim_block(text, from);
        let doc = syntax::parse_range(text, from, to, first_line);
        for claim in &doc.claims {
            claim_hints(claim, start, end, config, &mut hints);
        }
        if to <= from {
            break;
        }
        // Blocks start at line starts: their line breaks are whole.
        first_line += crate::text::line_number(&text[from..to], to - from);
        from = to;
    }
    hints.truncate(max);
    hints
}

fn claim_hints(
    claim: &crate::model::Claim<'_>,
    start: usize,
    end: usize,
    config: &Config,
    hints: &mut Vec<InlayHint>,
) {
    let anchor = claim.id.map_or(claim.anchor, |i| i.span());
    if (start..=end).contains(&anchor.end) {
        let n = claim.lines.len();
        hints.push(InlayHint {
            offset: anchor.end,
            label: format!(
                " {n} line{} · {}",
                if n == 1 { "" } else { "s" },
                format_amount(total_charges(claim), true)
            ),
            tooltip: None,
        });
    }
    for line in &claim.lines {
        let at = line.procedure.span().end;
        if !(start..=end).contains(&at) {
            continue;
        }
        if let Some(p) = config.knowledge.procedure(line.code.text) {
            let mut label: String = p.summary.chars().take(MAX_LABEL).collect();
            if p.summary.chars().count() > MAX_LABEL {
                label.push('…');
            }
            hints.push(InlayHint {
                offset: at,
                label: format!(" {label}"),
                tooltip: Some(p.summary.clone()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_after_codes_and_totals_after_claims() {
        let text = "claim A\npayer Medicare\nline 2026-11-02 77372-TC dx=A charge=8950\nline 2026-11-02 99999 charge=50\n";
        let hints = inlay_hints(text, 0, text.len(), &Config::default());
        assert_eq!(hints.len(), 2, "{hints:?}");
        assert_eq!(hints[0].offset, 7);
        assert_eq!(hints[0].label, " 2 lines · $9,000.00");
        assert_eq!(hints[1].offset, text.find("-TC").unwrap() + 3);
        assert!(
            hints[1].label.to_lowercase().contains("radiosurgery"),
            "{}",
            hints[1].label
        );
    }

    #[test]
    fn only_the_requested_range() {
        let text = "claim A\nline 2026-11-02 77372 dx=A\nclaim B\nline 2026-11-02 77371 dx=A\n";
        let from = text.find("claim B").unwrap();
        let hints = inlay_hints(text, from, text.len(), &Config::default());
        assert!(hints.iter().all(|h| h.offset >= from), "{hints:?}");
        assert_eq!(hints.len(), 2);
    }

    #[test]
    fn a_bounded_request_stops_parsing_once_it_has_its_hints() {
        let batch = "claim X\nline 2026-11-02 77372 charge=10\n".repeat(1000);
        let all = inlay_hints(&batch, 0, batch.len(), &Config::default());
        assert_eq!(all.len(), 2000);
        let some = inlay_hints_bounded(&batch, 0, batch.len(), &Config::default(), 7);
        assert_eq!(some, all[..7]);
    }
}
