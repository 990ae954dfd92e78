//! Line breaking and offset conversions for plain text.
//!
//! The analysis speaks byte offsets. People and editors speak lines and
//! columns, and LSP clients count columns in UTF-16 code units (or UTF-8
//! bytes, when negotiated). This module is the one place that converts.
//! Line breaks are exactly LSP's: `\n`, `\r\n` and a lone `\r`.
//! (It also holds [`same`], the short-string equality of the hot paths.)

/// Whether two short strings (codes, keys, letters) are equal. Comparing a
/// few bytes in a loop the compiler inlines is cheaper than `==`, which
/// calls libc's `memcmp` when neither length is known at compile time; a
/// profile of the per-line checks showed that call among the top costs.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Where `offset`, after an edit in which `old_len` bytes became `new_len`,
/// stands once the edit is made. (Growth and shrinkage are applied apart so
/// that nothing goes through a signed type.)
pub fn after_edit(offset: usize, old_len: usize, new_len: usize) -> usize {
    offset + new_len.saturating_sub(old_len) - old_len.saturating_sub(new_len)
}

/// The start offset of every line, in order. One SIMD pass when the text
/// has only `\n` breaks (the common case: this runs on every keystroke).
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'\r', bytes).is_none() {
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        return starts;
    }
    lines(text).map(|(start, _)| start).collect()
}

/// Splits `text` into lines, yielding `(start_offset, line_without_break)`.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = pos;
        let i = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &text[start..i];
        if i >= bytes.len() {
            done = true;
        } else if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            pos = i + 2;
        } else {
            pos = i + 1;
        }
        Some((start, line))
    })
}

/// The start of the line containing byte `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    match memchr::memrchr2(b'\n', b'\r', bytes) {
        // "\r\n": an offset between the two bytes belongs to the line the break ends.
        Some(i) => i + 1,
        None => 0,
    }
}

/// The start of the line after the one starting at `start` (or the end).
pub fn next_line_start(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let i = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
    if i < bytes.len() && bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
        i + 2
    } else if i < bytes.len() {
        i + 1
    } else {
        i
    }
}

/// Where the content of the line containing `offset` ends (its break starts).
pub fn line_content_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = offset.min(bytes.len());
    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

/// The line break standing at `at` (`"\n"` at the end of the text), so an
/// inserted line matches the document's own line endings.
pub fn break_at(text: &str, at: usize) -> &'static str {
    let rest = &text[at.min(text.len())..];
    if rest.starts_with("\r\n") {
        "\r\n"
    } else if rest.starts_with('\r') {
        "\r"
    } else {
        "\n"
    }
}

/// The 0-based line number of the line starting at `start`.
pub fn line_number(text: &str, start: usize) -> usize {
    let bytes = &text.as_bytes()[..start.min(text.len())];
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    if memchr::memchr(b'\r', bytes).is_none() {
        return newlines;
    }
    // A "\r\n" is one break; a lone "\r" is one too.
    let returns = memchr::memchr_iter(b'\r', bytes).count();
    let pairs = memchr::memmem::find_iter(bytes, b"\r\n").count();
    newlines + returns - pairs
}

/// How an editor counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values: what the CLI prints (people count characters).
    Char,
    /// UTF-16 code units: the LSP default.
    Utf16,
    /// UTF-8 bytes: negotiated with clients that offer it.
    Utf8,
}

/// Line starts of a text, for offset ⇄ (line, column) conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = line_starts(text);
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Brings the index up to date after `text[start..old_end]` of the
    /// text it was made for became `new_len` bytes; `text` is the new text.
    /// Costs the inserted bytes plus moving the line starts after the edit,
    /// and gives exactly `LineIndex::new(text)`: whether a position starts
    /// a line depends on its own byte and the one before it only, so
    /// positions before `start` keep their answer and positions after the
    /// inserted text keep theirs, shifted.
    pub fn edited(&mut self, text: &str, start: usize, old_end: usize, new_len: usize) {
        let bytes = text.as_bytes();
        let keep = self.starts.partition_point(|&p| p < start);
        let tail = self.starts.partition_point(|&p| p <= old_end);
        let fresh: Vec<usize> = (start..=start + new_len)
            .filter(|&p| is_line_start(bytes, p))
            .collect();
        let shifted = keep + fresh.len();
        self.starts.splice(keep..tail, fresh);
        for p in &mut self.starts[shifted..] {
            *p = after_edit(*p, old_end - start, new_len);
        }
        self.len = text.len();
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `line` (0-based) starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// 0-based line containing `offset` (an offset past the end counts as
    /// the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The text of line `line` without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// (line, column) of a byte offset, both 0-based, column in `unit`.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let prefix = &text[start..offset];
        (line, column_width(prefix, unit))
    }

    /// Byte offset of a (line, column) position. A column past the end of the
    /// line is clamped to the end of the line (LSP says so), a line past the
    /// end of the text to the end of the text; a column inside a character
    /// (half a surrogate pair) is moved to its start.
    pub fn offset(&self, text: &str, line: usize, column: usize, unit: ColumnUnit) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let content = self.line_text(text, line);
        start + byte_of_column(content, column, unit)
    }
}

