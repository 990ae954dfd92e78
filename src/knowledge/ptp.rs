//! NCCI procedure-to-procedure edits: pairs of codes one provider should
//! not bill for one patient on one date. Embedded from `data/ncci_ptp.tsv`.

use super::table::{LoadError, Tsv, yes};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PtpEdit {
    /// The code that is paid.
    pub column1: String,
    /// The code that is denied when billed with column 1.
    pub column2: String,
    /// 0: never together; 1: allowed with an NCCI-associated modifier when
    /// the services are truly distinct; 9: edit deleted / not applicable.
    pub modifier_indicator: u8,
    pub effective: String,
    /// `*` or empty while active.
    pub deletion: String,
    pub rationale: String,
    pub confirmed: bool,
    pub source: String,
}

pub const EMBEDDED: &str = include_str!("../../data/ncci_ptp.tsv");

pub fn parse(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> Vec<PtpEdit> {
    let tsv = Tsv::parse(
        text,
        origin,
        &["column1", "column2", "modifier_indicator"],
        errors,
    );
    tsv.rows
        .iter()
        .filter_map(|row| {
            let indicator = tsv.get(row, "modifier_indicator");
            let Some(modifier_indicator) = indicator
                .parse::<u8>()
                .ok()
                .filter(|i| matches!(i, 0 | 1 | 9))
            else {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: row.line,
                    message: format!("modifier indicator must be 0, 1 or 9, found `{indicator}`"),
                });
                return None;
            };
            Some(PtpEdit {
                column1: tsv.get(row, "column1").to_string(),
                column2: tsv.get(row, "column2").to_string(),
                modifier_indicator,
                effective: tsv.get(row, "effective").to_string(),
                deletion: tsv.get(row, "deletion").to_string(),
                rationale: tsv.get(row, "rationale").to_string(),
                confirmed: yes(tsv.get(row, "confirmed")),
                source: tsv.get(row, "source").to_string(),
            })
        })
        .collect()
}

impl PtpEdit {
    pub fn is_active(&self) -> bool {
        self.modifier_indicator != 9 && matches!(self.deletion.as_str(), "" | "*")
    }
}
