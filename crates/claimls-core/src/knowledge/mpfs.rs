//! The Medicare Physician Fee Schedule, one calendar year per table: each
//! code's status, relative values and payment-policy indicators, read from
//! `data/mpfs/cyYYYY.tsv` (generated from the CMS PPRRVU file by
//! `scripts/gen_mpfs.py`), and what each status and indicator means
//! (`data/mpfs/legend.tsv`).

use super::code_map::CodeMap;
use super::delimited::{self, Table, is_code};
use super::table::{LoadError, Tsv, yes};
use std::sync::{LazyLock, OnceLock};

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

    /// Reads a generated table (see `scripts/gen_mpfs.py`). The table is
    /// read line by line, each row split into a small array: holding every
    /// row's fields at once cost more memory than the schedule itself, and
    /// the allocator keeps such a peak.
    pub fn parse(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> FeeSchedule {
        let mut comments = Vec::new();
        let mut lines = text.lines().enumerate();
        let mut header: Option<Vec<&str>> = None;
        for (_, line) in lines.by_ref() {
            if let Some(comment) = line.strip_prefix('#') {
                comments.push(comment.trim());
            } else if !line.trim().is_empty() {
                header = Some(line.split('\t').map(str::trim).collect());
                break;
            }
        }
        let meta = |key: &str| {
            comments
                .iter()
                .find_map(|c| c.strip_prefix(key).map(str::trim))
                .unwrap_or("")
        };
        let mut schedule = FeeSchedule {
            year: year_of(meta("claimls:")).unwrap_or(0),
            release: meta("Source:")
                .trim_start_matches(
                    "CMS National Physician Fee Schedule Relative Value File (PPRRVU),",
                )
                .trim()
                .trim_end_matches('.')
                .to_string(),
            origin: origin.to_string(),
            conversion_factor: decimal(meta("Conversion factor:"), 4).unwrap_or(0),
            ..FeeSchedule::default()
        };
        let Some(header) = header else {
            errors.push(LoadError {
                origin: origin.to_string(),
                line: 0,
                message: "no column header".to_string(),
            });
            return schedule;
        };
        const COLUMNS: [&str; 19] = [
            "code",
            "mod",
            "status",
            "work",
            "pe_nonfac",
            "pe_fac",
            "mp",
            "total_nonfac",
            "total_fac",
            "na_nonfac",
            "na_fac",
            "pctc",
            "global",
            "mult",
            "bilat",
            "asst",
            "co",
            "team",
            "confirmed",
        ];
        let mut at = [usize::MAX; COLUMNS.len()];
        for (slot, name) in at.iter_mut().zip(COLUMNS) {
            match header.iter().position(|h| *h == name) {
                Some(i) => *slot = i,
                None => errors.push(LoadError {
                    origin: origin.to_string(),
                    line: 0,
                    message: format!("no `{name}` column"),
                }),
            }
        }
        // About one row per line; the few modifier rows go elsewhere.
        schedule
            .codes
            .reserve(text.bytes().filter(|b| *b == b'\n').count());
        let mut fields: smallvec::SmallVec<[&str; 24]> = smallvec::SmallVec::new();
        for (i, line) in lines {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            fields.clear();
            fields.extend(line.split('\t').map(str::trim));
            let field = |column: usize| fields.get(at[column]).copied().unwrap_or("");
            let rvu = |column| decimal(field(column), 2).unwrap_or(0);
            let digit = |column| field(column).parse::<u8>().ok().filter(|d| *d <= 9);
            let mut global = [b' '; 3];
            for (slot, b) in global.iter_mut().zip(field(12).bytes()) {
                *slot = b;
            }
            let Some(status) = field(2).chars().next() else {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: i + 1,
                    message: "status code is empty".to_string(),
                });
                continue;
            };
            let fee = FeeRow {
                status,
                work: rvu(3),
                pe_nonfacility: rvu(4),
                pe_facility: rvu(5),
                malpractice: rvu(6),
                total_nonfacility: rvu(7),
                total_facility: rvu(8),
                na_nonfacility: field(9) == "NA",
                na_facility: field(10) == "NA",
                pctc: digit(11),
                global,
                multiple_procedure: digit(13),
                bilateral: digit(14),
                assistant: digit(15),
                co_surgeons: digit(16),
                team: digit(17),
                confirmed: yes(field(18)),
            };
            schedule.add(field(0), field(1), fee);
        }
        schedule
    }

    /// Reads the relative value file as CMS publishes it (PPRRVU, CSV or
    /// tab-separated): title lines, a header whose names CMS spreads over
    /// two rows (HCPCS, MOD, STATUS CODE, WORK RVU, …, PCTC IND, GLOB DAYS,
    /// MULT PROC, BILAT SURG, ASST SURG, CO-SURG, TEAM SURG, …, CONV
    /// FACTOR), then a row per code and modifier. Columns are found by
    /// name; the code, PC/TC and bilateral columns are required, any other
    /// missing column reads as blank. The year is the first 20xx in the
    /// title lines, the copyright line aside (`year` 0 when there is none:
    /// the file then applies to every date). The descriptor column is never
    /// read.
    pub fn parse_cms(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> FeeSchedule {
        let error = |errors: &mut Vec<LoadError>, line: usize, message: String| {
            errors.push(LoadError {
                origin: origin.to_string(),
                line,
                message,
            })
        };
        let is_code_column =
            |n: &str| n == "HCPCS" || n.ends_with(" HCPCS") || n.starts_with("HCPCS ");
        let mut schedule = FeeSchedule {
            release: format!("your file {}", delimited::file_name(origin)),
            origin: origin.to_string(),
            ..FeeSchedule::default()
        };
        if is_fixed_width(text) {
            return FeeSchedule::parse_fixed_width(text, origin, errors);
        }
        let Some(table) = Table::find(
            text,
            |cells| cells.iter().any(|c| c == "HCPCS" || c == "HCPCS CODE"),
            |names| names.iter().position(|n| is_code_column(n)),
        ) else {
            error(
                errors,
                0,
                "no header row with an `HCPCS` column found: expected the CMS MPFS relative value file (PPRRVU, CSV, or the fixed-width TXT that starts with an `HDR` record); nothing was loaded".to_string(),
            );
            return schedule;
        };
        schedule.year = text
            .lines()
            .take(table.header_line.saturating_sub(1))
            // The AMA copyright line names a year too.
            .filter(|line| !line.to_ascii_lowercase().contains("copyright"))
            .find_map(first_year)
            .unwrap_or(0);
        let words = |n: &str, all: &[&str], none: &[&str]| {
            all.iter().all(|w| n.contains(w)) && !none.iter().any(|w| n.contains(w))
        };
        let col = |all: &[&str], none: &[&str]| table.column(|n| words(n, all, none));
        let code = table.column(is_code_column);
        let modifier = table.column(|n| n.split(' ').any(|w| w == "MOD"));
        let pctc = col(&["PCTC"], &[]);
        let bilat = col(&["BILAT"], &[]);
        let (Some(code), Some(pctc), Some(bilat)) = (code, pctc, bilat) else {
            error(
                errors,
                table.header_line,
                "the header has no `PCTC IND` or `BILAT SURG` column: expected the CMS PPRRVU layout; nothing was loaded".to_string(),
            );
            return schedule;
        };
        let status = col(&["STATUS"], &[]);
        let work = col(&["WORK"], &["OPPS"]);
        let pe_nonfac = col(&["PE", "NON"], &["OPPS", "TOTAL"]);
        let pe_fac = col(&["PE", "FAC"], &["NON", "OPPS", "TOTAL"]);
        let mp = table.column(|n| {
            (n.split(' ').any(|w| w == "MP") || n.contains("MALPRACTICE")) && !n.contains("OPPS")
        });
        let total_nonfac = col(&["TOTAL", "NON"], &[]);
        let total_fac = col(&["TOTAL", "FAC"], &["NON"]);
        let na_nonfac = col(&["NA", "NON"], &["TOTAL", "PE RVU"]);
        let na_fac = col(&["NA", "FAC"], &["NON", "TOTAL", "PE RVU"]);
        let global = col(&["GLOB"], &[]);
        let mult = col(&["MULT"], &[]);
        let asst = col(&["ASST"], &[]);
        let co = table.column(|n| n.contains("CO-") || n.split(' ').any(|w| w == "CO"));
        let team = col(&["TEAM"], &[]);
        let factor = col(&["CONV"], &[]);
        for record in table {
            let c = record.get(code);
            if !is_code(c) {
                error(
                    errors,
                    record.line,
                    format!("expected a five-character HCPCS code, found `{c}`"),
                );
                continue;
            }
            let cell = |column: Option<usize>| column.map_or("", |i| record.get(i).trim());
            let digit = |column: Option<usize>| {
                let v = cell(column);
                v.parse::<u8>().ok().filter(|d| v.len() == 1 && *d <= 9)
            };
            let (Some(p), Some(b)) = (digit(Some(pctc)), digit(Some(bilat))) else {
                error(
                    errors,
                    record.line,
                    format!(
                        "{c}: PCTC IND and BILAT SURG must be single digits, found `{}` and `{}`",
                        record.get(pctc),
                        record.get(bilat)
                    ),
                );
                continue;
            };
            let rvu = |column| decimal(cell(column), 2).unwrap_or(0);
            let mut days = [b' '; 3];
            for (slot, b) in days.iter_mut().zip(cell(global).bytes()) {
                *slot = b;
            }
            if schedule.conversion_factor == 0 {
                schedule.conversion_factor = decimal(cell(factor), 4).unwrap_or(0);
            }
            let fee = FeeRow {
                status: cell(status).chars().next().unwrap_or('A'),
                work: rvu(work),
                pe_nonfacility: rvu(pe_nonfac),
                pe_facility: rvu(pe_fac),
                malpractice: rvu(mp),
                total_nonfacility: rvu(total_nonfac),
                total_facility: rvu(total_fac),
                na_nonfacility: cell(na_nonfac) == "NA",
                na_facility: cell(na_fac) == "NA",
                pctc: Some(p),
                global: days,
                multiple_procedure: digit(mult),
                bilateral: Some(b),
                assistant: digit(asst),
                co_surgeons: digit(co),
                team: digit(team),
                confirmed: true,
            };
            schedule.add(c, cell(modifier), fee);
        }
        schedule
    }

    /// Reads the fixed-width text file CMS publishes beside the CSV
    /// (PPRRVUyy.txt): an `HDR` record, then one 150-character record per
    /// code and modifier at the positions of the CMS record layout (HCPCS
    /// 1–5, modifier 6–7, status 58, work 60–65, practice expense 67–72
    /// and 76–81 with their NA flags at 73–74 and 82–83, malpractice 85–89,
    /// totals 91–96 and 97–102, PC/TC 103, global days 104–106, multiple
    /// procedure 116, bilateral 117, assistant 118, co-surgeons 119, team
    /// 120, conversion factor 133–140). The descriptor (8–57) is never
    /// read. The records carry no year: it comes from the file name
    /// (`PPRRVU25…` or `PPRRVU2025…` → 2025), else the file applies to
    /// every year.
    pub fn parse_fixed_width(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> FeeSchedule {
        let mut schedule = FeeSchedule {
            year: year_in_file_name(delimited::file_name(origin)).unwrap_or(0),
            release: format!("your file {}", delimited::file_name(origin)),
            origin: origin.to_string(),
            ..FeeSchedule::default()
        };
        for (i, line) in text.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.starts_with("HDR") || line.trim().is_empty() {
                continue;
            }
            // 1-based, inclusive positions, as the layout gives them.
            let field = |from: usize, to: usize| {
                line.get(from - 1..to.min(line.len())).unwrap_or("").trim()
            };
            let code = field(1, 5);
            let digit = |at: usize| {
                let v = field(at, at);
                v.parse::<u8>().ok()
            };
            let (Some(p), Some(b)) = (digit(103), digit(117)) else {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: i + 1,
                    message: format!(
                        "{code}: the PC/TC (position 103) and bilateral (117) indicators must be digits; the record is {} characters long, the CMS layout 150",
                        line.len()
                    ),
                });
                continue;
            };
            if !is_code(code) {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: i + 1,
                    message: format!(
                        "expected a five-character HCPCS code in positions 1-5, found `{code}`"
                    ),
                });
                continue;
            }
            let rvu = |from, to| decimal(field(from, to), 2).unwrap_or(0);
            let mut days = [b' '; 3];
            for (slot, b) in days.iter_mut().zip(field(104, 106).bytes()) {
                *slot = b;
            }
            if schedule.conversion_factor == 0 {
                schedule.conversion_factor = decimal(field(133, 140), 4).unwrap_or(0);
            }
            let fee = FeeRow {
                status: field(58, 58).chars().next().unwrap_or('A'),
                work: rvu(60, 65),
                pe_nonfacility: rvu(67, 72),
                pe_facility: rvu(76, 81),
                malpractice: rvu(85, 89),
                total_nonfacility: rvu(91, 96),
                total_facility: rvu(97, 102),
                na_nonfacility: field(73, 74) == "NA",
                na_facility: field(82, 83) == "NA",
                pctc: Some(p),
                global: days,
                multiple_procedure: digit(116),
                bilateral: Some(b),
                assistant: digit(118),
                co_surgeons: digit(119),
                team: digit(120),
                confirmed: true,
            };
            let modifier = field(6, 7).to_string();
            schedule.add(code, &modifier, fee);
        }
        schedule
    }

    fn add(&mut self, code: &str, modifier: &str, fee: FeeRow) {
        if modifier.is_empty() {
            self.codes.insert(code, fee);
        } else if let Some(rows) = self.modifier_rows.get_mut(code) {
            rows.push((modifier.to_string(), fee));
        } else {
            self.modifier_rows
                .insert(code, vec![(modifier.to_string(), fee)]);
        }
    }
}

