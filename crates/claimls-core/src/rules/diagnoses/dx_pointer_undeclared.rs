//! `dx-pointer-undeclared`: a line points to a diagnosis letter the claim
//! does not declare.
use crate::diagnostic::{Fix, FixIntent, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-pointer-undeclared",
    title: "Diagnosis pointer to an undeclared letter",
    severity: Severity::Error,
    what: "A line's `dx=` names a letter that no `dx` line of the same claim declares.",
    why: "On the CMS-1500 and in the 837P each service line points to diagnoses by position (box 24E); a pointer to an empty slot is a missing diagnosis, and the claim is rejected as incomplete.",
    example: "dx A C79.31\nline 2026-11-02 77372 dx=A,B",
    fix: "Point to a declared letter, or declare the diagnosis with `dx B <code>`.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        for pointer in &line.pointers {
            if ctx.claim.diagnosis(pointer.text).is_some() {
                continue;
            }
            let declared: Vec<&str> = ctx.claim.diagnoses.iter().map(|d| d.letter.text).collect();
            let known = if declared.is_empty() {
                "this claim declares no diagnoses yet".to_string()
            } else {
                format!("this claim declares {}", declared.join(", "))
            };
            let finding = out.report(
                pointer.span(),
                format!("dx={} points to no diagnosis: {known}", pointer.text),
            );
            for dx in &ctx.claim.diagnoses {
                if line
                    .pointers
                    .iter()
                    .any(|p| crate::text::same(p.text, dx.letter.text))
                {
                    continue;
                }
                finding.fixes.push(Fix::new(
                    format!("Point to {} ({})", dx.letter.text, dx.code.text),
                    FixIntent::Replace {
                        span: pointer.span(),
                        with: dx.letter.text.to_string(),
                    },
                ));
            }
            // Declare it after the last diagnosis (or after the claim's start).
            let after = ctx
                .claim
                .diagnoses
                .last()
                .map_or(ctx.claim.anchor, |d| d.span);
            finding.fixes.push(Fix::new(
                format!(
                    "Declare diagnosis {} (then type its ICD-10-CM code)",
                    pointer.text
                ),
                FixIntent::DeclareDiagnosis {
                    after,
                    slot: pointer.text.to_string(),
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_pointer_to_nothing() {
        let found = findings(
            "dx-pointer-undeclared",
            &claim("dx A C79.31\nline 2026-11-02 77372 dx=A,B"),
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("declares A"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn passes_when_every_pointer_is_declared() {
        let text = claim("dx A C79.31\ndx B C34.11\nline 2026-11-02 77372 dx=A,B");
        assert!(findings("dx-pointer-undeclared", &text).is_empty());
    }
}
