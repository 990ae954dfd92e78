//! Reading the delimited text files users download from CMS (and their
//! licensed CPT descriptor files): comma- or tab-separated, fields
//! optionally in double quotes, a preamble (titles, copyright notices)
//! before a header row, and sometimes a header spread over several rows.
//!
//! Columns are found by name, loosely: names are compared in upper case
//! with runs of white space collapsed, and header cells split over several
//! rows are joined (`PCTC` over `IND` reads `PCTC IND`). Each loader says
//! which row is its header and which names it needs.

use std::borrow::Cow;

/// One record of a delimited file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// 1-based line on which the record starts.
    pub line: usize,
    /// Fields, trimmed.
    pub fields: Vec<Cow<'a, str>>,
}

impl Record<'_> {
    /// The field at `i` ("" when the record is shorter).
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.as_ref())
    }

    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.is_empty())
    }

    fn non_empty(&self) -> usize {
        self.fields.iter().filter(|f| !f.is_empty()).count()
    }
}

/// Tab when one of the first lines has a tab, else comma.
pub fn delimiter(text: &str) -> u8 {
    if text.lines().take(50).any(|l| l.contains('\t')) {
        b'\t'
    } else {
        b','
    }
}

/// The records of `text`, split on `delimiter` (RFC 4180 quoting: a field
/// that starts with `"` runs to the next lone `"`, `""` inside stands for
/// one quote, and line breaks inside quotes belong to the field).
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: u8,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records {
            text,
            pos: 0,
            line: 1,
            delimiter,
        }
    }

    fn field(&mut self) -> (Cow<'a, str>, bool) {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if bytes.get(start) == Some(&b'"') {
            let mut value = String::new();
            let mut owned = false;
            let mut from = start + 1;
            let mut i = from;
            let end_quote = loop {
                match bytes.get(i) {
                    None => break i,
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => {
                        value.push_str(&self.text[from..=i]);
                        owned = true;
                        i += 2;
                        from = i;
                    }
                    Some(b'"') => break i,
                    Some(b'\n') => {
                        self.line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            };
            // Anything between the closing quote and the delimiter is kept.
            let mut after = (end_quote + 1).min(bytes.len());
            let tail_start = after;
            while after < bytes.len() && bytes[after] != self.delimiter && bytes[after] != b'\n' {
                after += 1;
            }
            let tail = self.text[tail_start..after].trim_end_matches('\r');
            let text = if owned || !tail.is_empty() {
                value.push_str(&self.text[from..end_quote.min(bytes.len())]);
                value.push_str(tail);
                Cow::Owned(value.trim().to_string())
            } else {
                Cow::Borrowed(self.text[from..end_quote.min(bytes.len())].trim())
            };
            self.pos = after;
            (text, self.end_field())
        } else {
            let mut i = start;
            while i < bytes.len() && bytes[i] != self.delimiter && bytes[i] != b'\n' {
                i += 1;
            }
            self.pos = i;
            let text = self.text[start..i].trim_end_matches('\r').trim();
            (Cow::Borrowed(text), self.end_field())
        }
    }

    /// Steps over the delimiter or line break after a field; true when the
    /// record ends there.
    fn end_field(&mut self) -> bool {
        match self.text.as_bytes().get(self.pos) {
            Some(b'\n') => {
                self.pos += 1;
                self.line += 1;
                true
            }
            Some(_) => {
                self.pos += 1;
                false
            }
            None => true,
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            let (field, last) = self.field();
            fields.push(field);
            if last {
                break;
            }
        }
        Some(Record { line, fields })
    }
}

/// Upper case, runs of white space as one space, trimmed.
pub fn normalize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

/// A table found in a file: the column names (normalized, header rows
/// joined) and the data records after them (blank records skipped).
pub struct Table<'a> {
    pub names: Vec<String>,
    pub header_line: usize,
    first: Option<Record<'a>>,
    rest: Records<'a>,
}

