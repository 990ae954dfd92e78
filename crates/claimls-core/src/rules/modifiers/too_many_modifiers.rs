//! `too-many-modifiers`: more modifiers than a claim line can carry.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

/// Modifier positions on a service line: SV101-3 to SV101-6 of the 837P,
/// box 24D of the CMS-1500.
const MAX: usize = 4;

pub static RULE: Rule = Rule {
    id: "too-many-modifiers",
    title: "More than four modifiers on one line",
    severity: Severity::Error,
    what: "A line carries more than four modifiers.",
    why: "The 837P service line (and box 24D of the CMS-1500) has exactly four modifier positions. A fifth modifier cannot be transmitted: the clearinghouse rejects the line, or the modifier is silently dropped on the way.",
    example: "line 2026-11-02 20660-59-LT-GA-KX-Q0 units=1 dx=A",
    fix: "Keep the four that matter, pricing modifiers (26, TC, 50, 52, 80 …) first. Drop modifiers that repeat what another already says. Some payers accept modifier 99 (multiple modifiers): it takes one of the four positions itself, and the full list goes in the claim's notes (box 19, or the 837P line note), which a `.claim` file cannot carry yet; check the payer's instructions before using it.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let (Some(first), Some(last)) = (line.modifiers.get(MAX), line.modifiers.last()) else {
            continue;
        };
        let extra: Vec<&str> = line.modifiers[MAX..].iter().map(|m| m.text).collect();
        out.report(
            first.span().cover(last.span()),
            format!(
                "{} modifiers on one line, but a claim line carries at most {MAX}: {} would not reach the payer",
                line.modifiers.len(),
                extra.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_five_modifiers_and_passes_on_four() {
        let found = findings(
            "too-many-modifiers",
            &claim("dx A C79.31\nline 2026-11-02 20660-59-LT-GA-KX-Q0 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("Q0"), "{}", found[0].message);
        let ok = claim("dx A C79.31\nline 2026-11-02 20660-59-LT-GA-KX dx=A");
        assert!(findings("too-many-modifiers", &ok).is_empty());
    }
}
