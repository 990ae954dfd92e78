//! `date-span-too-long`: one service line dated over more than a year.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::format_date;

pub static RULE: Rule = Rule {
    id: "date-span-too-long",
    title: "A line's date range is longer than a year",
    severity: Severity::Warning,
    what: "A service line's range of dates ends after the anniversary of its first day (`line 2025-11-02..2026-11-06`): more than a year on one line. `claim-spans-years` and `timely-filing` leave such a line to this rule, whose date is more likely mistyped than late or split.",
    why: "No service billed on a professional claim runs for a year on one line: the usual cause is a mistyped year in one of the two dates. Left as it is, the line crosses December 31 (each year's services are priced under that year's fee schedule), and its first day is over a year old, past Medicare's filing limit (42 CFR 424.44), so it is denied or split.",
    example: "line 2025-11-02..2026-11-06 77427 units=1 dx=A",
    fix: "Check both dates against the record: correct the year that is wrong. If the services really span that long, bill each date of service (or each period the code covers) on a line of its own.",
    check: Some(check),
};

fn check(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let Some((from, to)) = line.days() else {
            continue;
        };
        if !super::longer_than_a_year(line) {
            continue;
        }
        out.report(
            line.dates.span(),
            format!(
                "this line's dates run {} days, from {} to {}: more than a year on one line; check the years (a mistyped year is the usual cause), or bill each date of service on a line of its own",
                (to - from).whole_days() + 1,
                format_date(from),
                format_date(to)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_dates;
    use crate::rules::testing::{claim, findings};

    #[test]
    fn fails_past_the_anniversary_and_is_the_only_finding_on_the_line() {
        let found = on_dates("date-span-too-long", "2025-11-02..2026-11-06");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("this line's dates run 370 days, from 2025-11-02 to 2026-11-06"),
            "{}",
            found[0]
        );
        // One mistake, one finding: the year boundary and the filing limit
        // are this line's mistyped year, not findings of their own.
        let text = claim("dx A C79.31\nline 2025-11-02..2026-11-06 77427 dx=A");
        assert!(findings("claim-spans-years", &text).is_empty());
        assert!(findings("timely-filing", &text).is_empty());
    }

    #[test]
    fn passes_up_to_the_same_day_a_year_later() {
        assert!(on_dates("date-span-too-long", "2025-11-02..2026-11-02").is_empty());
        assert!(on_dates("date-span-too-long", "2026-11-02..2026-11-06").is_empty());
        // A range that runs backwards is date-range-order's.
        assert!(on_dates("date-span-too-long", "2027-11-06..2026-11-02").is_empty());
    }
}
