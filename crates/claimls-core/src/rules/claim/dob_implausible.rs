//! `dob-implausible`: a date of birth more than 125 years ago.
use super::patient_dob;
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::{age_on, parse_date};

pub static RULE: Rule = Rule {
    id: "dob-implausible",
    title: "Date of birth more than 125 years ago",
    severity: Severity::Warning,
    what: "The patient's `dob=` makes the patient older than 125 years today.",
    why: "No living patient is that old, so the date is almost certainly mistyped (often the century, 1864 for 1964); the payer's subscriber match will fail on it.",
    example: "patient DOE, JANE dob=1864-03-02 sex=F member=1EG4TE5MK73",
    fix: "Check the year against the insurance card or the eligibility response.",
    check: Some(check_age),
};

/// Above this age in years, a date of birth is taken to be a typo.
const MAX_AGE: i32 = 125;

fn check_age(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(dob) = patient_dob(ctx) else { return };
    let Ok(born) = parse_date(dob.text) else {
        return;
    };
    let age = age_on(born, ctx.today);
    if age > MAX_AGE {
        out.report(
            dob.span(),
            format!(
                "dob={} makes the patient {age} years old today; check the year",
                dob.text
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::with_patient;

    #[test]
    fn implausible_age_fails_past_125_years_and_passes_below() {
        let found = with_patient("dob-implausible", "dob=1864-03-02 sex=F");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("years old today"), "{}", found[0]);
        assert!(with_patient("dob-implausible", "dob=1930-03-02 sex=F").is_empty());
    }

    #[test]
    fn age_counts_completed_years() {
        use time::{Date, Month};
        let day = |y, m, d| Date::from_calendar_date(y, m, d).unwrap();
        let born = day(1900, Month::March, 2);
        assert_eq!(crate::values::age_on(born, day(2026, Month::March, 1)), 125);
        assert_eq!(crate::values::age_on(born, day(2026, Month::March, 2)), 126);
    }
}
