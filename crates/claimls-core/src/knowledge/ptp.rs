//! NCCI procedure-to-procedure edits: pairs of codes one provider should
//! not bill for one patient on one date. Embedded from `data/ncci_ptp.tsv`;
//! users add CMS's own edit tables (practitioner or hospital outpatient,
//! tab-delimited text as CMS publishes them).
//!
//! CMS's practitioner tables hold millions of pairs, so edits are stored
//! compactly (codes as base-36 integers, texts interned) in one sorted vector, with a
//! second index by column 2.

use super::delimited::{self, Table, is_code};
use super::table::{LoadError, Tsv, yes};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use time::Date;

/// One edit, as the rules and hover see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PtpEdit {
    /// The code that is paid.
    pub column1: String,
    /// The code that is denied when billed with column 1.
    pub column2: String,
    /// 0: never together; 1: allowed with an NCCI-associated modifier when
    /// the services are truly distinct; 9: edit deleted / not applicable.
    pub modifier_indicator: u8,
    /// First date of service the edit applies to, when known (CMS files).
    pub effective: Option<Date>,
    /// Last date of service it applies to (CMS deletion date); `None` while active.
    pub deletion: Option<Date>,
    pub rationale: String,
    /// Read from a CMS file (else inferred by claimls; `source` says from what).
    pub confirmed: bool,
    pub source: String,
}

impl PtpEdit {
    pub fn is_active(&self) -> bool {
        self.modifier_indicator != 9 && self.deletion.is_none()
    }
}

pub const EMBEDDED: &str = include_str!("../../../../data/ncci_ptp.tsv");

/// A code that appears in the PTP table (see [`PtpTable::key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PtpKey(Code);

/// A five-character code (digits and capitals) in base 36, digits before
/// letters: the number orders like the text, fits in 26 bits, and comparing
/// two codes in a binary search is one integer comparison.
type Code = u32;

fn code(s: &str) -> Option<Code> {
    is_code(s).then(|| {
        s.bytes().fold(0, |n, b| {
            let digit = if b.is_ascii_digit() {
                b - b'0'
            } else {
                b - b'A' + 10
            };
            n * 36 + u32::from(digit)
        })
    })
}

fn text(c: &Code) -> String {
    let mut out = [0u8; 5];
    let mut n = *c;
    for slot in out.iter_mut().rev() {
        let digit = (n % 36) as u8;
        *slot = if digit < 10 {
            b'0' + digit
        } else {
            b'A' + digit - 10
        };
        n /= 36;
    }
    String::from_utf8(out.to_vec()).expect("codes are ASCII")
}

/// `yyyymmdd` as a number (0 = none), so rows stay small and ordered.
fn day(d: Option<Date>) -> u32 {
    d.map_or(0, |d| {
        d.year() as u32 * 10_000 + u32::from(d.month() as u8) * 100 + u32::from(d.day())
    })
}

fn undo_day(n: u32) -> Option<Date> {
    if n == 0 {
        return None;
    }
    let month = time::Month::try_from((n / 100 % 100) as u8).ok()?;
    Date::from_calendar_date((n / 10_000) as i32, month, (n % 100) as u8).ok()
}

#[derive(Clone, Copy, Debug)]
struct Row {
    column1: Code,
    column2: Code,
    indicator: u8,
    confirmed: bool,
    /// From a user's file (overrides the embedded rows of the same pair).
    user: bool,
    effective: u32,
    deletion: u32,
    rationale: u32,
    source: u32,
}

impl Row {
    fn applies(&self, on: Option<u32>) -> bool {
        self.indicator != 9
            && match on {
                None => self.deletion == 0,
                Some(d) => {
                    (self.effective == 0 || self.effective <= d)
                        && (self.deletion == 0 || d <= self.deletion)
                }
            }
    }
}

/// The edits, sorted by (column 1, column 2).
#[derive(Debug, Default)]
pub struct PtpTable {
    rows: Vec<Row>,
    /// Indexes into `rows`, sorted by column 2.
    by_column2: Vec<u32>,
    /// Every code in some row: most codes on a claim are in no edit, and
    /// this answers that in one hash lookup.
    mentioned: rustc_hash::FxHashSet<Code>,
    texts: Vec<String>,
}

impl PtpTable {
    fn view(&self, row: &Row) -> PtpEdit {
        PtpEdit {
            column1: text(&row.column1),
            column2: text(&row.column2),
            modifier_indicator: row.indicator,
            effective: undo_day(row.effective),
            deletion: undo_day(row.deletion),
            rationale: self.texts[row.rationale as usize].clone(),
            confirmed: row.confirmed,
            source: self.texts[row.source as usize].clone(),
        }
    }

