//! Rules about a service line's values: its dates of service (against
//! the calendar, the patient's birth and each other), units and charge.

pub mod charge_invalid;
pub mod claim_spans_years;
pub mod date_before_birth;
pub mod date_future;
pub mod date_invalid;
pub mod date_range_order;
pub mod date_span_code;
pub mod date_span_too_long;
pub mod prior_auth_missing;
pub mod units_invalid;

/// Whether a line's range of dates ends after the anniversary of its first
/// day. Such a line is `date-span-too-long`'s finding (a mistyped year,
/// most likely), and the rules that would read its dates as real
/// (`claim-spans-years`, `timely-filing`, `date-span-code`) leave it alone:
/// one mistake, one finding.
pub(crate) fn longer_than_a_year(line: &crate::model::ServiceLine<'_>) -> bool {
    line.days().is_some_and(|(from, to)| {
        // Four rules ask for every line, and nearly every line is one day or
        // a few: only a span of 365 or 366 days needs the calendar.
        match (to - from).whole_days() {
            ..365 => false,
            367.. => true,
            _ => crate::values::add_months(from, 12).is_some_and(|anniversary| to > anniversary),
        }
    })
}

#[cfg(test)]
pub(super) mod testing {
    //! Test helpers shared by this family's rules.
    use crate::rules::testing::{claim, findings};

    /// The messages of `rule` on a service line dated `dates`.
    pub fn on_dates(rule: &str, dates: &str) -> Vec<String> {
        let text = claim(&format!("dx A C79.31\nline {dates} 77427 dx=A"));
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }

    /// The messages of `rule` on a service line with `attrs` added.
    pub fn on_attrs(rule: &str, attrs: &str) -> Vec<String> {
        let text = claim(&format!("dx A C79.31\nline 2026-11-02 77372 dx=A {attrs}"));
        findings(rule, &text)
            .into_iter()
            .map(|d| d.message.to_string())
            .collect()
    }
}
