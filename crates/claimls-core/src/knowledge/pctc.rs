//! Medicare Physician Fee Schedule indicators per code: the PC/TC
//! indicator (may 26/TC be billed?) and the bilateral surgery indicator
//! (may 50 be billed?). Embedded from `data/pctc.tsv`.

use super::delimited::{self, Table, is_code};
use super::table::{LoadError, Tsv, yes};
use std::collections::HashMap;

/// One code's fee schedule indicators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeIndicators {
    pub code: String,
    /// PC/TC indicator 0–9 (`None` when unknown).
    pub pctc: Option<u8>,
    /// Bilateral surgery indicator 0–3 or 9.
    pub bilateral: Option<u8>,
    pub effective: String,
    /// Checked against the CMS file itself (else a secondary source).
    pub confirmed: bool,
    pub source: String,
}

pub const EMBEDDED: &str = include_str!("../../../../data/pctc.tsv");

/// Parses the embedded layout (`code pctc bilat effective confirmed source`).
pub fn parse(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> Vec<FeeIndicators> {
    let tsv = Tsv::parse(text, origin, &["code", "pctc"], errors);
    let digit = |s: &str| s.parse::<u8>().ok().filter(|d| *d <= 9);
    tsv.rows
        .iter()
        .filter_map(|row| {
            let pctc = tsv.get(row, "pctc");
            if !pctc.is_empty() && digit(pctc).is_none() {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: row.line,
                    message: format!("PC/TC indicator must be a digit 0–9, found `{pctc}`"),
                });
                return None;
            }
            Some(FeeIndicators {
                code: tsv.get(row, "code").to_string(),
                pctc: digit(pctc),
                bilateral: digit(tsv.get(row, "bilat")),
                effective: tsv.get(row, "effective").to_string(),
                confirmed: yes(tsv.get(row, "confirmed")),
                source: tsv.get(row, "source").to_string(),
            })
        })
        .collect()
}