    fn pair(&self, a: Code, b: Code) -> &[Row] {
        // One binary search, then the few rows of the pair (one per
        // effective period) in a row.
        let from = self
            .rows
            .partition_point(|r| (r.column1, r.column2) < (a, b));
        let len = self.rows[from..]
            .iter()
            .take_while(|r| r.column1 == a && r.column2 == b)
            .count();
        &self.rows[from..from + len]
    }

    /// The edit between two codes (whichever is column 1) that applies on
    /// `on` (any date while not deleted when `None`); the latest one when
    /// several do.
    pub fn between(&self, a: &str, b: &str, on: Option<Date>) -> Option<PtpEdit> {
        self.between_keys(self.key(a)?, self.key(b)?, on)
    }

    /// `code` as this table knows it; `None` when no edit names it (then
    /// no pair with it needs looking up). Rules that pair every line of a
    /// claim with every other take each line's key once.
    pub fn key(&self, code_text: &str) -> Option<PtpKey> {
        code(code_text)
            .filter(|c| self.mentioned.contains(c))
            .map(PtpKey)
    }

    /// [`PtpTable::between`] for codes already keyed.
    pub fn between_keys(&self, a: PtpKey, b: PtpKey, on: Option<Date>) -> Option<PtpEdit> {
        let (a, b) = (a.0, b.0);
        let on = on.map(|d| day(Some(d)));
        self.pair(a, b)
            .iter()
            .chain(self.pair(b, a))
            .filter(|r| r.applies(on))
            .max_by_key(|r| r.effective)
            .map(|r| self.view(r))
    }

    fn column1_rows(&self, c: Code) -> &[Row] {
        let from = self.rows.partition_point(|r| r.column1 < c);
        let to = self.rows.partition_point(|r| r.column1 <= c);
        &self.rows[from..to]
    }

    fn column2_rows(&self, c: Code) -> impl Iterator<Item = &Row> {
        let key = |i: &u32| self.rows[*i as usize].column2;
        let from = self.by_column2.partition_point(|i| key(i) < c);
        let to = self.by_column2.partition_point(|i| key(i) <= c);
        self.by_column2[from..to]
            .iter()
            .map(|i| &self.rows[*i as usize])
    }

    /// Every edit involving `code` that is not deleted.
    pub fn involving(&self, code_text: &str) -> Vec<PtpEdit> {
        let Some(c) = code(code_text) else {
            return Vec::new();
        };
        self.column1_rows(c)
            .iter()
            .chain(self.column2_rows(c))
            .filter(|r| r.applies(None))
            .map(|r| self.view(r))
            .collect()
    }

