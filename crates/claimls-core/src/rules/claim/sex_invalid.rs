//! `sex-invalid`: a patient sex that is not F, M or U.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "sex-invalid",
    title: "Patient sex is not F, M or U",
    severity: Severity::Error,
    what: "The patient's `sex=` is not one of the codes claims carry: F (female), M (male) or U (unknown).",
    why: "The 837P's patient gender element takes exactly these codes; another value is a format error that a clearinghouse rejects. Payers also use it in subscriber matching and in sex-specific code edits.",
    example: "patient DOE, JANE dob=1964-03-02 sex=W member=1EG4TE5MK73",
    fix: "Write F, M or U as recorded with the payer.",
    check: Some(check_sex),
};

fn check_sex(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(sex) = ctx.claim.patient.as_ref().and_then(|p| p.sex) else {
        return;
    };
    if crate::values::SEX_CODES
        .iter()
        .any(|(code, _)| *code == sex.text)
    {
        return;
    }
    out.report(
        sex.span(),
        format!(
            "sex={} is not a claim code; expected F (female), M (male) or U (unknown)",
            sex.text
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_patient;

    #[test]
    fn sex_fails_on_other_codes_and_passes_on_f_m_u() {
        // Lower case is read as its capital (and reported by letter-case).
        assert!(with_patient("sex-invalid", "dob=1964-03-02 sex=f").is_empty());
        assert!(with_patient("sex-invalid", "dob=1964-03-02 sex=Female")[0].contains("expected F"));
        for sex in ["F", "M", "U"] {
            let attrs = format!("dob=1964-03-02 sex={sex}");
            assert!(with_patient("sex-invalid", &attrs).is_empty(), "{sex}");
        }
    }
}
