//! `dob-invalid`: a date of birth that is not a real past date.
use super::patient_dob;
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::{format_date, no_such_day, parse_date};

pub static RULE: Rule = Rule {
    id: "dob-invalid",
    title: "Date of birth is not a real past date",
    severity: Severity::Error,
    what: "The patient's `dob=` is not a date (YYYY-MM-DD or MM/DD/YYYY), names a day the calendar does not have (e.g. 1964-02-30), or lies after today.",
    why: "Payers match the patient on member id, name and date of birth. A date of birth that cannot be read or has not happened yet fails that match, and the claim is rejected as an invalid or unknown subscriber.",
    example: "patient DOE, JANE dob=1964-02-30 sex=F member=1EG4TE5MK73",
    fix: "Copy the date of birth from the insurance card or the eligibility response.",
    check: Some(check_dob),
};

fn check_dob(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some(dob) = patient_dob(ctx) else { return };
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

#[cfg(test)]
mod tests {
    use super::super::testing::with_patient;

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
}