/// Whether `text` is the fixed-width PPRRVU file: it opens with the `HDR`
/// record (CMS's CSV and tab-separated copies open with title lines).
fn is_fixed_width(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').starts_with("HDR")
}

/// The year in a CMS file name: `PPRRVU2026_Jul.txt` → 2026,
/// `PPRRVU25_OCT.txt` → 2025.
fn year_in_file_name(name: &str) -> Option<i32> {
    let upper = name.to_ascii_uppercase();
    let digits: String = upper
        .strip_prefix("PPRRVU")?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.len() {
        4 => digits.parse().ok(),
        2 => digits.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

/// The first 20xx standing alone in `line`.
fn first_year(line: &str) -> Option<i32> {
    let bytes = line.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let alone = |j: Option<usize>| {
            j.and_then(|j| bytes.get(j))
                .is_none_or(|b| !b.is_ascii_digit())
        };
        (bytes[i..i + 2] == *b"20"
            && bytes[i + 2..i + 4].iter().all(u8::is_ascii_digit)
            && alone(i.checked_sub(1))
            && alone(Some(i + 4)))
        .then(|| line[i..i + 4].parse().ok())
        .flatten()
    })
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

/// The built-in years, oldest first: (year, table, text).
pub const EMBEDDED: &[(i32, &str, &str)] = &[
    (
        2025,
        "data/mpfs/cy2025.tsv",
        include_str!("../../../../data/mpfs/cy2025.tsv"),
    ),
    (
        2026,
        "data/mpfs/cy2026.tsv",
        include_str!("../../../../data/mpfs/cy2026.tsv"),
    ),
];

/// Each built-in year is parsed on its first use, apart: a claim of 2026
/// never pays for the 2025 table (about 8 MB of memory per year read).
static BUILT_IN: [OnceLock<FeeSchedule>; EMBEDDED.len()] =
    [const { OnceLock::new() }; EMBEDDED.len()];

fn built_in_at(i: usize) -> &'static FeeSchedule {
    BUILT_IN[i].get_or_init(|| {
        let (_, origin, text) = EMBEDDED[i];
        FeeSchedule::parse(text, origin, &mut Vec::new())
    })
}

