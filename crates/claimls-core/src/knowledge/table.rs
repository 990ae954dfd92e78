//! Reading the tab-separated tables in `data/` (and users' files in the
//! same layout): `#` comment lines first (source, date, legend), then a
//! header row naming the columns, then one row per record.

use std::collections::HashMap;

/// A problem with one row (or the header) of a data file; the row is
/// skipped and the rest is loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// Where the file came from (a path, or `data/…` for embedded tables).
    pub origin: String,
    /// 1-based line number (0 when the problem is the whole file).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(f, "{}:{}: {}", self.origin, self.line, self.message)
        }
    }
}

/// A parsed TSV table borrowing its text.
pub struct Tsv<'a> {
    pub comments: Vec<&'a str>,
    columns: HashMap<&'a str, usize>,
    pub rows: Vec<TsvRow<'a>>,
}

pub struct TsvRow<'a> {
    pub line: usize,
    fields: Vec<&'a str>,
}

impl<'a> Tsv<'a> {
    /// Parses `text`; rows with the wrong number of fields are reported in
    /// `errors` and skipped. `required` columns must exist in the header.
    pub fn parse(
        text: &'a str,
        origin: &str,
        required: &[&str],
        errors: &mut Vec<LoadError>,
    ) -> Tsv<'a> {
        let mut comments = Vec::new();
        let mut header: Option<Vec<&str>> = None;
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some(comment) = line.strip_prefix('#') {
                comments.push(comment.trim());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            match &header {
                None => header = Some(fields),
                Some(h) if fields.len() != h.len() => errors.push(LoadError {
                    origin: origin.to_string(),
                    line: line_no,
                    message: format!(
                        "expected {} tab-separated fields, found {}",
                        h.len(),
                        fields.len()
                    ),
                }),
                Some(_) => rows.push(TsvRow {
                    line: line_no,
                    fields,
                }),
            }
        }
        let header = header.unwrap_or_default();
        let columns: HashMap<&str, usize> =
            header.iter().enumerate().map(|(i, h)| (*h, i)).collect();
        for col in required {
            if !columns.contains_key(col) {
                errors.push(LoadError {
                    origin: origin.to_string(),
                    line: 0,
                    message: format!("missing column `{col}` in the header row"),
                });
                rows.clear();
            }
        }
        Tsv {
            comments,
            columns,
            rows,
        }
    }

    /// The field `column` of `row` ("" when the column is absent).
    pub fn get(&self, row: &TsvRow<'a>, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| row.fields.get(i).copied())
            .unwrap_or("")
    }

    /// The first comment line starting with `key:` (e.g. `Source:`), without the key.
    pub fn header_field(&self, key: &str) -> Option<&'a str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once(':')?;
            k.trim().eq_ignore_ascii_case(key).then(|| v.trim())
        })
    }
}

/// `yes`/`no` columns (`confirmed`).
pub fn yes(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "yes" | "y" | "true" | "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_comments_header_and_rows_and_reports_bad_rows() {
        let text = "# Source: test\n# legend\ncode\tmue\n77372\t1\nbad row\n77371\t1\n";
        let mut errors = Vec::new();
        let t = Tsv::parse(text, "t.tsv", &["code", "mue"], &mut errors);
        assert_eq!(t.header_field("source"), Some("test"));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.get(&t.rows[1], "code"), "77371");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5);
        assert_eq!(
            errors[0].to_string(),
            "t.tsv:5: expected 2 tab-separated fields, found 1"
        );
    }

    #[test]
    fn a_missing_required_column_is_reported() {
        let mut errors = Vec::new();
        let t = Tsv::parse("code\n1\n", "t.tsv", &["code", "mue"], &mut errors);
        assert!(t.rows.is_empty());
        assert!(errors[0].message.contains("`mue`"));
    }
}
