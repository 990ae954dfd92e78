//! `syntax`: a line whose shape the parser cannot read.
use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    id: "syntax",
    title: "Line cannot be read",
    severity: Severity::Error,
    what: "A line is not in the `.claim` format: an unknown keyword, a missing value, a stray word, an attribute the keyword does not take, a date or modifier list that is not written the accepted way, or a header line repeated within one claim.",
    why: "A line claimls cannot read is a line it cannot check. On a real claim the same mistakes become missing or misplaced data elements, which a clearinghouse rejects before any payer sees the claim.",
    example: "claim SRS-0001\nline 2026-11-02 77372 units= dx=A",
    fix: "Follow the message: it says what was expected at that spot. The grammar is in docs/claim-format.md.",
    check: None,
};

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_missing_value_and_passes_on_a_full_line() {
        assert_eq!(
            findings(
                "syntax",
                &claim("dx A C79.31\nline 2026-11-02 77372 units= dx=A")
            )
            .len(),
            1
        );
        assert!(
            findings(
                "syntax",
                &claim("dx A C79.31\nline 2026-11-02 77372 units=1 dx=A")
            )
            .is_empty()
        );
    }
}
