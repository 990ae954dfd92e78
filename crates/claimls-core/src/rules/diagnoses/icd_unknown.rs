//! `icd-unknown`: a diagnosis code that is not in ICD-10-CM.
use crate::diagnostic::Severity;
use crate::knowledge::icd10;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "icd-unknown",
    title: "Diagnosis code not in ICD-10-CM",
    severity: Severity::Error,
    what: "A `dx` line declares a code that does not exist in the embedded ICD-10-CM code set (the release named in `data/icd10cm.tsv`).",
    why: "Payers validate every diagnosis code against the code set in force on the date of service; a code that does not exist makes the claim unprocessable and it is returned before adjudication.",
    example: "dx A C79.99",
    fix: "Look the diagnosis up again and use the code exactly as the tabular list gives it; hover and completion list the codes of a category.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (dx, _) in ctx.diagnoses().filter(|(_, entry)| entry.is_none()) {
        let code = dx.code.text;
        let normalized = icd10::normalize(code);
        // Suggest the nearest existing ancestor, if any.
        let ancestor = (3..normalized.len())
            .rev()
            .filter(|&n| normalized.is_char_boundary(n))
            .map(|n| &normalized[..n])
            .find_map(|prefix| ctx.kb.icd(prefix));
        let hint = match ancestor {
            Some(parent) => format!(
                "; the nearest existing code is {} ({})",
                parent.code, parent.description
            ),
            None => String::new(),
        };
        out.report(
            dx.code.span(),
            format!("{code} is not an ICD-10-CM code{hint}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_made_up_code_and_passes_on_a_real_one() {
        let found = findings(
            "icd-unknown",
            &claim("dx A C79.99\nline 2026-11-02 77372 dx=A"),
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("C79.9"), "{}", found[0].message);
        assert!(
            findings(
                "icd-unknown",
                &claim("dx A C79.31\nline 2026-11-02 77372 dx=A")
            )
            .is_empty()
        );
    }
}
