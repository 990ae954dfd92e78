//! `date-before-birth`: a date of service before the patient was born.
use crate::diagnostic::{Related, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "date-before-birth",
    title: "Date of service before the date of birth",
    severity: Severity::Error,
    what: "A service line's date of service (its first day) is earlier than the patient's `dob=`. Checked only when both dates are real calendar days.",
    why: "No service can be given before the patient is born: payers reject the line (or the claim) as an invalid date of service. The usual cause is a mistyped year in one of the two dates.",
    example: "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nline 1963-11-02 77300 units=1 dx=A",
    fix: "Check both dates against the record and the insurance card: correct the year of the date of service or of the date of birth.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let Some((dob, born)) = ctx.birth_date() else {
        return;
    };
    for line in &ctx.claim.lines {
        let Ok(from) = line.from_date else {
            continue;
        };
        if from >= born {
            continue;
        }
        out.report(
            line.from.span(),
            format!(
                "the date of service {} is before the patient's date of birth ({}): one of the two dates is wrong",
                line.from.text, dob.text
            ),
        )
        .related
        .push(Related {
            span: dob.span(),
            message: format!("date of birth {}", dob.text),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_a_service_before_birth() {
        // The tests' patient was born 1964-03-02.
        let found = findings(
            "date-before-birth",
            &claim("dx A C79.31\nline 1964-03-01 77300 dx=A\nline 03/02/1964 77300 dx=A"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("1964-03-01 is before"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn passes_on_the_day_of_birth_and_later_or_without_a_readable_dob() {
        let text = claim("dx A C79.31\nline 2026-11-02 77300 dx=A\nline 1964-03-02 77300 dx=A");
        assert!(findings("date-before-birth", &text).is_empty());
        let unreadable = text.replace("dob=1964-03-02", "dob=1964-02-30");
        assert!(
            findings(
                "date-before-birth",
                &unreadable.replace("2026-11-02", "1900-01-01")
            )
            .is_empty()
        );
    }
}