/// The years claimls ships a schedule for, oldest first (nothing parsed).
pub fn built_in_years() -> impl DoubleEndedIterator<Item = i32> {
    EMBEDDED.iter().map(|(year, _, _)| *year)
}

/// The built-in schedule of `year`, parsed on first use.
pub fn built_in_year(year: i32) -> Option<&'static FeeSchedule> {
    let i = EMBEDDED.iter().position(|(y, _, _)| *y == year)?;
    Some(built_in_at(i))
}

/// Every built-in schedule, newest first (each parsed on first use: stop
/// early to spare the older years).
pub fn built_in_newest_first() -> impl Iterator<Item = &'static FeeSchedule> {
    (0..EMBEDDED.len()).rev().map(built_in_at)
}

/// What a status code or indicator value means, in a few words and in a
/// sentence or two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Legend {
    pub name: String,
    pub meaning: String,
}

pub(crate) const LEGEND: &str = include_str!("../../../../data/mpfs/legend.tsv");

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

/// What one payment indicator says about the modifiers it governs
/// (`data/mpfs/indicator_modifiers.tsv`): 26 and TC by the PC/TC indicator,
/// 50 by the bilateral one, 80/81/82/AS by the assistant-at-surgery one,
/// 62 by co-surgeons, 66 by team surgery, 51 by the multiple-procedure one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorRule {
    /// The legend field (`pctc`, `bilat`, `asst`, `co`, `team`, `mult`).
    pub field: String,
    /// The indicator's name in messages ("assistant-at-surgery").
    pub label: String,
    pub modifiers: Vec<String>,
    /// Values on which the modifiers are not payable; empty when the
    /// indicator only explains how a line is paid.
    pub refused: Vec<u8>,
    /// Values on which completion offers the modifiers on any code: the
    /// role is paid (empty: the catalog's `applies_to` ranges decide).
    pub offered: Vec<u8>,
    pub confirmed: bool,
}

