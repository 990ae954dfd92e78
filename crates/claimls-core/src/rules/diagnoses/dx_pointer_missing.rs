//! `dx-pointer-missing`: a service line that points to no diagnosis.
use super::is_dx_letter;
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-pointer-missing",
    title: "Service line without a diagnosis pointer",
    severity: Severity::Error,
    what: "A service `line` has no `dx=` attribute, so it points to no diagnosis.",
    why: "Every professional service line must point to at least one of the claim's diagnoses (box 24E of the CMS-1500, the diagnosis code pointer of the 837P); a line without one is rejected as incomplete and has no medical necessity on record.",
    example: "dx A C79.31\nline 2026-11-02 77372 units=1",
    fix: "Add `dx=` with the letter of the diagnosis the service treats, primary first (e.g. `dx=A`).",
    check: Some(check_missing),
};

fn check_missing(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in ctx.claim.lines.iter().filter(|l| l.pointer_list.is_none()) {
        let example = ctx
            .claim
            .diagnoses
            .iter()
            .map(|d| d.letter.text)
            .find(|l| is_dx_letter(l))
            .unwrap_or("A");
        out.report(
            line.procedure.span(),
            format!(
                "the {} line points to no diagnosis: add `dx=` with the letter of the diagnosis it treats, e.g. dx={example}",
                line.code.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_pointers as on_line;

    #[test]
    fn missing_fails_on_a_line_without_dx() {
        let found = on_line("dx-pointer-missing", "line 2026-11-02 77372 units=1");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("the 77372 line points to no diagnosis"),
            "{}",
            found[0]
        );
        assert!(found[0].ends_with("e.g. dx=A"), "{}", found[0]);
    }

    #[test]
    fn missing_passes_on_a_line_with_dx() {
        assert!(on_line("dx-pointer-missing", "line 2026-11-02 77372 dx=B").is_empty());
    }
}
