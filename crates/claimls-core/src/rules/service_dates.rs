//! Dates of service: `date-invalid`, `date-future`, `date-range-order`.
//! (The parser already rejects dates that are not written as dates.)
use super::{ClaimContext, Findings, Rule};
use crate::diagnostic::Severity;
use crate::values::{DateError, format_date, no_such_day};

pub static DATE_INVALID: Rule = Rule {
    id: "date-invalid",
    title: "Date of service is not a calendar day",
    severity: Severity::Error,
    what: "A line's date of service, or either end of its range, is written as a date but names a day the calendar does not have: 2026-02-30, 2026-04-31, month 13.",
    why: "Payers reject a line whose date of service is not a valid date; nothing about it (coverage, edits, timely filing) can be decided without one.",
    example: "line 2026-02-30 77372 units=1 dx=A",
    fix: "Correct the date from the treatment record.",
    check: Some(check_invalid),
};

pub static DATE_FUTURE: Rule = Rule {
    id: "date-future",
    title: "Date of service in the future",
    severity: Severity::Warning,
    what: "A line's date of service (or the end of its range) is after today.",
    why: "A service is billed after it is furnished; payers reject a claim whose dates of service lie after the date it is received. It is a warning rather than an error because drafts are legitimately prepared ahead of planned fractions; it must be cleared before the claim is sent.",
    example: "line 2999-11-02 77372 units=1 dx=A",
    fix: "Correct a mistyped date, or hold the line until the service has been furnished.",
    check: Some(check_future),
};

pub static DATE_RANGE_ORDER: Rule = Rule {
    id: "date-range-order",
    title: "Date range ends before it starts",
    severity: Severity::Error,
    what: "A line's date range `FROM..TO` has its end date before its start date.",
    why: "A from-date after the to-date is a contradiction every payer rejects as an invalid service period; it also makes per-day limits such as MUEs impossible to apply.",
    example: "line 2026-11-05..2026-11-02 77427 units=1 dx=A",
    fix: "Write the earlier date first (`2026-11-02..2026-11-05`), or correct the mistyped one.",
    check: Some(check_order),
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

fn check_order(ctx: &ClaimContext<'_, '_>, out: &mut Findings) {
    for line in &ctx.claim.lines {
        let (Some(to), Ok(start), Some(Ok(end))) = (line.to, line.from_date, line.to_date) else {
            continue;
        };
        if start > end {
            out.report(
                line.dates.span(),
                format!(
                    "the range {} ends before it starts: {} is after {}; write the earlier date first",
                    line.dates.text, line.from.text, to.text
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{claim, findings};

    fn on_line(rule: &str, dates: &str) -> Vec<String> {
        let text = claim(&format!("dx A C79.31\nline {dates} 77427 dx=A"));
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

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

    #[test]
    fn order_fails_on_a_backwards_range_and_passes_on_a_forward_or_one_day_one() {
        let found = on_line("date-range-order", "2026-11-05..2026-11-02");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("2026-11-05 is after 2026-11-02"),
            "{}",
            found[0]
        );
        assert!(on_line("date-range-order", "2026-11-02..11/05/2026").is_empty());
        assert!(on_line("date-range-order", "2026-11-02..2026-11-02").is_empty());
    }
}
