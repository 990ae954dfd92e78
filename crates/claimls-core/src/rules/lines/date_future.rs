//! `date-future`: a date of service after today.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::format_date;

pub static RULE: Rule = Rule {
    id: "date-future",
    title: "Date of service in the future",
    severity: Severity::Warning,
    what: "A line's date of service (or the end of its range) is after today.",
    why: "A service is billed after it is furnished; payers reject a claim whose dates of service lie after the date it is received. It is a warning rather than an error because drafts are legitimately prepared ahead of planned fractions; it must be cleared before the claim is sent.",
    example: "line 2999-11-02 77372 units=1 dx=A",
    fix: "Correct a mistyped date, or hold the line until the service has been furnished.",
    check: Some(check_future),
};

fn check_future(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for (date, value) in ctx.claim.lines.iter().flat_map(|l| l.dates_parsed()) {
        if value.is_ok_and(|d| d > ctx.today) {
            out.report(
                date.span(),
                format!(
                    "date of service {} is after today ({}); bill a service once it has been furnished",
                    date.text,
                    format_date(ctx.today)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_dates as on_line;

    #[test]
    fn future_fails_after_today_and_passes_before() {
        let found = on_line("date-future", "2026-11-02..2999-01-01");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("2999-01-01 is after today"),
            "{}",
            found[0]
        );
        assert!(on_line("date-future", "2026-11-02..2026-11-05").is_empty());
    }
}
