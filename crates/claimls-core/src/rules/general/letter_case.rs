//! `letter-case`: a coded value typed in lower case in a `.claim` file.
use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    id: "letter-case",
    title: "Coded value written in lower case",
    severity: Severity::Warning,
    what: "A modifier, diagnosis letter or pointer, patient sex or procedure code is typed in lower case (`77300-tc`, `dx b …`, `dx=a`, `sex=f`, `g0339`). claimls reads modifiers, letters, pointers and sex as their capitals and checks them as such; a procedure code in lower case is checked once it is written in capitals.",
    why: "Claim formats carry these values in capitals. A clearinghouse that does not fold case rejects `tc` as an unknown modifier, and one that does may still match a pointer or a code against the wrong entry. The `.claim` format is forgiving while you type; what you send should not need to be.",
    example: "line 2026-11-02 77300-tc units=1 dx=a",
    fix: "Write the value in capitals; the quick fix does it (and `claimls fmt` rewrites modifiers and codes).",
    check: None,
};

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_each_lower_case_value_with_its_capitals_as_the_fix() {
        let text = claim("dx b C79.31\nline 2026-11-02 77300-tc dx=b\nline 2026-11-02 g0339 dx=B");
        let found = findings("letter-case", &text);
        let fixed: Vec<_> = found
            .iter()
            .map(|d| {
                let edits = d.fixes[0].edits(&text);
                assert_eq!(edits.len(), 1);
                let (span, with) = edits[0].clone();
                (&text[span.start..span.end], with)
            })
            .collect();
        let expected = [("b", "B"), ("tc", "TC"), ("b", "B"), ("g0339", "G0339")];
        assert_eq!(fixed, expected.map(|(a, b)| (a, b.to_string())));
    }

    #[test]
    fn passes_on_capitals_and_leaves_other_rules_to_judge_the_capital_value() {
        let text = claim("dx B C79.31\nline 2026-11-02 77300-TC dx=B");
        assert!(findings("letter-case", &text).is_empty());
        // `tc` is read as TC: no unknown-modifier finding, and the TC rules
        // judge it as TC.
        let lower = claim("dx b C79.31\nline 2026-11-02 77300-tc dx=b");
        assert!(findings("modifier-unknown", &lower).is_empty());
        assert!(findings("dx-letter-invalid", &lower).is_empty());
        assert!(findings("dx-pointer-undeclared", &lower).is_empty());
    }

    #[test]
    fn a_line_with_many_lower_case_modifiers_says_how_many_are_not_shown() {
        let modifiers = "-tc".repeat(50);
        let text = claim(&format!(
            "dx A C79.31\nline 2026-11-02 77300{modifiers} dx=A"
        ));
        let found = findings("letter-case", &text);
        assert_eq!(found.len(), crate::syntax::MAX_CASE_LINTS_PER_LINE);
        assert!(
            found.last().unwrap().message.contains("40 more"),
            "{}",
            found.last().unwrap().message
        );
    }
}
