//! How long after the date of service each payer profile accepts a first
//! claim (timely filing), from `data/filing_limits.tsv`. A profile without
//! a row has no built-in limit: commercial limits depend on the provider's
//! contract and the state, so claimls knows one only where it can cite it,
//! and the user sets theirs in `claimls.toml`.

use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/filing_limits.tsv");

/// A filing period, counted from the date of service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// The same day `n` months later (the month's last day when it has no
    /// such day: a service on February 29 is due by February 28, as
    /// Medicare counts it).
    Months(u32),
    /// The date of service plus `n` days.
    Days(u32),
}

impl Period {
    /// The last day a first claim for a service on `service` is timely
    /// (`None` past the calendar's end).
    pub fn last_day(self, service: time::Date) -> Option<time::Date> {
        match self {
            Period::Months(n) => crate::values::add_months(service, n),
            Period::Days(n) => service.checked_add(time::Duration::days(i64::from(n))),
        }
    }

    /// How messages say it: "12-month", "90-day".
    pub fn adjective(self) -> String {
        match self {
            Period::Months(n) => format!("{n}-month"),
            Period::Days(n) => format!("{n}-day"),
        }
    }

    /// Reads `12 months` or `90 days`.
    fn parse(text: &str) -> Option<Period> {
        let (n, unit) = text.trim().split_once(' ')?;
        let n: u32 = n.parse().ok().filter(|&n| n > 0)?;
        match unit.trim() {
            "months" | "month" => Some(Period::Months(n)),
            "days" | "day" => Some(Period::Days(n)),
            _ => None,
        }
    }
}

/// One profile's built-in limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilingLimit {
    pub profile: &'static str,
    pub period: Period,
    /// The payer as messages name it.
    pub payer: &'static str,
    /// What the limit rests on, in a few words (for messages).
    pub basis: &'static str,
    pub source: &'static str,
    /// Read from the source (else claimls's reading: messages say so).
    pub confirmed: bool,
}

static LIMITS: LazyLock<Vec<FilingLimit>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("profile\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            Some(FilingLimit {
                profile: f.first()?,
                period: Period::parse(f.get(1)?)?,
                payer: f.get(2)?,
                basis: f.get(3)?,
                source: f.get(4)?,
                confirmed: *f.get(7)? == "yes",
            })
        })
        .collect()
});

/// The limit that applies to a claim: a profile's built-in one, or the
/// number of days `claimls.toml` sets for the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub period: Period,
    /// The built-in row it comes from; `None` when the user set it.
    pub built_in: Option<&'static FilingLimit>,
}

/// The built-in limit of payer profile `profile`, if claimls has one.
pub fn for_profile(profile: &str) -> Option<&'static FilingLimit> {
    LIMITS.iter().find(|l| l.profile == profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> time::Date {
        crate::values::parse_date(text).unwrap()
    }

    #[test]
    fn every_row_reads_and_names_a_known_profile() {
        let rows = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count()
            - 1;
        assert_eq!(LIMITS.len(), rows, "a row did not read");
        let profiles: Vec<String> = crate::knowledge::Knowledge::embedded()
            .payers()
            .iter()
            .map(|p| p.profile.clone())
            .collect();
        for limit in LIMITS.iter() {
            assert!(
                profiles.iter().any(|p| p == limit.profile),
                "{}",
                limit.profile
            );
        }
        let medicare = for_profile("medicare").unwrap();
        assert_eq!(medicare.period, Period::Months(12));
        assert!(medicare.confirmed && medicare.source.contains("424.44"));
        assert_eq!(for_profile("aetna"), None, "contract-specific: unset");
    }

    #[test]
    fn a_year_ends_on_the_same_day_and_february_29_on_the_28th() {
        let year = Period::Months(12);
        assert_eq!(year.last_day(date("2025-10-31")), Some(date("2026-10-31")));
        // CMS CR 7080: a service on February 29 is due by February 28.
        assert_eq!(year.last_day(date("2028-02-29")), Some(date("2029-02-28")));
        assert_eq!(
            Period::Months(1).last_day(date("2026-01-31")),
            Some(date("2026-02-28"))
        );
        assert_eq!(
            Period::Days(90).last_day(date("2026-10-14")),
            Some(date("2027-01-12"))
        );
        assert_eq!(Period::parse("12 months"), Some(year));
        assert_eq!(Period::parse("0 days"), None);
    }
}