    /// Whether `code` appears in any edit (deleted ones too).
    pub fn mentions(&self, code_text: &str) -> bool {
        self.key(code_text).is_some()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// FNV-1a: interning runs once per row of files with millions of rows, on
/// short trusted strings, where SipHash's cost shows.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Collects edits from the embedded table and users' files.
#[derive(Default)]
pub struct PtpBuilder {
    rows: Vec<Row>,
    texts: Vec<String>,
    interned: HashMap<String, u32, BuildHasherDefault<Fnv>>,
}

impl PtpBuilder {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.interned.get(s) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(s.to_string());
        self.interned.insert(s.to_string(), i);
        i
    }

    /// The embedded layout (`column1 column2 modifier_indicator effective
    /// deletion rationale confirmed source`). Its `effective` column names the
    /// quarter a row describes, not the edit's start, so it is not used as one.
    pub fn add_embedded(&mut self, text: &str, origin: &str, errors: &mut Vec<LoadError>) {
        let tsv = Tsv::parse(
            text,
            origin,
            &["column1", "column2", "modifier_indicator"],
            errors,
        );
        for row in &tsv.rows {
            let indicator = tsv.get(row, "modifier_indicator");
            let modifier_indicator = indicator
                .parse::<u8>()
                .ok()
                .filter(|i| matches!(i, 0 | 1 | 9));
            let (c1, c2) = (code(tsv.get(row, "column1")), code(tsv.get(row, "column2")));
            let (Some(indicator), Some(column1), Some(column2)) = (modifier_indicator, c1, c2)
            else {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: row.line,
                    message: format!(
                        "expected two five-character codes and a modifier indicator of 0, 1 or 9, found `{}`, `{}`, `{indicator}`",
                        tsv.get(row, "column1"),
                        tsv.get(row, "column2")
                    ),
                });
                continue;
            };
            let row = Row {
                column1,
                column2,
                indicator,
                confirmed: yes(tsv.get(row, "confirmed")),
                user: false,
                effective: 0,
                deletion: day(delimited::parse_date(tsv.get(row, "deletion"))),
                rationale: self.intern(tsv.get(row, "rationale")),
                source: self.intern(tsv.get(row, "source")),
            };
            self.rows.push(row);
        }
    }

    /// A CMS NCCI PTP table in CMS's tab-delimited text layout: a preamble,
    /// then the header (`Column 1`, `Column 2`, `*=in existence prior to
    /// 1996`, `Effective Date`, `Deletion Date *=no data`, `Modifier
    /// 0=not allowed 1=allowed 9=not applicable`, `PTP Edit Rationale`,
    /// possibly spread over several rows), then one edit per row.
    /// How many edits have been added so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn add_cms(&mut self, text: &str, origin: &str, errors: &mut Vec<LoadError>) {
        let error = |errors: &mut Vec<LoadError>, line: usize, message: String| {
            errors.push(LoadError {
                origin: origin.to_string(),
                line,
                message,
            })
        };
        let column_1 = |names: &[String]| names.iter().position(|n| n.starts_with("COLUMN 1"));
        let Some(table) = Table::find(
            text,
            |cells| {
                cells.iter().any(|c| c.starts_with("COLUMN 1"))
                    && cells.iter().any(|c| c.starts_with("COLUMN 2"))
            },
            column_1,
        ) else {
            error(
                errors,
                0,
                "no header row with `Column 1` and `Column 2` found: expected a CMS NCCI PTP edit table (tab-delimited text); nothing was loaded".to_string(),
            );
            return;
        };
        let c1 = table.column(|n| n.starts_with("COLUMN 1"));
        let c2 = table.column(|n| n.starts_with("COLUMN 2"));
        let modifier = table.column(|n| n.starts_with("MODIFIER"));
        let effective = table.column(|n| n.contains("EFFECTIVE"));
        let deletion = table.column(|n| n.contains("DELETION"));
        let rationale = table.column(|n| n.contains("RATIONALE"));
        let (Some(c1), Some(c2), Some(modifier)) = (c1, c2, modifier) else {
            error(
                errors,
                table.header_line,
                "the header row has no `Modifier` column: expected CMS's NCCI PTP layout; nothing was loaded".to_string(),
            );
            return;
        };
        let source = self.intern(&format!(
            "CMS NCCI PTP table {}",
            delimited::file_name(origin)
        ));
        for record in table {
            let (a, b) = (record.get(c1), record.get(c2));
            let (Some(column1), Some(column2)) = (code(a), code(b)) else {
                error(
                    errors,
                    record.line,
                    format!(
                        "expected two five-character codes in Column 1 and Column 2, found `{a}` and `{b}`"
                    ),
                );
                continue;
            };
            let indicator = record.get(modifier);
            let Some(indicator) = indicator
                .parse::<u8>()
                .ok()
                .filter(|i| indicator.len() == 1 && matches!(i, 0 | 1 | 9))
            else {
                error(
                    errors,
                    record.line,
                    format!("modifier indicator must be 0, 1 or 9, found `{indicator}`"),
                );
                continue;
            };
            let date = |column: Option<usize>, name: &str, errors: &mut Vec<LoadError>| {
                let value = column.map_or("", |c| record.get(c));
                if value.is_empty() || value == "*" {
                    return Ok(0);
                }
                match delimited::parse_date(value) {
                    Some(d) => Ok(day(Some(d))),
                    None => {
                        error(
                            errors,
                            record.line,
                            format!(
                                "{name} must be a date written YYYYMMDD (or `*`), found `{value}`"
                            ),
                        );
                        Err(())
                    }
                }
            };
            let (Ok(effective), Ok(deletion)) = (
                date(effective, "effective date", errors),
                date(deletion, "deletion date", errors),
            ) else {
                continue;
            };
            let rationale = self.intern(rationale.map_or("", |c| record.get(c)));
            self.rows.push(Row {
                column1,
                column2,
                indicator,
                confirmed: true,
                user: true,
                effective,
                deletion,
                rationale,
                source,
            });
        }
    }

    /// Sorts and indexes the edits. A pair that a user's file lists (in
    /// either order) replaces the embedded rows for that pair.
    pub fn finish(self) -> PtpTable {
        let ordered = |r: &Row| {
            if r.column1 <= r.column2 {
                (r.column1, r.column2)
            } else {
                (r.column2, r.column1)
            }
        };
        // The embedded table is small: look each user row up in it, not
        // the other way round.
        let mut embedded: Vec<(Code, Code)> =
            self.rows.iter().filter(|r| !r.user).map(ordered).collect();
        embedded.sort_unstable();
        embedded.dedup();
        let mut replaced = vec![false; embedded.len()];
        for row in self.rows.iter().filter(|r| r.user) {
            if let Ok(i) = embedded.binary_search(&ordered(row)) {
                replaced[i] = true;
            }
        }
        let mut rows: Vec<Row> = self
            .rows
            .into_iter()
            .filter(|r| {
                r.user
                    || embedded
                        .binary_search(&ordered(r))
                        .is_ok_and(|i| !replaced[i])
            })
            .collect();
        rows.sort_unstable_by_key(|r| (r.column1, r.column2, r.effective));
        let mut by_column2: Vec<u32> = (0..rows.len() as u32).collect();
        by_column2.sort_unstable_by_key(|i| rows[*i as usize].column2);
        let mentioned = rows.iter().flat_map(|r| [r.column1, r.column2]).collect();
        PtpTable {
            rows,
            by_column2,
            mentioned,
            texts: self.texts,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_pack_in_text_order_and_unpack() {
        let codes = [
            "00000", "0001F", "0394T", "61796", "77372", "99499", "A0001", "G0339", "ZZZZZ",
        ];
        for pair in codes.windows(2) {
            assert!(super::code(pair[0]) < super::code(pair[1]), "{pair:?}");
        }
        for c in codes {
            assert_eq!(super::text(&super::code(c).unwrap()), c);
        }
        for bad in ["7737", "773722", "g0339", "7737-", ""] {
            assert!(super::code(bad).is_none(), "{bad}");
        }
    }

    use super::*;

    const CMS: &str = "CPT only copyright AMA. Fixture for tests, not CMS data.\n\nColumn 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\n\t\tprior to 1996\tDate\tDate\t0=not allowed\t\n\t\t\t\t*=no data\t1=allowed\t\n77372\t77371\t\t20070101\t*\t0\tMutually exclusive procedures\n77300\t77334\t\t20100101\t20201231\t1\tStandards of medical / surgical practice\nbad\t77334\t\t20100101\t*\t1\tx\n";

    #[test]
    fn reads_the_cms_layout_with_dates_and_reports_bad_rows() {
        let mut errors = Vec::new();
        let mut builder = PtpBuilder::default();
        builder.add_cms(CMS, "cms/ccipra-fixture.txt", &mut errors);
        let table = builder.finish();
        assert_eq!(table.len(), 2);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 8);
        let edit = table.between("77371", "77372", None).unwrap();
        assert_eq!(
            (edit.column1.as_str(), edit.modifier_indicator),
            ("77372", 0)
        );
        assert!(edit.confirmed);
        assert_eq!(edit.source, "CMS NCCI PTP table ccipra-fixture.txt");
        let date = |s: &str| delimited::parse_date(s);
        assert!(
            table
                .between("77300", "77334", date("2015-06-01"))
                .is_some()
        );
        assert!(
            table
                .between("77300", "77334", date("2021-01-01"))
                .is_none()
        );
        assert!(
            table
                .between("77300", "77334", date("2009-06-01"))
                .is_none()
        );
        assert!(table.between("77300", "77334", None).is_none(), "deleted");
        assert!(table.mentions("77334") && !table.mentions("77435"));
    }

    #[test]
    fn user_pairs_replace_embedded_ones_in_either_order() {
        let mut errors = Vec::new();
        let mut builder = PtpBuilder::default();
        builder.add_embedded(EMBEDDED, "data/ncci_ptp.tsv", &mut errors);
        let user = "Column 1\tColumn 2\tModifier\n77371\t77372\t1\n";
        builder.add_cms(user, "u.txt", &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let table = builder.finish();
        let edit = table.between("77372", "77371", None).unwrap();
        assert_eq!(
            (edit.column1.as_str(), edit.modifier_indicator),
            ("77371", 1)
        );
        assert_eq!(
            table
                .involving("77372")
                .iter()
                .filter(|e| e.column1 == "77372" && e.column2 == "77371")
                .count(),
            0
        );
        assert!(
            table.between("G0339", "77372", None).is_some(),
            "other embedded pairs stay"
        );
    }

    #[test]
    fn a_file_without_the_header_is_one_error() {
        let mut errors = Vec::new();
        let mut builder = PtpBuilder::default();
        builder.add_cms("77372\t77371\t0\n", "x.txt", &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 0);
        assert!(builder.finish().is_empty());
    }
}
