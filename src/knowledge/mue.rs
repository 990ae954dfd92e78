//! Medically Unlikely Edits: the most units of a code one provider may bill
//! for one patient on one date. Embedded from `data/mue.tsv`.

use super::table::{LoadError, Tsv, yes};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mue {
    pub code: String,
    pub units: u32,
    /// MUE adjudication indicator: 1 line edit, 2 date of service (policy),
    /// 3 date of service (clinical).
    pub mai: u8,
    pub rationale: String,
    pub effective: String,
    pub confirmed: bool,
    pub source: String,
}

pub const EMBEDDED: &str = include_str!("../../data/mue.tsv");

pub fn parse(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> Vec<Mue> {
    let tsv = Tsv::parse(text, origin, &["code", "mue", "mai"], errors);
    tsv.rows
        .iter()
        .filter_map(|row| {
            let units = tsv.get(row, "mue").parse::<u32>();
            let mai = tsv
                .get(row, "mai")
                .parse::<u8>()
                .ok()
                .filter(|m| (1..=3).contains(m));
            match (units, mai) {
                (Ok(units), Some(mai)) => Some(Mue {
                    code: tsv.get(row, "code").to_string(),
                    units,
                    mai,
                    rationale: tsv.get(row, "rationale").to_string(),
                    effective: tsv.get(row, "effective").to_string(),
                    confirmed: yes(tsv.get(row, "confirmed")),
                    source: tsv.get(row, "source").to_string(),
                }),
                _ => {
                    errors.push(LoadError {
                        origin: origin.to_string(),
                        line: row.line,
                        message: "MUE needs a whole number of units and an MAI of 1, 2 or 3"
                            .to_string(),
                    });
                    None
                }
            }
        })
        .collect()
}

/// The adjudication indicator explained.
pub fn mai_meaning(mai: u8) -> &'static str {
    match mai {
        1 => {
            "MAI 1, a claim line edit: each line is checked on its own; units above the limit on a line are denied"
        }
        2 => {
            "MAI 2, a date-of-service edit based on policy: the limit is absolute for the day and cannot be appealed past"
        }
        3 => {
            "MAI 3, a date-of-service edit based on clinical benchmarks: units above the limit for the day are denied but may be paid on appeal with documentation"
        }
        _ => "unknown adjudication indicator",
    }
}
