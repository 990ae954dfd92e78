//! `date-invalid`: a date of service the calendar does not have.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};
use crate::values::{DateError, no_such_day};

pub static RULE: Rule = Rule {
    id: "date-invalid",
    title: "Date of service is not a calendar day",
    severity: Severity::Error,
    what: "A line's date of service, or either end of its range, is written as a date but names a day the calendar does not have: 2026-02-30, 2026-04-31, month 13.",
    why: "Payers reject a line whose date of service is not a valid date; nothing about it (coverage, edits, timely filing) can be decided without one.",
    example: "line 2026-02-30 77372 units=1 dx=A",
    fix: "Correct the date from the treatment record.",
    check: Some(check_invalid),
};

fn check_invalid(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    let dates = ctx.claim.lines.iter().flat_map(|l| l.dates_parsed());
    for (date, _) in dates.filter(|(_, value)| *value == Err(DateError::NoSuchDay)) {
        if let Some(reason) = no_such_day(date.text) {
            out.report(
                date.span(),
                format!("{} is not a calendar day: {reason}", date.text),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::on_dates as on_line;

    #[test]
    fn invalid_fails_on_days_the_calendar_lacks_at_either_end() {
        let found = on_line("date-invalid", "2026-11-02..2026-11-31");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("2026-11-31 is not a calendar day: November 2026 has 30 days"));
        assert!(on_line("date-invalid", "2/29/2026")[0].contains("February 2026 has 28 days"));
    }

    #[test]
    fn invalid_passes_on_real_days() {
        assert!(on_line("date-invalid", "2024-02-29..03/01/2024").is_empty());
    }
}
