//! The Medicare Physician Fee Schedule, one calendar year per table: each
//! code's status, relative values and payment-policy indicators, read from
//! `data/mpfs/cyYYYY.tsv` (generated from the CMS PPRRVU file by
//! `scripts/gen_mpfs.py`), and what each status and indicator means
//! (`data/mpfs/legend.tsv`).

use super::code_map::CodeMap;
use super::table::{LoadError, Tsv, yes};
use std::sync::LazyLock;

/// Relative value units in hundredths (CMS publishes two decimals).
pub type CentiRvu = u32;

/// One row of a year's fee schedule: a code, or a code with its 26/TC/53
/// modifier row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeRow {
    /// CMS status code (A, B, C, D, E, I, J, M, N, P, R, T, X, …).
    pub status: char,
    pub work: CentiRvu,
    pub pe_nonfacility: CentiRvu,
    pub pe_facility: CentiRvu,
    pub malpractice: CentiRvu,
    pub total_nonfacility: CentiRvu,
    pub total_facility: CentiRvu,
    /// CMS did not develop the practice expense for that setting ("NA").
    pub na_nonfacility: bool,
    pub na_facility: bool,
    /// Indicators as CMS writes them; `None` when the file leaves one blank.
    pub pctc: Option<u8>,
    /// Global days: 000, 010, 090, MMM, XXX, YYY or ZZZ.
    pub global: [u8; 3],
    pub multiple_procedure: Option<u8>,
    pub bilateral: Option<u8>,
    pub assistant: Option<u8>,
    pub co_surgeons: Option<u8>,
    pub team: Option<u8>,
    pub confirmed: bool,
}

impl FeeRow {
    pub fn global(&self) -> &str {
        std::str::from_utf8(&self.global).unwrap_or("")
    }

    /// Whether the code is an add-on (global days ZZZ): billed only with
    /// its primary procedure.
    pub fn is_add_on(&self) -> bool {
        &self.global == b"ZZZ"
    }
}

/// One calendar year of the fee schedule.
#[derive(Debug, Default)]
pub struct FeeSchedule {
    pub year: i32,
    /// The release, as its table's header names it.
    pub release: String,
    /// Where the rows come from (`data/mpfs/cy2026.tsv` or a user's path).
    pub origin: String,
    /// Dollars per RVU, in ten-thousandths (33.4009 → 334009).
    pub conversion_factor: u32,
    codes: CodeMap<FeeRow>,
    /// Rows of a code with a modifier, keyed `CODE` then the modifier.
    modifier_rows: CodeMap<Vec<(String, FeeRow)>>,
}

impl FeeSchedule {
    /// The code's own row (no modifier).
    pub fn get(&self, code: &str) -> Option<&FeeRow> {
        self.codes.get(code)
    }

