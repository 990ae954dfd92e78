//! Medicare Physician Fee Schedule indicators per code: the PC/TC
//! indicator (may 26/TC be billed?) and the bilateral surgery indicator
//! (may 50 be billed?). Embedded from `data/pctc.tsv`.

use super::table::{LoadError, Tsv, yes};

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

pub const EMBEDDED: &str = include_str!("../../data/pctc.tsv");

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
