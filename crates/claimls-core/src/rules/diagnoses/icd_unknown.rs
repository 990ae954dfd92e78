//! `icd-unknown`: a diagnosis code that is not in ICD-10-CM.
use super::code_years;
use crate::diagnostic::Severity;
use crate::knowledge::{Validity, icd10};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "icd-unknown",
    title: "Diagnosis code not in ICD-10-CM",
    severity: Severity::Error,
    what: "A `dx` line declares a code that exists in none of the ICD-10-CM code sets claimls has: FY2026 (the release named in `data/icd10cm.tsv`) and FY2027 (FY2026 changed by `data/icd10cm/fy2027-changes.tsv`). A code that exists in one fiscal year but not in the one of its date of service is `icd-not-in-effect`.",
    why: "Payers validate every diagnosis code against the code set in force on the date of service; a code that does not exist makes the claim unprocessable and it is returned before adjudication.",
    example: "dx A C79.99",
    fix: "Look the diagnosis up again and use the code exactly as the tabular list gives it; hover and completion list the codes of a category.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (dx, entry) in ctx.diagnoses() {
        if entry.is_some() {
            continue;
        }
        // A code new in FY2027 has no FY2026 entry but is a code.
        if code_years(ctx, dx)
            .iter()
            .any(|(_, on)| on.validity != Validity::Unknown)
        {
            continue;
        }
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

    #[test]
    fn a_code_of_either_fiscal_year_is_a_code() {
        // D69.11 is new in FY2027, D69.1 was billable through FY2026: wrong
        // dates are icd-not-in-effect and icd-not-billable, not unknown.
        for (code, date) in [
            ("D69.11", "2026-10-01"),
            ("D69.11", "2026-09-30"),
            ("T52.8X1A", "2026-10-01"),
            ("D69.1", "2026-10-01"),
        ] {
            let text = claim(&format!("dx A {code}\nline {date} 77372 dx=A"));
            assert!(findings("icd-unknown", &text).is_empty(), "{code} {date}");
        }
    }
}
