//! `date-range-order`: a date range that ends before it starts.
use crate::diagnostic::Severity;
use crate::rules::{ClaimContext, Findings, Rule};

pub static RULE: Rule = Rule {
    id: "date-range-order",
    title: "Date range ends before it starts",
    severity: Severity::Error,
    what: "A line's date range `FROM..TO` has its end date before its start date.",
    why: "A from-date after the to-date is a contradiction every payer rejects as an invalid service period; it also makes per-day limits such as MUEs impossible to apply.",
    example: "line 2026-11-05..2026-11-02 77427 units=1 dx=A",
    fix: "Write the earlier date first (`2026-11-02..2026-11-05`), or correct the mistyped one.",
    check: Some(check_order),
};

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
    use super::super::testing::on_dates as on_line;

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
