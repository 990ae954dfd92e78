//! `pctc-indicator`: 26 or TC on a code whose PC/TC indicator forbids it.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "pctc-indicator",
    title: "26 or TC not allowed by the code's PC/TC indicator",
    severity: Severity::Error,
    what: "Modifier 26 (professional component) or TC (technical component) is billed on a code whose Medicare Physician Fee Schedule PC/TC indicator is not 1. Only indicator-1 codes split into a professional and a technical part; codes with indicator 0, 2, 3, 4, 5 or 9 may carry neither, and codes with 6 or 8 (laboratory interpretations) not TC (the values come from `data/mpfs/indicator_modifiers.tsv`). The indicator is read from the fee schedule of the line's year.",
    why: "Medicare prices 26 and TC from the split values in the fee schedule. A code without a split has nothing to price, so the line is returned as unprocessable. Radiation treatment delivery (77371–77373) is technical-only (indicator 3): its TC is already the whole code.",
    example: "line 2026-11-02 77372-TC units=1 dx=A",
    fix: "Remove the modifier. For a technical-only code bill the code alone; the physician's part is billed with its own codes (e.g. 77432 for the management of a cranial SRS course).",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    super::report_misfits(ctx, out, RULE.id, |m| matches!(m, "26" | "TC"));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_tc_for_a_technical_only_code() {
        let found = findings(
            "pctc-indicator",
            &claim("dx A C79.31\nline 2026-11-02 77372-TC dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("indicator is 3"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("technical-only code"));
        let surgical = findings(
            "pctc-indicator",
            &claim("dx A C79.31\nline 2026-11-02 61796-26 dx=A"),
        );
        assert_eq!(surgical.len(), 1);
    }

    #[test]
    fn passes_on_a_split_code() {
        for m in ["26", "TC"] {
            let text = claim(&format!("dx A C79.31\nline 2026-11-02 77295-{m} dx=A"));
            assert!(findings("pctc-indicator", &text).is_empty(), "{m}");
        }
    }

    #[test]
    fn a_lower_case_modifier_is_judged_as_its_capital() {
        // `tc` is TC to every rule: refused on a technical-only code,
        // accepted on a split one (letter-case reports the spelling).
        let refused = findings(
            "pctc-indicator",
            &claim("dx A C79.31\nline 2026-11-02 77372-tc dx=A"),
        );
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(refused[0].message.starts_with("TC is not allowed"));
        let accepted = claim("dx A C79.31\nline 2026-11-02 77295-tc dx=A");
        assert!(findings("pctc-indicator", &accepted).is_empty());
    }
}
