//! `ncci-ptp`: two procedures on the same date that an NCCI
//! procedure-to-procedure edit does not allow together.
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::{Fix, Severity};

pub static RULE: Rule = Rule {
    id: "ncci-ptp",
    title: "NCCI procedure-to-procedure edit",
    severity: Severity::Error,
    what: "Two lines of the claim with the same date of service bill a column-1/column-2 pair of the National Correct Coding Initiative PTP edits. With modifier indicator 0 the pair is never paid together; with indicator 1 it is paid only when the column-2 line carries an NCCI-associated modifier (59, XE, XS, XP, XU, or an anatomic one such as LT/RT, E1–E4, FA/F1–F9, TA/T1–T9, LC/LD/RC/LM/RI) because the services were truly distinct; indicator 9 marks a deleted edit and is ignored. Edits from the CMS tables configured under `[data]` apply only between their effective and deletion dates. Among the SRS codes, 77371, 77372 and 77373 (and G0339/G0340) are mutually exclusive on one date.",
    why: "Medicare's claim processing applies the PTP edits to every practitioner claim and denies the column-2 code; commercial payers run the same or similar edits in their claim editing software. A denial for an NCCI edit is a provider liability: the patient may not be billed.",
    example: "line 2026-11-02 77372 units=1 dx=A\nline 2026-11-02 77371 units=1 dx=A",
    fix: "Bill only the code that describes what was done (column 1 when both were performed as one service). When the indicator is 1 and the services were separate (different session, site or lesion), add the fitting NCCI-associated modifier to the column-2 line and document why.",
    check: Some(check),
};

/// The first day two lines' days of service share, if any.
fn same_day(
    (a0, a1): (time::Date, time::Date),
    (b0, b1): (time::Date, time::Date),
) -> Option<time::Date> {
    (a0 <= b1 && b0 <= a1).then(|| a0.max(b0))
}

/// NCCI-associated modifiers a coder adds to the column-2 line, with when
/// each one is true (CMS prefers the specific X modifiers to 59).
const BYPASS: [(&str, &str); 5] = [
    ("XS", "a separate organ or structure"),
    ("XE", "a separate encounter the same day"),
    ("XP", "a different practitioner"),
    ("XU", "a service that does not overlap the usual components"),
    ("59", "distinct procedural service, when no X modifier fits"),
];

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // Each line's PTP key and days, once: every pair of lines is checked.
    // A line whose code is in no edit, or whose dates are unreadable,
    // pairs with nothing.
    // Inline for a typical claim: this runs for every claim.
    let keyed: smallvec::SmallVec<[_; 8]> = ctx
        .claim
        .lines
        .iter()
        .filter_map(|l| Some((l, ctx.kb.ptp_key(l.code.text)?, l.days()?)))
        .collect();
    for (i, &(a, key_a, days_a)) in keyed.iter().enumerate() {
        for &(b, key_b, days_b) in &keyed[i + 1..] {
            if crate::text::same(a.code.text, b.code.text) {
                continue;
            }
            let Some(day) = same_day(days_a, days_b) else {
                continue;
            };
            let Some(edit) = ctx.kb.ptp_on_keys(key_a, key_b, day) else {
                continue;
            };
            let (col1, col2) = if crate::text::same(&edit.column1, a.code.text) {
                (a, b)
            } else {
                (b, a)
            };
            let caveat = if edit.confirmed {
                if edit.rationale.is_empty() {
                    format!(" ({})", edit.source)
                } else {
                    format!(" (CMS rationale: {}; {})", edit.rationale, edit.source)
                }
            } else {
                " (edit taken from a secondary source, not yet confirmed against the CMS file)"
                    .to_string()
            };
            let message = match edit.modifier_indicator {
                0 => format!(
                    "{} and {} cannot be billed on the same date: NCCI PTP edit column 1 {} / column 2 {}, modifier indicator 0 — no modifier makes this pair billable; bill only the code that describes the service{caveat}",
                    col1.code.text, col2.code.text, edit.column1, edit.column2
                ),
                _ => {
                    let has_bypass = col2
                        .modifiers
                        .iter()
                        .any(|m| ctx.kb.modifier(m.text).is_some_and(|m| m.ncci_associated));
                    if has_bypass {
                        continue;
                    }
                    format!(
                        "{} is bundled into {} on the same date: NCCI PTP edit column 1 {} / column 2 {}, modifier indicator 1 — billable only if the services were distinct, with an NCCI-associated modifier (XE, XS, XP, XU or 59, or an anatomic modifier) on the {} line{caveat}",
                        col2.code.text, col1.code.text, edit.column1, edit.column2, col2.code.text
                    )
                }
            };
            let finding = out.report(col2.code.span(), message);
            finding.related.push(crate::diagnostic::Related {
                span: col1.code.span(),
                message: format!("column-1 code {} on the same date", col1.code.text),
            });
            if edit.modifier_indicator == 1 {
                // Append after the code's last modifier (or the code itself).
                let end = col2.code_with_modifiers.span().end;
                for (modifier, when) in BYPASS {
                    finding.fixes.push(Fix::new(
                        format!("Add {modifier} to {} ({when})", col2.code.text),
                        vec![(crate::span::Span::new(end, end), format!("-{modifier}"))],
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_two_srs_delivery_codes_the_same_day() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77371 dx=A");
        let found = findings("ncci-ptp", &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("modifier indicator"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn passes_on_different_dates() {
        let text = claim("dx A C79.31\nline 2026-11-02 77372 dx=A\nline 2026-11-09 77371 dx=A");
        assert!(findings("ncci-ptp", &text).is_empty());
    }

    #[test]
    fn a_date_range_overlapping_the_other_line_counts_as_the_same_day() {
        let text = claim(
            "dx A C79.31\nline 2026-11-01..2026-11-03 77372 dx=A\nline 2026-11-02 77371 dx=A",
        );
        assert_eq!(findings("ncci-ptp", &text).len(), 1);
    }
}