    /// The row CMS gives for the code with `modifier` (26, TC, 53), if any.
    pub fn with_modifier(&self, code: &str, modifier: &str) -> Option<&FeeRow> {
        self.modifier_rows
            .get(code)?
            .iter()
            .find(|(m, _)| m == modifier)
            .map(|(_, row)| row)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code) || self.modifier_rows.contains_key(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Every code of the year (no modifier rows), in no particular order.
    pub fn codes(&self) -> impl Iterator<Item = (String, &FeeRow)> {
        self.codes.iter()
    }

    /// The national payment for `total` RVUs in cents: RVUs × conversion
    /// factor, before any locality adjustment.
    pub fn national_cents(&self, total: CentiRvu) -> u64 {
        // hundredths × ten-thousandths = millionths of a dollar.
        (u64::from(total) * u64::from(self.conversion_factor) + 5_000) / 10_000
    }

    /// Reads a generated table (see `scripts/gen_mpfs.py`).
    pub fn parse(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> FeeSchedule {
        let tsv = Tsv::parse(text, origin, &["code", "mod", "status", "pctc"], errors);
        let header = |key: &str| {
            tsv.comments
                .iter()
                .find_map(|c| c.strip_prefix(key).map(str::trim))
                .unwrap_or("")
        };
        let mut schedule = FeeSchedule {
            year: year_of(header("claimls:")).unwrap_or(0),
            release: header("Source:")
                .trim_start_matches(
                    "CMS National Physician Fee Schedule Relative Value File (PPRRVU),",
                )
                .trim()
                .trim_end_matches('.')
                .to_string(),
            origin: origin.to_string(),
            conversion_factor: decimal(header("Conversion factor:"), 4).unwrap_or(0),
            ..FeeSchedule::default()
        };
        for row in &tsv.rows {
            let field = |name| tsv.get(row, name);
            let rvu = |name| decimal(field(name), 2).unwrap_or(0);
            let digit = |name| field(name).parse::<u8>().ok().filter(|d| *d <= 9);
            let mut global = [b' '; 3];
            for (slot, b) in global.iter_mut().zip(field("global").bytes()) {
                *slot = b;
            }
            let Some(status) = field("status").chars().next() else {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: row.line,
                    message: "status code is empty".to_string(),
                });
                continue;
            };
            let fee = FeeRow {
                status,
                work: rvu("work"),
                pe_nonfacility: rvu("pe_nonfac"),
                pe_facility: rvu("pe_fac"),
                malpractice: rvu("mp"),
                total_nonfacility: rvu("total_nonfac"),
                total_facility: rvu("total_fac"),
                na_nonfacility: field("na_nonfac") == "NA",
                na_facility: field("na_fac") == "NA",
                pctc: digit("pctc"),
                global,
                multiple_procedure: digit("mult"),
                bilateral: digit("bilat"),
                assistant: digit("asst"),
                co_surgeons: digit("co"),
                team: digit("team"),
                confirmed: yes(field("confirmed")),
            };
            let (code, modifier) = (field("code"), field("mod"));
            if modifier.is_empty() {
                schedule.codes.insert(code, fee);
            } else {
                match schedule.modifier_rows.get_mut(code) {
                    Some(rows) => rows.push((modifier.to_string(), fee)),
                    None => {
                        schedule
                            .modifier_rows
                            .insert(code, vec![(modifier.to_string(), fee)]);
                    }
                }
            }
        }
        schedule
    }
}

/// The first four-digit year after "CY" in `text`.
fn year_of(text: &str) -> Option<i32> {
    let at = text.find("CY")? + 2;
    text.get(at..at + 4)?.parse().ok()
}

/// `12.34` as an integer in units of 10^-`places` (`None` when not a
/// plain decimal).
fn decimal(text: &str, places: u32) -> Option<u32> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.len() > places as usize {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut value = whole.checked_mul(10u32.pow(places))?;
    for (i, d) in fraction.bytes().enumerate() {
        let digit = u32::from(d.checked_sub(b'0').filter(|d| *d <= 9)?);
        value = value.checked_add(digit * 10u32.pow(places - 1 - i as u32))?;
    }
    Some(value)
}

/// The built-in years, newest last.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "data/mpfs/cy2025.tsv",
        include_str!("../../../../data/mpfs/cy2025.tsv"),
    ),
    (
        "data/mpfs/cy2026.tsv",
        include_str!("../../../../data/mpfs/cy2026.tsv"),
    ),
];

static BUILT_IN: LazyLock<Vec<FeeSchedule>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .map(|(origin, text)| FeeSchedule::parse(text, origin, &mut Vec::new()))
        .collect()
});

/// The built-in schedules, one per year, oldest first.
pub fn built_in() -> &'static [FeeSchedule] {
    &BUILT_IN
}

/// What a status code or indicator value means, in a few words and in a
/// sentence or two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Legend {
    pub name: String,
    pub meaning: String,
}

const LEGEND: &str = include_str!("../../../../data/mpfs/legend.tsv");

