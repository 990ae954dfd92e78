//! Medically Unlikely Edits: the most units of a code one provider may bill
//! for one patient on one date. Embedded from `data/mue.tsv`.

use super::delimited::{self, Table, is_code};
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

pub const EMBEDDED: &str = include_str!("../../../../data/mue.tsv");

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

/// A CMS MUE table (practitioner, outpatient hospital or DME) as CMS
/// publishes it, CSV or tab-delimited text: a preamble, then the header
/// (`HCPCS/CPT Code`, `Practitioner Services MUE Values` (or Outpatient
/// Hospital / DME Supplier), `MUE Adjudication Indicator`, `MUE
/// Rationale`), then one code per row. The indicator is read from its
/// leading digit (`2 Date of Service Edit: Policy`).
pub fn parse_cms(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> Vec<Mue> {
    let error = |errors: &mut Vec<LoadError>, line: usize, message: String| {
        errors.push(LoadError {
            origin: origin.to_string(),
            line,
            message,
        })
    };
    let is_code_column = |n: &str| n.contains("HCPCS") || n.contains("CPT");
    let Some(table) = Table::find(
        text,
        |cells| {
            cells.iter().filter(|c| !c.is_empty()).count() >= 3
                && cells.iter().any(|c| is_code_column(c))
                && cells.iter().any(|c| c.contains("MUE VALUE"))
        },
        |names| names.iter().position(|n| is_code_column(n)),
    ) else {
        error(
            errors,
            0,
            "no header row with `HCPCS/CPT Code` and an `MUE Values` column found: expected a CMS MUE table; nothing was loaded".to_string(),
        );
        return Vec::new();
    };
    let code = table.column(is_code_column);
    let units = table.column(|n| n.contains("MUE VALUE"));
    let mai = table.column(|n| n.contains("ADJUDICATION") || n.split(' ').any(|w| w == "MAI"));
    let rationale = table.column(|n| n.contains("RATIONALE"));
    let (Some(code), Some(units), Some(mai)) = (code, units, mai) else {
        error(
            errors,
            table.header_line,
            "the header row has no `MUE Adjudication Indicator` column: expected CMS's MUE layout; nothing was loaded".to_string(),
        );
        return Vec::new();
    };
    let source = format!("CMS MUE table {}", delimited::file_name(origin));
    let mut out = Vec::new();
    for record in table {
        let c = record.get(code);
        if !is_code(c) {
            error(
                errors,
                record.line,
                format!("expected a five-character HCPCS/CPT code, found `{c}`"),
            );
            continue;
        }
        let value = record.get(units);
        let Ok(limit) = value.parse::<u32>() else {
            error(
                errors,
                record.line,
                format!("{c}: the MUE value must be a whole number of units, found `{value}`"),
            );
            continue;
        };
        let indicator = record.get(mai);
        let Some(adjudication) = indicator
            .get(..1)
            .and_then(|d| d.parse::<u8>().ok())
            .filter(|m| (1..=3).contains(m))
        else {
            error(
                errors,
                record.line,
                format!(
                    "{c}: the MUE adjudication indicator must start with 1, 2 or 3, found `{indicator}`"
                ),
            );
            continue;
        };
        out.push(Mue {
            code: c.to_string(),
            units: limit,
            mai: adjudication,
            rationale: rationale.map_or("", |r| record.get(r)).to_string(),
            effective: String::new(),
            confirmed: true,
            source: source.clone(),
        });
    }
    out
}

/// The adjudication indicator explained.
pub fn mai_meaning(mai: u8) -> &'static str {
    match mai {
        1 => {
            "MAI 1, a claim line edit: each line is checked on its own and a line above the limit is denied whole; medically necessary extra units go on another line with a modifier that tells them apart (e.g. 76, 91, RT/LT), and a denial can be appealed"
        }
        2 => {
            "MAI 2, a date-of-service edit based on policy: the limit is absolute for the day and cannot be appealed past"
        }
        3 => {
            "MAI 3, a date-of-service edit based on clinical benchmarks: a line that brings the day above the limit is denied whole, and may be paid on appeal with documentation"
        }
        _ => "unknown adjudication indicator",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fixture in the layout of CMS's practitioner MUE CSV; made-up rows.
    const CMS: &str = "\"CPT codes, descriptions and other data only are copyright AMA. Test fixture, not CMS data.\"\n\nHCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n77372,1,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction\n77300,10,3 Date of Service Edit: Clinical,Clinical: Data\n77301,x,3 Date of Service Edit: Clinical,Clinical: Data\n77334,4,1 Line Edit,Clinical: Data\n";

    #[test]
    fn reads_the_cms_layout_and_reports_bad_rows() {
        let mut errors = Vec::new();
        let rows = parse_cms(CMS, "cms/MCR_MUE_fixture.csv", &mut errors);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[1].code.as_str(), rows[1].units, rows[1].mai),
            ("77300", 10, 3)
        );
        assert_eq!(rows[2].mai, 1);
        assert!(rows[0].confirmed);
        assert_eq!(rows[0].source, "CMS MUE table MCR_MUE_fixture.csv");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 6);
        assert!(errors[0].message.contains("whole number"));
    }

    #[test]
    fn a_table_without_the_header_is_one_error() {
        let mut errors = Vec::new();
        assert!(parse_cms("77372,1,2\n", "x.csv", &mut errors).is_empty());
        assert_eq!(errors.len(), 1);
    }
}
