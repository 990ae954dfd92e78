//! `dx-sex-conflict`: a diagnosis for patients of one sex on a patient of
//! the other.
use crate::diagnostic::Severity;
use crate::knowledge::Validity;
use crate::knowledge::icd_years::{YEARS, code_set};
use crate::knowledge::mce::Sex;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "dx-sex-conflict",
    title: "Diagnosis for the other sex",
    severity: Severity::Warning,
    what: "A `dx` line uses a code that the Medicare Code Editor (MCE) lists as for female or for male patients only, and the patient's `sex=` is the other (F or M; U is never faulted). CMS switched the MCE's sex edit off from FY2025 (October 2024) and its tables since then carry no sex lists, so claimls reads which codes are for one sex from the FY2024 tables (`data/mce/`, rows marked confirmed=no); codes created since then are never faulted.",
    why: "Medicare no longer rejects a claim on this edit, but many payers and clearinghouses still run sex edits on diagnoses, and a prostate cancer code on a female patient is usually a miskeyed code or a wrong `sex=`. It stays a warning: the patient's recorded sex and the anatomy coded can rightly differ.",
    example: "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\ndx A C61\nline 2026-11-02 99213 dx=A",
    fix: "Check the code and the patient's sex against the record. When both are right, keep them (and, where the payer asks, add the condition code or modifier it uses for such claims); configure this rule off or down for payers that do not apply sex edits.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(sex) = ctx.claim.patient.as_ref().and_then(|p| p.sex) else {
        return;
    };
    let patient = match sex.text {
        "F" => Sex::Female,
        "M" => Sex::Male,
        _ => return,
    };
    for dx in &ctx.claim.diagnoses {
        let dates = ctx.diagnosis_dates(dx);
        // The code's sex in every year it is billed in (with no date, in
        // every bundled year): all must name the other sex.
        let years: smallvec::SmallVec<[(Option<time::Date>, u16); 4]> = if dates.is_empty() {
            YEARS.iter().map(|&fy| (None, fy)).collect()
        } else {
            let mut years = smallvec::SmallVec::new();
            for &d in dates {
                let fy = code_set(d);
                if !years.iter().any(|&(_, y)| y == fy) {
                    years.push((Some(d), fy));
                }
            }
            years
        };
        let conflict = years.iter().all(|&(date, fy)| {
            let on = match date {
                Some(date) => ctx.icd_on(dx, date),
                None => ctx.kb.icd_on(dx.code.text, None),
            };
            let valid = on.validity == Validity::Billable;
            valid
                && ctx
                    .kb
                    .mce(dx.code.text, fy)
                    .sex
                    .is_some_and(|s| s != patient)
        });
        if !conflict {
            continue;
        }
        let Some(code_sex) = ctx.kb.mce(dx.code.text, years[0].1).sex else {
            continue;
        };
        out.report(
            dx.code.span(),
            format!(
                "{} is for {} patients (Medicare Code Editor, FY2024 list), but the patient is sex={}; CMS no longer applies this edit to Medicare claims, other payers may",
                dx.code.text,
                code_sex.word(),
                patient.claim_code()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn messages(sex: &str, code: &str) -> Vec<String> {
        let text = claim(&format!("dx A {code}\nline 2026-11-02 99213 dx=A"))
            .replace("sex=F", &format!("sex={sex}"));
        findings("dx-sex-conflict", &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn a_male_code_on_a_female_patient_fails_and_on_a_male_passes() {
        let found = messages("F", "C61");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("for male patients"), "{}", found[0]);
        assert!(messages("M", "C61").is_empty());
        assert!(messages("U", "C61").is_empty());
    }

    #[test]
    fn a_female_code_on_a_male_patient_fails_and_other_codes_pass() {
        assert_eq!(messages("M", "N95.1").len(), 1);
        assert!(messages("M", "C79.31").is_empty());
        assert!(messages("F", "N95.1").is_empty());
    }
}
