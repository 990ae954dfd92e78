//! `dx-unused`: a diagnosis no service line points to.
use super::is_dx_letter;
use crate::diagnostic::Severity;
use crate::model::Diagnosis;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-unused",
    title: "Diagnosis no service line points to",
    severity: Severity::Warning,
    what: "A claim declares a diagnosis that no service line's `dx=` points to (checked once the claim has service lines).",
    why: "A diagnosis supports the claim only through the lines that point to it. An unused one is often a forgotten pointer, which leaves a line without the diagnosis that justifies it and invites a medical-necessity denial.",
    example: "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 units=1 dx=A",
    fix: "Add the letter to the `dx=` of the lines it supports, or delete the `dx` line if it is not needed.",
    check: Some(check_unused),
};

fn check_unused(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let lines = &ctx.claim.lines;
    if lines.is_empty() {
        return;
    }
    let pointed = |letter: &str| {
        lines
            .iter()
            .any(|l| l.pointers.iter().any(|p| p.text == letter))
    };
    // An invalid letter is dx-letter-invalid's finding; no line can point to it.
    let unused = |d: &&Diagnosis<'_>| is_dx_letter(d.letter.text) && !pointed(d.letter.text);
    for dx in ctx.claim.diagnoses.iter().filter(unused) {
        out.report(
            dx.span,
            format!(
                "diagnosis {} ({}) is declared but no line points to it; add {} to the `dx=` of the lines it supports, or remove it",
                dx.letter.text, dx.code.text, dx.letter.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::LINE;
    use crate::rules::testing::{claim, findings};

    #[test]
    fn unused_fails_on_a_diagnosis_nothing_points_to() {
        let text = claim(&format!("dx A C79.31\ndx B C34.11\n{LINE}"));
        let found = findings("dx-unused", &text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("diagnosis B (C34.11) is declared but no line points to it")
        );
    }

    #[test]
    fn unused_passes_when_every_diagnosis_is_pointed_to_or_there_are_no_lines_yet() {
        let text = claim(
            "dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 dx=A\nline 2026-11-02 77432 dx=B",
        );
        assert!(findings("dx-unused", &text).is_empty());
        assert!(findings("dx-unused", &claim("dx A C79.31")).is_empty());
        // An invalid letter is reported by dx-letter-invalid alone.
        let text = claim("dx A C79.31\ndx M C34.11\nline 2026-11-02 77372 dx=A");
        assert!(findings("dx-unused", &text).is_empty());
    }
}