static LEGENDS: LazyLock<Vec<(String, String, Legend)>> = LazyLock::new(|| {
    let tsv = Tsv::parse(
        LEGEND,
        "data/mpfs/legend.tsv",
        &["field", "value"],
        &mut Vec::new(),
    );
    tsv.rows
        .iter()
        .map(|row| {
            (
                tsv.get(row, "field").to_string(),
                tsv.get(row, "value").to_string(),
                Legend {
                    name: tsv.get(row, "name").to_string(),
                    meaning: tsv.get(row, "meaning").to_string(),
                },
            )
        })
        .collect()
});

/// The meaning of `value` in `field` (`status`, `pctc`, `global`, `mult`,
/// `bilat`, `asst`, `co`, `team`).
pub fn legend(field: &str, value: &str) -> Option<&'static Legend> {
    LEGENDS
        .iter()
        .find(|(f, v, _)| f == field && v == value)
        .map(|(_, _, legend)| legend)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(y: i32) -> &'static FeeSchedule {
        built_in().iter().find(|s| s.year == y).unwrap()
    }

    #[test]
    fn the_built_in_years_load_every_row_without_errors() {
        for (origin, text) in EMBEDDED {
            let mut errors = Vec::new();
            let schedule = FeeSchedule::parse(text, origin, &mut errors);
            assert!(errors.is_empty(), "{origin}: {errors:?}");
            let rows = text.lines().filter(|l| !l.starts_with('#')).count() - 1;
            let modifier_rows: usize = schedule.modifier_rows.values().map(Vec::len).sum();
            assert_eq!(schedule.len() + modifier_rows, rows, "{origin}");
        }
        assert_eq!(year(2025).conversion_factor, 323_465);
        assert_eq!(year(2026).conversion_factor, 334_009);
        assert!(
            year(2026).release.contains("RVU26C"),
            "{}",
            year(2026).release
        );
    }

    #[test]
    fn rows_read_as_cms_wrote_them() {
        // Values checked by hand against the CMS CY2026 July file.
        let srs = year(2026).get("77372").unwrap();
        assert_eq!((srs.status, srs.pctc, srs.global()), ('A', Some(3), "XXX"));
        assert_eq!((srs.total_facility, srs.na_facility), (2796, true));
        let management = year(2026).get("77432").unwrap();
        assert_eq!((management.pctc, management.work), (Some(2), 772));
        let g0339 = year(2026).get("G0339").unwrap();
        assert_eq!((g0339.status, g0339.pctc), ('C', Some(0)));
        assert!(year(2026).get("77014").is_none(), "dropped in CY2026");
        assert_eq!(year(2025).get("77014").unwrap().status, 'A');
        assert_eq!(year(2026).get("77417").unwrap().status, 'B');
        let planning = year(2026).with_modifier("77295", "26").unwrap();
        assert!(planning.work > 0 && planning.confirmed);
    }

    #[test]
    fn national_payment_is_rvus_times_the_conversion_factor() {
        // 27.96 RVU × 33.4009 = $933.89
        assert_eq!(year(2026).national_cents(2796), 93_389);
    }

    #[test]
    fn every_indicator_value_in_the_tables_has_a_legend() {
        for schedule in built_in() {
            for (code, row) in schedule.codes() {
                assert!(
                    legend("status", &row.status.to_string()).is_some(),
                    "{code} status"
                );
                for (field, value) in [
                    ("pctc", row.pctc),
                    ("mult", row.multiple_procedure),
                    ("bilat", row.bilateral),
                    ("asst", row.assistant),
                    ("co", row.co_surgeons),
                    ("team", row.team),
                ] {
                    if let Some(v) = value {
                        assert!(
                            legend(field, &v.to_string()).is_some(),
                            "{code} {field} {v}"
                        );
                    }
                }
                assert!(
                    legend("global", row.global()).is_some(),
                    "{code} global {}",
                    row.global()
                );
            }
        }
    }

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(decimal("27.75", 2), Some(2775));
        assert_eq!(decimal("0.5", 2), Some(50));
        assert_eq!(decimal("33.4009", 4), Some(334_009));
        assert_eq!(decimal("1.234", 2), None);
        assert_eq!(decimal("x", 2), None);
        assert_eq!(decimal("", 2), None);
    }
}