pub(crate) const INDICATOR_MODIFIERS: &str =
    include_str!("../../../../data/mpfs/indicator_modifiers.tsv");

static INDICATOR_RULES: LazyLock<Vec<IndicatorRule>> = LazyLock::new(|| {
    let tsv = Tsv::parse(
        INDICATOR_MODIFIERS,
        "data/mpfs/indicator_modifiers.tsv",
        &["field", "label", "modifiers", "refused", "confirmed"],
        &mut Vec::new(),
    );
    tsv.rows
        .iter()
        .map(|row| IndicatorRule {
            field: tsv.get(row, "field").to_string(),
            label: tsv.get(row, "label").to_string(),
            modifiers: tsv
                .get(row, "modifiers")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            refused: digits(tsv.get(row, "refused")),
            offered: digits(tsv.get(row, "offered")),
            confirmed: yes(tsv.get(row, "confirmed")),
        })
        .collect()
});

/// "0 9" → [0, 9].
fn digits(text: &str) -> Vec<u8> {
    text.split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect()
}

/// The indicator that governs `modifier`, if any.
pub fn indicator_rule_for(modifier: &str) -> Option<&'static IndicatorRule> {
    INDICATOR_RULES
        .iter()
        .find(|rule| rule.modifiers.iter().any(|m| m == modifier))
}