impl<'a> Table<'a> {
    /// Finds the header: the first record for which `is_header` holds (on
    /// its normalized cells). Up to two records right above it that look
    /// like header rows too (three or more non-empty cells) are joined in;
    /// so are the records below it whose cell in `key_column` is empty or
    /// holds no digit, up to the first data record. `None` when no record
    /// is a header.
    pub fn find(
        text: &'a str,
        is_header: impl Fn(&[String]) -> bool,
        key_column: impl Fn(&[String]) -> Option<usize>,
    ) -> Option<Table<'a>> {
        let mut records = Records::new(text, delimiter(text));
        let mut above: Vec<Record<'a>> = Vec::new();
        while let Some(record) = records.next() {
            if record.is_blank() {
                continue;
            }
            let cells: Vec<String> = record.fields.iter().map(|f| normalize(f)).collect();
            if !is_header(&cells) {
                above.push(record);
                if above.len() > 2 {
                    above.remove(0);
                }
                continue;
            }
            let mut names = cells;
            for prev in above.iter().rev() {
                if prev.non_empty() < 3 {
                    break;
                }
                join(&mut names, prev, true);
            }
            let key = key_column(&names);
            let mut first = None;
            for next in records.by_ref() {
                if next.is_blank() {
                    continue;
                }
                let key_cell = key.map_or("", |k| next.get(k));
                if key_cell.is_empty() || !key_cell.bytes().any(|b| b.is_ascii_digit()) {
                    join(&mut names, &next, false);
                    continue;
                }
                first = Some(next);
                break;
            }
            return Some(Table {
                names,
                header_line: record.line,
                first,
                rest: records,
            });
        }
        None
    }

    /// The first column whose name satisfies `pred`.
    pub fn column(&self, pred: impl Fn(&str) -> bool) -> Option<usize> {
        self.names.iter().position(|n| pred(n))
    }
}

fn join(names: &mut Vec<String>, row: &Record<'_>, before: bool) {
    if names.len() < row.fields.len() {
        names.resize(row.fields.len(), String::new());
    }
    for (name, cell) in names.iter_mut().zip(&row.fields) {
        let cell = normalize(cell);
        if cell.is_empty() {
            continue;
        }
        *name = match (name.is_empty(), before) {
            (true, _) => cell,
            (false, true) => format!("{cell} {name}"),
            (false, false) => format!("{name} {cell}"),
        };
    }
}

impl<'a> Iterator for Table<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        self.rest.by_ref().find(|r| !r.is_blank())
    }
}

/// Five upper-case letters or digits: the shape every CPT/HCPCS code in
/// the CMS files has. (Finer checks belong to the rules.)
pub fn is_code(s: &str) -> bool {
    s.len() == 5
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// `YYYYMMDD` (CMS files) or `YYYY-MM-DD`, as `yyyymmdd`; `None` when it is
/// neither or no such day.
pub fn parse_date(s: &str) -> Option<time::Date> {
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.contains('-') && !(s.len() == 10 && &s[4..5] == "-" && &s[7..8] == "-") {
        return None;
    }
    let y: i32 = digits[..4].parse().ok()?;
    let m: u8 = digits[4..6].parse().ok()?;
    let d: u8 = digits[6..].parse().ok()?;
    time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// The file name of `origin` (a path), for attributions in messages.
pub fn file_name(origin: &str) -> &str {
    std::path::Path::new(origin)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        Records::new(text, delimiter)
            .map(|r| r.fields.iter().map(|f| f.to_string()).collect())
            .collect()
    }

    #[test]
    fn splits_quoted_and_plain_fields() {
        assert_eq!(
            fields("a,\"b, c\",\"say \"\"hi\"\"\"\r\n x ,,\n", b','),
            vec![vec!["a", "b, c", "say \"hi\""], vec!["x", "", ""]]
        );
        assert_eq!(
            fields("1\t2\t\"3\n4\"\n5\t6\n", b'\t'),
            vec![vec!["1", "2", "3\n4"], vec!["5", "6"]]
        );
        let lines: Vec<usize> = Records::new("a\n\"b\nc\"\nd", b',')
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn finds_a_header_split_over_rows_after_a_preamble() {
        let text = "Title line\n,,,,\nNOTE,STATUS,PCTC,BILAT\nHCPCS,CODE,IND,SURG\n,,x,\n77295,A,1,0\n77300,A,1,0\n";
        let table = Table::find(
            text,
            |cells| cells.iter().any(|c| c == "HCPCS"),
            |names| names.iter().position(|n| n.contains("HCPCS")),
        )
        .expect("header");
        assert_eq!(table.header_line, 4);
        assert_eq!(
            table.names,
            ["NOTE HCPCS", "STATUS CODE", "PCTC IND X", "BILAT SURG"]
        );
        let rows: Vec<usize> = table.map(|r| r.line).collect();
        assert_eq!(rows, [6, 7]);
    }

    #[test]
    fn dates_and_codes() {
        assert_eq!(
            parse_date("20260101"),
            time::Date::from_calendar_date(2026, time::Month::January, 1).ok()
        );
        assert_eq!(parse_date("2026-01-01"), parse_date("20260101"));
        assert_eq!(parse_date("*"), None);
        assert_eq!(parse_date("20260230"), None);
        assert!(is_code("0001A") && is_code("G0339") && !is_code("7737"));
    }
}
