//! `claim-spans-years`: one claim with dates of service in two calendar years.
use crate::diagnostic::{Related, Severity};
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "claim-spans-years",
    title: "Dates of service in two calendar years on one claim",
    severity: Severity::Warning,
    what: "The service lines of one claim fall in more than one calendar year (by each line's first and last day), or a single line's date range crosses December 31.",
    why: "Fee schedules, code sets, edits and deductibles change on January 1, and payers price each year's services under that year's rules: Medicare contractors ask for services of different years on separate claims, and a line whose range crosses the year cannot be priced under one year's fee schedule. Such claims are returned or split, and the part in the new year may apply to a new deductible.",
    example: "line 2026-12-30 77300 units=1 dx=A\nline 2027-01-04 77300 units=1 dx=A",
    fix: "Bill each calendar year's services on a claim of their own; split a date range at December 31 into two lines.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let mut first_year: Option<(i32, &crate::model::ServiceLine<'_>)> = None;
    for line in &ctx.claim.lines {
        let Some((from, to)) = line.days() else {
            continue;
        };
        if super::longer_than_a_year(line) {
            // date-span-too-long's: its year is likely mistyped.
            continue;
        }
        if from.year() != to.year() {
            out.report(
                line.dates.span(),
                format!(
                    "this line's dates {} cross from {} into {}: split it at December 31, and bill each year's part on that year's claim",
                    line.dates.text,
                    from.year(),
                    to.year()
                ),
            );
            continue;
        }
        match first_year {
            None => first_year = Some((from.year(), line)),
            Some((year, first)) if year != from.year() => {
                out.report(
                    line.dates.span(),
                    format!(
                        "this claim has dates of service in {year} ({} on {}) and in {}: bill each calendar year on a claim of its own",
                        first.dates.text,
                        first.label,
                        from.year()
                    ),
                )
                .related
                .push(Related {
                    span: first.dates.span(),
                    message: format!("a date of service in {year}"),
                });
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_on_two_years_and_on_a_range_across_new_year() {
        let found = findings(
            "claim-spans-years",
            &claim("dx A C79.31\nline 2025-12-30 77300 dx=A\nline 2026-01-05 77300 dx=A"),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("in 2025 (2025-12-30 on line 7) and in 2026"),
            "{}",
            found[0].message
        );
        let range = findings(
            "claim-spans-years",
            &claim("dx A C79.31\nline 2025-12-29..2026-01-02 77336 units=1 dx=A"),
        );
        assert_eq!(range.len(), 1, "{range:?}");
        assert!(range[0].message.contains("cross from 2025 into 2026"));
    }

    #[test]
    fn passes_within_one_year() {
        let text = claim(
            "dx A C79.31\nline 2026-01-02 77300 dx=A\nline 2026-12-31 77300 dx=A\nline 2026-03-01..2026-03-05 77336 dx=A",
        );
        assert!(findings("claim-spans-years", &text).is_empty());
    }
}
