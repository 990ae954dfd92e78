//! `bilateral-indicator`: a code billed for both sides when its bilateral
//! surgery indicator says a two-sided claim is not paid as one.
use crate::diagnostic::{Related, Severity};
use crate::model::ServiceLine;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::span::Tok;

pub static RULE: Rule = Rule {
    id: "bilateral-indicator",
    title: "Bilateral billing not allowed by the code's indicator",
    severity: Severity::Error,
    what: "Modifier 50 (bilateral procedure) on a code whose Medicare bilateral surgery indicator is 0 (a two-sided claim is paid as one side), 2 (the code already covers both sides) or 9 (the concept does not apply); or a code with indicator 2 billed twice on one date, once with RT and once with LT. The indicator is read from the fee schedule of the line's year. Two lines with RT and LT of an indicator-0 code are not reported: separate lesions or sites on each side can be billed that way with 59 or an X modifier.",
    why: "Only indicator 1 (150% for both sides) and 3 (each side in full) pay a bilateral claim. On the others Medicare pays one side at most, and many contractors reject 50 outright as inconsistent with the code. A code that already describes both sides (indicator 2, such as a bilateral screening mammogram) billed once per side claims the same service twice.",
    example: "line 2026-11-02 61796-50 units=1 dx=A",
    fix: "Remove 50 and bill the code once. For a code that already covers both sides, keep one line without RT or LT (add 52 if only one side was done and the payer asks for it). If the procedure really was done on two separate sites, use RT and LT (or 59/XS) on separate lines for a code with indicator 0 or 1.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    super::report_misfits(ctx, out, RULE.id, |m| m == "50");
    both_sides_of_an_already_bilateral_code(ctx, out);
}

/// The "already bilateral" value of the indicator: the code's fee assumes
/// both sides (`data/mpfs/legend.tsv`).
const ALREADY_BILATERAL: u8 = 2;

/// A code whose fee already covers both sides, billed on one line with RT
/// and on another with LT for the same day.
fn both_sides_of_an_already_bilateral_code(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    // (code, day) → the first line with each side; claims are short, and
    // only lines with a side enter the map.
    let mut seen: rustc_hash::FxHashMap<(&str, time::Date), [Option<usize>; 2]> =
        Default::default();
    for (i, line) in ctx.claim.lines.iter().enumerate() {
        let Some(m) = side(line) else {
            continue;
        };
        let Ok(day) = line.from_date else { continue };
        if line.to_date.is_some_and(|to| to != Ok(day)) {
            continue;
        }
        let slot = usize::from(m.text == "LT");
        let sides = seen.entry((line.code.text, day)).or_default();
        if sides[slot].is_none() {
            sides[slot] = Some(i);
        }
        let Some(other) = sides[1 - slot].filter(|_| sides[slot] == Some(i)) else {
            continue;
        };
        let Some(fees) = ctx.kb.fees(line.code.text, Some(day)) else {
            continue;
        };
        if fees.row.bilateral != Some(ALREADY_BILATERAL) {
            continue;
        }
        let first = &ctx.claim.lines[other];
        out.report(
            m.span(),
            format!(
                "{} is billed for both sides on {} ({} and {}), but its bilateral surgery indicator is {}: bill it once, without RT or LT",
                line.code.text,
                line.dates.text,
                first.label,
                line.label,
                crate::policy::indicator_in_words("bilat", &ALREADY_BILATERAL.to_string()),
            ),
        )
        .related
        .push(Related {
            span: first.procedure.span(),
            message: format!("the other side: {}", first.procedure.text),
        });
    }
}

/// The line's RT or LT modifier, if it names a side.
fn side<'a>(line: &ServiceLine<'a>) -> Option<Tok<'a>> {
    line.modifiers
        .iter()
        .find(|m| matches!(m.text, "RT" | "LT"))
        .copied()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_50_where_a_bilateral_claim_is_not_paid() {
        // CMS CY2026: 61796 has bilateral indicator 0, 73565 (both knees) 2.
        let found = findings(
            "bilateral-indicator",
            &claim("dx A C71.9\nline 2026-11-02 61796-50 dx=A\nline 2026-11-02 73565-50 dx=A"),
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("bilateral surgery indicator is 0, no bilateral adjustment"),
            "{}",
            found[0].message
        );
        assert!(
            found[1]
                .message
                .contains("indicator is 2, already bilateral")
        );
    }

    #[test]
    fn fails_on_an_already_bilateral_code_billed_once_per_side() {
        // CMS CY2026: 77066 (diagnostic mammography of both breasts) has indicator 2.
        let found = findings(
            "bilateral-indicator",
            &claim("dx A N63.0\nline 2026-11-02 77066-RT dx=A\nline 2026-11-02 77066-LT dx=A"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("billed for both sides"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn passes_where_both_sides_are_paid() {
        // CY2026: 27447 has bilateral indicator 1 (150%). 61796 (0) once
        // per side is left alone: separate sites can be billed so; and
        // 77066 on two different days is two services.
        let text = claim(
            "dx A M17.11\nline 2026-11-02 27447-50 dx=A\nline 2026-11-02 61796-RT dx=A\nline 2026-11-02 61796-LT dx=A\nline 2026-11-02 77066-RT dx=A\nline 2026-11-03 77066-LT dx=A",
        );
        assert!(findings("bilateral-indicator", &text).is_empty());
    }
}