/// Whether a line starts at byte `at`: the start of the text, or just
/// after a line break (between `\r` and `\n` is inside one break).
fn is_line_start(bytes: &[u8], at: usize) -> bool {
    at == 0
        || (at <= bytes.len()
            && match bytes[at - 1] {
                b'\n' => true,
                b'\r' => bytes.get(at) != Some(&b'\n'),
                _ => false,
            })
}

/// The width of `s` in `unit`.
pub fn column_width(s: &str, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Char => s.chars().count(),
        ColumnUnit::Utf16 => s.chars().map(char::len_utf16).sum(),
        ColumnUnit::Utf8 => s.len(),
    }
}

/// Byte offset within `line` of `column` counted in `unit`, clamped to the
/// line's length and never inside a character.
pub fn byte_of_column(line: &str, column: usize, unit: ColumnUnit) -> usize {
    let mut seen = 0;
    for (byte, ch) in line.char_indices() {
        let width = match unit {
            ColumnUnit::Char => 1,
            ColumnUnit::Utf16 => ch.len_utf16(),
            ColumnUnit::Utf8 => ch.len_utf8(),
        };
        if seen + width > column {
            return byte;
        }
        seen += width;
    }
    line.len()
}

/// `s` cut to at most `max` characters, with `…` when cut: for quoting
/// what a user or client wrote in a message without quoting a megabyte.
pub fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some((cut, _)) => format!("{}…", &s[..cut]).into(),
    }
}

/// The largest char boundary `<= offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Items as a sentence lists them: "a", "a or b", "a, b or c" (with
/// `conjunction` "or"; "and" likewise). Messages and hover name codes and
/// lines this way.
pub fn join_words<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", init.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_every_lsp_line_break() {
        let got: Vec<_> = lines("a\nb\r\nc\rd").collect();
        assert_eq!(got, vec![(0, "a"), (2, "b"), (5, "c"), (7, "d")]);
        let trailing: Vec<_> = lines("a\n").collect();
        assert_eq!(trailing, vec![(0, "a"), (2, "")]);
        assert_eq!(lines("").collect::<Vec<_>>(), vec![(0, "")]);
    }

    #[test]
    fn columns_in_each_unit_for_accents_cjk_and_emoji() {
        // é = 2 bytes/1 utf16; 診 = 3 bytes/1 utf16; 🦀 = 4 bytes/2 utf16.
        let text = "x\né診🦀Z";
        let index = LineIndex::new(text);
        let z = text.find('Z').unwrap();
        assert_eq!(index.position(text, z, ColumnUnit::Char), (1, 3));
        assert_eq!(index.position(text, z, ColumnUnit::Utf16), (1, 4));
        assert_eq!(index.position(text, z, ColumnUnit::Utf8), (1, 9));
        assert_eq!(index.offset(text, 1, 4, ColumnUnit::Utf16), z);
        assert_eq!(index.offset(text, 1, 9, ColumnUnit::Utf8), z);
        assert_eq!(index.offset(text, 1, 3, ColumnUnit::Char), z);
    }

    #[test]
    fn line_starts_agree_with_lines_with_and_without_carriage_returns() {
        for text in ["", "a", "a\n", "a\nbb\n\nccc", "a\r\nb\rc\n", "\n\n"] {
            let expected: Vec<usize> = lines(text).map(|(s, _)| s).collect();
            assert_eq!(line_starts(text), expected, "{text:?}");
        }
    }

    #[test]
    fn line_navigation_helpers_agree_with_lines() {
        let text = "a\nbb\r\ncc\rd";
        for (n, (start, _)) in lines(text).enumerate() {
            assert_eq!(line_number(text, start), n);
            assert_eq!(line_start(text, start), start);
            assert_eq!(line_start(text, start + 1), start);
        }
        assert_eq!(next_line_start(text, 0), 2);
        assert_eq!(next_line_start(text, 2), 6);
        assert_eq!(next_line_start(text, 6), 9);
        assert_eq!(next_line_start(text, 9), text.len());
    }

    #[test]
    fn an_edited_index_equals_a_new_one() {
        let texts = ["", "a", "a\nb", "a\r\nb\rc\n", "\r\n\r\n", "ab\rcd\n"];
        let inserts = ["", "x", "\n", "\r", "\r\n", "\n\r", "y\nz\r", "\r\r\n"];
        for text in texts {
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    for insert in inserts {
                        let mut new = text.to_string();
                        new.replace_range(start..end, insert);
                        let mut index = LineIndex::new(text);
                        index.edited(&new, start, end, insert.len());
                        let fresh = LineIndex::new(&new);
                        assert_eq!(
                            (index.starts, index.len),
                            (fresh.starts, fresh.len),
                            "{text:?} [{start}..{end}] <- {insert:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn clamps_positions_past_the_end() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, 0, 99, ColumnUnit::Utf16), 2);
        assert_eq!(index.offset(text, 7, 0, ColumnUnit::Utf16), text.len());
        // Half of a surrogate pair lands on the character's start.
        let emoji = "🦀x";
        let index = LineIndex::new(emoji);
        assert_eq!(index.offset(emoji, 0, 1, ColumnUnit::Utf16), 0);
        assert_eq!(index.position(emoji, 2, ColumnUnit::Utf16), (0, 0));
    }
}