/// The MPFS national relative value file (PPRRVU) as CMS publishes it in
/// CSV: title and copyright lines, a header (HCPCS, MOD, DESCRIPTION, STATUS
/// CODE, …, PCTC IND, GLOB DAYS, …, BILAT SURG, …; CMS spreads some names
/// over two rows), then one row per code and modifier. Only the code, the
/// modifier, the PC/TC indicator and the bilateral surgery indicator are
/// read. When a code has several rows (global, 26, TC, 53) the row without
/// a modifier is used.
pub fn parse_mpfs(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> Vec<FeeIndicators> {
    let error = |errors: &mut Vec<LoadError>, line: usize, message: String| {
        errors.push(LoadError {
            origin: origin.to_string(),
            line,
            message,
        })
    };
    let is_code_column = |n: &str| n == "HCPCS" || n.ends_with(" HCPCS") || n.starts_with("HCPCS ");
    let Some(table) = Table::find(
        text,
        |cells| cells.iter().any(|c| c == "HCPCS" || c == "HCPCS CODE"),
        |names| names.iter().position(|n| is_code_column(n)),
    ) else {
        error(
            errors,
            0,
            "no header row with an `HCPCS` column found: expected the CMS MPFS relative value file (PPRRVU, CSV); nothing was loaded".to_string(),
        );
        return Vec::new();
    };
    let code = table.column(is_code_column);
    let modifier = table.column(|n| n.split(' ').any(|w| w == "MOD"));
    let pctc = table.column(|n| n.contains("PCTC"));
    let bilat = table.column(|n| n.contains("BILAT"));
    let (Some(code), Some(pctc), Some(bilat)) = (code, pctc, bilat) else {
        error(
            errors,
            table.header_line,
            "the header has no `PCTC IND` or `BILAT SURG` column: expected the CMS PPRRVU layout; nothing was loaded".to_string(),
        );
        return Vec::new();
    };
    let source = format!(
        "CMS MPFS relative value file {}",
        delimited::file_name(origin)
    );
    // code → (row, from the row without a modifier)
    let mut found: HashMap<String, (FeeIndicators, bool)> = HashMap::new();
    let mut order = Vec::new();
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
        let digit = |column: usize| {
            let v = record.get(column);
            v.parse::<u8>().ok().filter(|d| v.len() == 1 && *d <= 9)
        };
        let (Some(p), Some(b)) = (digit(pctc), digit(bilat)) else {
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
        let global = modifier.is_none_or(|m| record.get(m).is_empty());
        let row = FeeIndicators {
            code: c.to_string(),
            pctc: Some(p),
            bilateral: Some(b),
            effective: String::new(),
            confirmed: true,
            source: source.clone(),
        };
        match found.get_mut(c) {
            Some(entry) if global && !entry.1 => *entry = (row, true),
            Some(_) => {}
            None => {
                order.push(c.to_string());
                found.insert(c.to_string(), (row, global));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|c| found.remove(&c).map(|(row, _)| row))
        .collect()
}

/// What a PC/TC indicator means for modifiers 26 and TC, in a coder's words.
pub fn pctc_meaning(indicator: u8) -> &'static str {
    match indicator {
        0 => {
            "physician service: there is no professional/technical split, so neither 26 nor TC applies"
        }
        1 => {
            "the global service splits into a professional and a technical part: bill 26 or TC for one part, or no modifier for both"
        }
        2 => {
            "professional-component-only code: the code already is the professional part, so 26 and TC do not apply"
        }
        3 => {
            "technical-component-only code: the code already is the technical part, so 26 and TC do not apply"
        }
        4 => {
            "global test only: separate codes describe the professional and technical parts, so 26 and TC do not apply"
        }
        5 => {
            "incident-to code: not payable when furnished in a facility setting, and 26/TC do not apply"
        }
        6 => "laboratory physician interpretation code: 26 and TC do not apply",
        7 => "physical therapy service: no PC/TC split",
        8 => "physician interpretation code: only the professional part is paid separately",
        9 => "the PC/TC concept does not apply to this code",
        _ => "unknown indicator",
    }
}

/// Whether modifier 26 or TC may be billed with this indicator.
pub fn allows_split(indicator: u8) -> bool {
    indicator == 1
}

/// What a bilateral surgery indicator means for modifier 50, in a coder's words.
pub fn bilateral_meaning(indicator: u8) -> &'static str {
    match indicator {
        0 => "150% payment adjustment does not apply; modifier 50 is not accepted",
        1 => "bilateral surgery rules apply: bill once with 50 for both sides (150%)",
        2 => "the code already describes both sides; 50 does not apply",
        3 => "each side paid at 100%; bill 50 or LT/RT as the payer asks",
        9 => "bilateral concept does not apply",
        _ => "unknown indicator",
    }
}

/// Whether modifier 50 may be billed with this bilateral indicator.
pub fn allows_bilateral(indicator: u8) -> bool {
    matches!(indicator, 1 | 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fixture in the layout of CMS's PPRRVU CSV (names split over two
    /// rows, as CMS does); made-up values, not CMS data.
    const PPRRVU: &str = "2026 NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE (TEST FIXTURE),,,,,,,,\n\"CPT codes and descriptions only are copyright AMA, fixture text.\",,,,,,,,\n,,,STATUS,WORK,PCTC,GLOB,MULT,BILAT\nHCPCS,MOD,DESCRIPTION,CODE,RVU,IND,DAYS,PROC,SURG\n77295,,\"Fixture description, one\",A,4.29,1,XXX,0,0\n77295,26,Fixture description,A,4.29,1,XXX,0,0\n27447,,Fixture description,A,20.72,0,090,2,1\n77372,TC,Fixture description,A,0.00,3,XXX,0,9\n77372,,Fixture description,A,0.00,3,XXX,0,9\n7737,,Fixture,A,0,3,XXX,0,9\n77373,,Fixture,A,0,x,XXX,0,9\n";

    #[test]
    fn reads_pctc_and_bilateral_by_header_name() {
        let mut errors = Vec::new();
        let rows = parse_mpfs(PPRRVU, "cms/PPRRVU_fixture.csv", &mut errors);
        let codes: Vec<_> = rows
            .iter()
            .map(|r| (r.code.as_str(), r.pctc, r.bilateral))
            .collect();
        assert_eq!(
            codes,
            [
                ("77295", Some(1), Some(0)),
                ("27447", Some(0), Some(1)),
                ("77372", Some(3), Some(9))
            ]
        );
        assert!(rows[0].confirmed);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].line, errors[1].line), (10, 11));
    }

    #[test]
    fn a_file_without_the_columns_is_one_error() {
        let mut errors = Vec::new();
        assert!(parse_mpfs("HCPCS,MOD\n77295,\n", "x.csv", &mut errors).is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("PCTC"));
    }
}