impl FeeRow {
    /// A one-digit indicator by its legend field name.
    pub fn indicator(&self, field: &str) -> Option<u8> {
        match field {
            "pctc" => self.pctc,
            "mult" => self.multiple_procedure,
            "bilat" => self.bilateral,
            "asst" => self.assistant,
            "co" => self.co_surgeons,
            "team" => self.team,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(y: i32) -> &'static FeeSchedule {
        built_in_year(y).unwrap()
    }

    #[test]
    fn every_indicator_rule_names_a_legend_field_and_its_refused_values_exist() {
        for modifier in [
            "26", "TC", "50", "LT", "51", "80", "81", "82", "AS", "62", "66",
        ] {
            let rule = indicator_rule_for(modifier).expect(modifier);
            for value in &rule.refused {
                assert!(
                    legend(&rule.field, &value.to_string()).is_some(),
                    "{modifier}: {} {value}",
                    rule.field
                );
            }
            assert!(rule.confirmed, "{modifier}");
        }
        // 26 is the lab interpretation itself on PC/TC 6 codes; TC is not.
        assert!(!indicator_rule_for("26").unwrap().refused.contains(&6));
        assert!(indicator_rule_for("TC").unwrap().refused.contains(&6));
        assert!(indicator_rule_for("59").is_none());
    }

    #[test]
    fn the_built_in_years_load_every_row_without_errors() {
        for (year, origin, text) in EMBEDDED {
            let mut errors = Vec::new();
            let schedule = FeeSchedule::parse(text, origin, &mut errors);
            assert!(errors.is_empty(), "{origin}: {errors:?}");
            assert_eq!(schedule.year, *year, "{origin}");
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
        for schedule in built_in_newest_first() {
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

    /// Fixture in the layout of CMS's PPRRVU CSV (names split over two
    /// rows, as CMS does); made-up values, not CMS data.
    const PPRRVU: &str = "2026 NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE (TEST FIXTURE),,,,,,,,,,,,\n\"CPT codes and descriptions only are copyright AMA, fixture text.\",,,,,,,,,,,,\n,,,STATUS,WORK,PCTC,GLOB,MULT,BILAT,ASST,CO-,TEAM,CONV\nHCPCS,MOD,DESCRIPTION,CODE,RVU,IND,DAYS,PROC,SURG,SURG,SURG,SURG,FACTOR\n77295,,\"Fixture description, one\",A,4.29,1,XXX,0,0,0,0,0,33.4009\n77295,26,Fixture description,A,4.29,1,XXX,0,0,0,0,0,33.4009\n27447,,Fixture description,A,20.72,0,090,2,1,2,1,0,33.4009\n77372,,Fixture description,A,0.00,3,XXX,0,9,9,9,9,33.4009\n7737,,Fixture,A,0,3,XXX,0,9,9,9,9,33.4009\n77373,,Fixture,A,0,x,XXX,0,9,9,9,9,33.4009\n";

    #[test]
    fn the_cms_layout_is_read_by_header_names_with_its_year() {
        let mut errors = Vec::new();
        let schedule = FeeSchedule::parse_cms(PPRRVU, "cms/PPRRVU_fixture.csv", &mut errors);
        assert_eq!(schedule.year, 2026);
        assert_eq!(schedule.conversion_factor, 334_009);
        let knee = schedule.get("27447").unwrap();
        assert_eq!(
            (
                knee.pctc,
                knee.bilateral,
                knee.global(),
                knee.multiple_procedure
            ),
            (Some(0), Some(1), "090", Some(2))
        );
        assert_eq!(
            (knee.assistant, knee.co_surgeons, knee.team),
            (Some(2), Some(1), Some(0))
        );
        assert_eq!(knee.work, 2072);
        assert!(schedule.with_modifier("77295", "26").is_some());
        assert_eq!(schedule.len(), 3);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].line, errors[1].line), (9, 10));
    }

    #[test]
    fn a_cms_file_without_the_columns_is_one_error_and_no_year_means_every_year() {
        let mut errors = Vec::new();
        assert!(FeeSchedule::parse_cms("HCPCS,MOD\n77295,\n", "x.csv", &mut errors).is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("PCTC"));
        let plain = "HCPCS,PCTC IND,BILAT SURG\n77295,1,0\n";
        let schedule = FeeSchedule::parse_cms(plain, "x.csv", &mut Vec::new());
        assert_eq!((schedule.year, schedule.len()), (0, 1));
        assert_eq!(first_year("CY 2026 file, 12026 no"), Some(2026));
        assert_eq!(first_year("RVU26C"), None);
    }

    /// One record of the fixed-width PPRRVU layout, descriptor blank.
    #[allow(clippy::too_many_arguments)]
    fn record(
        code: &str,
        modifier: &str,
        status: char,
        rvus: [&str; 6],
        na: [&str; 2],
        pctc: char,
        global: &str,
        indicators: &str,
    ) -> String {
        let mut r = vec![b' '; 150];
        let mut put = |from: usize, text: &str| {
            r[from - 1..from - 1 + text.len()].copy_from_slice(text.as_bytes());
        };
        put(1, code);
        put(6, modifier);
        put(58, &status.to_string());
        // Right-aligned 999.99 fields.
        for (at, width, v) in [
            (60, 6, rvus[0]),
            (67, 6, rvus[1]),
            (76, 6, rvus[2]),
            (85, 5, rvus[3]),
            (91, 6, rvus[4]),
            (97, 6, rvus[5]),
        ] {
            put(at, &format!("{v:>width$}"));
        }
        put(73, na[0]);
        put(82, na[1]);
        put(103, &pctc.to_string());
        put(104, global);
        put(116, indicators);
        put(133, " 33.4009");
        String::from_utf8(r).unwrap()
    }

    #[test]
    fn the_fixed_width_cms_file_reads_like_the_csv() {
        // CY2026 values of 77372 and 27447 (RVU26C), in the CMS layout.
        let text = [
            "HDR CPT codes and descriptions only are copyright".to_string(),
            record(
                "77372",
                "",
                'A',
                ["0.00", "27.75", "27.75", "0.21", "27.96", "27.96"],
                ["", "NA"],
                '3',
                "XXX",
                "00000",
            ),
            record(
                "27447",
                "",
                'A',
                ["19.11", "0.00", "11.58", "4.02", "0.00", "34.71"],
                ["NA", ""],
                '0',
                "090",
                "21210",
            ),
            record(
                "7744",
                "",
                'A',
                ["0.00", "0.00", "0.00", "0.00", "0.00", "0.00"],
                ["", ""],
                '0',
                "XXX",
                "00000",
            ),
        ]
        .join("\n");
        let mut errors = Vec::new();
        let schedule =
            FeeSchedule::parse_cms(&text, "/downloads/PPRRVU2026_Jul_nonQPP.txt", &mut errors);
        assert_eq!(schedule.year, 2026);
        assert_eq!(schedule.len(), 2);
        assert_eq!(schedule.conversion_factor, 334_009);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 4);
        let srs = schedule.get("77372").unwrap();
        assert_eq!(
            (srs.pctc, srs.total_nonfacility, srs.na_facility),
            (Some(3), 2796, true)
        );
        let knee = schedule.get("27447").unwrap();
        assert_eq!(knee.global(), "090");
        assert_eq!(
            (
                knee.multiple_procedure,
                knee.bilateral,
                knee.assistant,
                knee.co_surgeons,
                knee.team
            ),
            (Some(2), Some(1), Some(2), Some(1), Some(0))
        );
        assert!(knee.na_nonfacility && !knee.na_facility);
        assert_eq!(year_in_file_name("PPRRVU25_OCT.txt"), Some(2025));
        assert_eq!(year_in_file_name("rvu.txt"), None);
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
