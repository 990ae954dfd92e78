//! A user's licensed CPT descriptor file. claimls ships no AMA descriptor
//! text; a practice with a CPT licence can point `cpt_descriptors` at a
//! CSV of `code, short descriptor, long descriptor` (a header row is
//! optional; tab-separated works too), and hover then shows the official
//! long descriptor instead of claimls's own summary.

use super::delimited::{Records, Table, delimiter, is_code, normalize};
use super::table::LoadError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Descriptor {
    pub code: String,
    pub short: String,
    pub long: String,
}

pub fn parse(text: &str, origin: &str, errors: &mut Vec<LoadError>) -> Vec<Descriptor> {
    let error = |errors: &mut Vec<LoadError>, line: usize, message: String| {
        errors.push(LoadError {
            origin: origin.to_string(),
            line,
            message,
        })
    };
    let first = Records::new(text, delimiter(text)).find(|r| !r.is_blank());
    let has_header = first.is_some_and(|r| !is_code(r.get(0)));
    let (columns, records): ([usize; 3], Box<dyn Iterator<Item = _>>) = if has_header {
        let Some(table) = Table::find(text, |_| true, |_| Some(0)) else {
            return Vec::new();
        };
        let find = |words: &[&str], fallback: usize| {
            table
                .column(|n| words.iter().any(|w| n.contains(w)))
                .unwrap_or(fallback)
        };
        let columns = [
            find(&["CODE", "HCPCS", "CPT"], 0),
            find(&["SHORT"], 1),
            find(&["LONG", "FULL"], 2),
        ];
        (columns, Box::new(table))
    } else {
        let records = Records::new(text, delimiter(text)).filter(|r| !r.is_blank());
        ([0, 1, 2], Box::new(records))
    };
    let [code, short, long] = columns;
    let mut out = Vec::new();
    for record in records {
        let c = normalize(record.get(code));
        if !is_code(&c) {
            error(
                errors,
                record.line,
                format!(
                    "expected a five-character CPT/HCPCS code first, found `{}`",
                    record.get(code)
                ),
            );
            continue;
        }
        let (s, l) = (record.get(short), record.get(long));
        if s.is_empty() && l.is_empty() {
            error(
                errors,
                record.line,
                format!(
                    "{c}: no descriptor text (expected code, short descriptor, long descriptor)"
                ),
            );
            continue;
        }
        out.push(Descriptor {
            code: c,
            short: s.to_string(),
            long: if l.is_empty() { s } else { l }.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_with_or_without_a_header_and_reports_bad_rows() {
        // Made-up descriptor text: a fixture, not AMA content.
        let with = "Code,Short Descriptor,Long Descriptor\n77372,FIXTURE SHORT,\"Fixture long text, for tests\"\nbad,x,y\n";
        let mut errors = Vec::new();
        let rows = parse(with, "cpt.csv", &mut errors);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].long, "Fixture long text, for tests");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        let without = "77372,FIXTURE SHORT,Fixture long\n77371,ONLY SHORT\n";
        let rows = parse(without, "cpt.csv", &mut errors);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].long, "ONLY SHORT");
    }
}
