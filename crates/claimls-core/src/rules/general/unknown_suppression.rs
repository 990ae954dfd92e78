//! `unknown-suppression`: an ignore comment that names no rule.
use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    id: "unknown-suppression",
    title: "Ignore comment names an unknown rule",
    severity: Severity::Warning,
    what: "A `# claimls: ignore[…]` comment names a rule id that does not exist, or is not written `ignore[RULE-ID, …]`.",
    why: "A misspelt id silences nothing, so the problem it was meant to waive is still reported — or worse, a reviewer believes a waiver is in place when it is not.",
    example: "line 2026-11-02 77372-TC dx=A  # claimls: ignore[pctc]",
    fix: "Use the exact id shown in the diagnostic (e.g. `pctc-indicator`); see docs/rules.md for the list.",
    check: None,
};

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_misspelt_id_and_passes_on_a_real_one() {
        let bad = claim("dx A C79.31\nline 2026-11-02 77372 dx=A # claimls: ignore[pctc]");
        assert_eq!(findings("unknown-suppression", &bad).len(), 1);
        let good =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A # claimls: ignore[pctc-indicator]");
        assert!(findings("unknown-suppression", &good).is_empty());
        let malformed =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A # claimls: ignore pctc-indicator");
        assert_eq!(findings("unknown-suppression", &malformed).len(), 1);
    }
}
