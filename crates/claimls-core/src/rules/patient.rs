//! The `patient` line's values: `dob-invalid`, `dob-implausible`,
//! `sex-invalid`.
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::Severity;
use crate::span::Tok;
use crate::values::{format_date, no_such_day, parse_date};

pub static DOB_INVALID: Rule = Rule {
    id: "dob-invalid",
    title: "Date of birth is not a real past date",
    severity: Severity::Error,
    what: "The patient's `dob=` is not a date (YYYY-MM-DD or MM/DD/YYYY), names a day the calendar does not have (e.g. 1964-02-30), or lies after today.",
    why: "Payers match the patient on member id, name and date of birth. A date of birth that cannot be read or has not happened yet fails that match, and the claim is rejected as an invalid or unknown subscriber.",
    example: "patient DOE, JANE dob=1964-02-30 sex=F member=1EG4TE5MK73",
    fix: "Copy the date of birth from the insurance card or the eligibility response.",
    check: Some(check_dob),
};

pub static DOB_IMPLAUSIBLE: Rule = Rule {
    id: "dob-implausible",
    title: "Date of birth more than 125 years ago",
    severity: Severity::Warning,
    what: "The patient's `dob=` makes the patient older than 125 years today.",
    why: "No living patient is that old, so the date is almost certainly mistyped (often the century, 1864 for 1964); the payer's subscriber match will fail on it.",
    example: "patient DOE, JANE dob=1864-03-02 sex=F member=1EG4TE5MK73",
    fix: "Check the year against the insurance card or the eligibility response.",
    check: Some(check_age),
};

pub static SEX_INVALID: Rule = Rule {
    id: "sex-invalid",
    title: "Patient sex is not F, M or U",
    severity: Severity::Error,
    what: "The patient's `sex=` is not one of the codes claims carry: F (female), M (male) or U (unknown).",
    why: "The 837P's patient gender element takes exactly these codes; another value is a format error that a clearinghouse rejects. Payers also use it in subscriber matching and in sex-specific code edits.",
    example: "patient DOE, JANE dob=1964-03-02 sex=W member=1EG4TE5MK73",
    fix: "Write F, M or U as recorded with the payer.",
    check: Some(check_sex),
};

/// Above this age in years, a date of birth is taken to be a typo.
const MAX_AGE: i32 = 125;

fn dob<'a>(ctx: &ClaimContext<'_, 'a>) -> Option<Tok<'a>> {
    ctx.claim.patient.as_ref().and_then(|p| p.dob)
}

fn check_dob(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(dob) = dob(ctx) else { return };
    let problem = match parse_date(dob.text) {
        Ok(date) if date > ctx.today => format!(
            "is after today ({}); a date of birth lies in the past",
            format_date(ctx.today)
        ),
        Ok(_) => return,
        Err(_) => match no_such_day(dob.text) {
            Some(reason) => format!("is not a calendar day: {reason}"),
            None => "is not a date: write it as YYYY-MM-DD or MM/DD/YYYY".to_string(),
        },
    };
    out.report(dob.span(), format!("dob={} {problem}", dob.text));
}

fn check_age(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(dob) = dob(ctx) else { return };
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

/// Completed years from `born` to `day`.
fn age_on(born: time::Date, day: time::Date) -> i32 {
    let birthday_passed = (day.month() as u8, day.day()) >= (born.month() as u8, born.day());
    day.year() - born.year() - i32::from(!birthday_passed)
}

fn check_sex(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(sex) = ctx.claim.patient.as_ref().and_then(|p| p.sex) else {
        return;
    };
    if matches!(sex.text, "F" | "M" | "U") {
        return;
    }
    let upper = sex.text.to_ascii_uppercase();
    let message = if matches!(upper.as_str(), "F" | "M" | "U") {
        format!("sex={}: write it in upper case, {upper}", sex.text)
    } else {
        format!(
            "sex={} is not a claim code; expected F (female), M (male) or U (unknown)",
            sex.text
        )
    };
    out.report(sex.span(), message);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn with_patient(rule: &str, attrs: &str) -> Vec<String> {
        let text =
            claim("dx A C79.31\nline 2026-11-02 77372 dx=A").replace("dob=1964-03-02 sex=F", attrs);
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    #[test]
    fn dob_fails_on_no_such_day_bad_shape_and_the_future() {
        let found = with_patient("dob-invalid", "dob=1964-02-30 sex=F");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("February 1964 has 29 days"),
            "{}",
            found[0]
        );
        assert!(with_patient("dob-invalid", "dob=1964 sex=F")[0].contains("YYYY-MM-DD"));
        assert!(with_patient("dob-invalid", "dob=2999-01-01 sex=F")[0].contains("after today"));
    }

    #[test]
    fn dob_passes_on_a_real_past_date_in_either_form() {
        for dob in ["1964-03-02", "3/2/1964"] {
            let attrs = format!("dob={dob} sex=F");
            assert!(with_patient("dob-invalid", &attrs).is_empty(), "{dob}");
        }
    }

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
        assert_eq!(super::age_on(born, day(2026, Month::March, 1)), 125);
        assert_eq!(super::age_on(born, day(2026, Month::March, 2)), 126);
    }

    #[test]
    fn sex_fails_on_other_codes_and_passes_on_f_m_u() {
        let found = with_patient("sex-invalid", "dob=1964-03-02 sex=f");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("upper case, F"), "{}", found[0]);
        assert!(with_patient("sex-invalid", "dob=1964-03-02 sex=Female")[0].contains("expected F"));
        for sex in ["F", "M", "U"] {
            let attrs = format!("dob=1964-03-02 sex={sex}");
            assert!(with_patient("sex-invalid", &attrs).is_empty(), "{sex}");
        }
    }
}
