//! Open documents: the text of each, edited in place by incremental
//! `didChange` events, in version order.
//!
//! A document is held twice, and both copies receive every edit:
//!
//! - a [`Rope`], the document of record: it applies each LSP edit in LSP's
//!   own units (a line and a column in UTF-16, UTF-8 or characters), finding
//!   the position and changing the text in O(log n);
//! - an [`Arc<Source>`], its contiguous mirror: the text with its line index
//!   and claim blocks, which every analysis and request reads (they need one
//!   `&str`). The rope's byte range of each edit is applied to it as the
//!   same byte edit. Every request and analysis of a version shares that one
//!   `Source`; an edit changes it in place when nobody reads it any more,
//!   and copies it (once) when a request is still working on the previous
//!   version.

use claimls_core::analysis::Source;
use claimls_core::text::ColumnUnit;
use ropey::Rope;
use std::sync::Arc;

/// Documents larger than this are not analysed (a batch that large belongs
/// in `claimls check`); the user is told once, and the editor stays responsive.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

/// One LSP position: 0-based line and column in the negotiated unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// One content change of a `didChange` notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `None` replaces the whole text.
    pub range: Option<(Pos, Pos)>,
    pub text: String,
}

pub struct OpenDocument {
    /// The document of record: LSP edits are located and applied here.
    rope: Rope,
    /// The same text, contiguous, with its line index and claim blocks.
    source: Arc<Source>,
    pub version: i32,
    /// Which opening of its URI this is: closing and reopening a document
    /// (or opening it twice) can repeat a version, so a result computed for
    /// an earlier copy is told apart by this, unique in the process.
    pub generation: u64,
    /// Findings of unchanged claims, reused by the next analysis.
    pub cache: std::sync::Arc<std::sync::Mutex<claimls_core::analysis::ClaimCache>>,
    /// The claims of the last published analysis as other open documents
    /// compare them (see `workspace`).
    pub prints: Arc<[claimls_core::rules::file::duplicate_claim::ClaimPrint]>,
}

/// One version of one opening of a document (see [`OpenDocument::stamp`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub generation: u64,
    pub version: i32,
}

/// Why a `didChange` was not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// The version is not newer than the one we have: a duplicate or an
    /// out-of-order message. Applying it would corrupt the text.
    Stale { have: i32, got: i32 },
}

impl OpenDocument {
    pub fn new(text: String, version: i32) -> Self {
        OpenDocument {
            rope: Rope::from_str(&text),
            source: Arc::new(Source::new(text)),
            version,
            generation: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
            cache: Default::default(),
            prints: Arc::new([]),
        }
    }

    /// What a result must have been computed for to be current: this
    /// opening of the document, at this version.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            generation: self.generation,
            version: self.version,
        }
    }

    /// Applies the changes of one `didChange`, in order, and takes its version.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[Change],
        unit: ColumnUnit,
    ) -> Result<(), ChangeError> {
        if version <= self.version {
            return Err(ChangeError::Stale {
                have: self.version,
                got: version,
            });
        }
        for change in changes {
            match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    Arc::make_mut(&mut self.source).set_text(&change.text);
                }
                Some((start, end)) => {
                    // The rope locates the edit in LSP units and applies it;
                    // the mirror takes the same edit in bytes.
                    let a = char_index(&self.rope, start, unit);
                    let b = char_index(&self.rope, end, unit);
                    let (a, b) = (a.min(b), a.max(b));
                    let bytes = self.rope.char_to_byte(a)..self.rope.char_to_byte(b);
                    self.rope.remove(a..b);
                    self.rope.insert(a, &change.text);
                    Arc::make_mut(&mut self.source).replace(bytes, &change.text);
                }
            }
            debug_assert_eq!(
                self.rope.len_bytes(),
                self.source.text().len(),
                "the rope and its mirror disagree"
            );
        }
        self.version = version;
        Ok(())
    }

    pub fn text(&self) -> &str {
        self.source.text()
    }

    /// The document of record, for tests that compare it with the mirror.
    #[doc(hidden)]
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// The current text with its line index and claim blocks, shared.
    pub fn snapshot(&self) -> Arc<Source> {
        self.source.clone()
    }
}

/// The char index of a position: a line past the end is the end of the
/// document, a column past the end of its line is the end of that line (a
/// line break is never split), a column inside a character (half a
/// surrogate pair, inside a UTF-8 sequence) is the start of that character.
pub fn char_index(rope: &Rope, pos: Pos, unit: ColumnUnit) -> usize {
    if pos.line >= rope.len_lines() {
        return rope.len_chars();
    }
    // Every step is one of the rope's O(log n) conversions: an X12 file is
    // often a single line of megabytes, and a keystroke must not cost a
    // walk along it.
    let line_start = rope.line_to_char(pos.line);
    let mut content_end = rope.line_to_char(pos.line + 1);
    // Strip the line break: "\r\n", "\n" or "\r".
    if content_end > line_start && rope.char(content_end - 1) == '\n' {
        content_end -= 1;
    }
    if content_end > line_start && rope.char(content_end - 1) == '\r' {
        content_end -= 1;
    }
    let at = match unit {
        ColumnUnit::Char => line_start.saturating_add(pos.column),
        ColumnUnit::Utf16 => {
            let start = rope.char_to_utf16_cu(line_start);
            let end = rope.char_to_utf16_cu(content_end);
            // Inside a surrogate pair: the rope answers the pair's char.
            rope.utf16_cu_to_char(start.saturating_add(pos.column).min(end))
        }
        ColumnUnit::Utf8 => {
            let start = rope.char_to_byte(line_start);
            let end = rope.char_to_byte(content_end);
            // Inside a UTF-8 sequence: the rope answers that char.
            rope.byte_to_char(start.saturating_add(pos.column).min(end))
        }
    };
    at.min(content_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(
        text: &str,
        from: (usize, usize),
        to: (usize, usize),
        new: &str,
        unit: ColumnUnit,
    ) -> String {
        let mut doc = OpenDocument::new(text.to_string(), 1);
        let change = Change {
            range: Some((
                Pos {
                    line: from.0,
                    column: from.1,
                },
                Pos {
                    line: to.0,
                    column: to.1,
                },
            )),
            text: new.to_string(),
        };
        doc.apply(2, &[change], unit).unwrap();
        assert_eq!(
            doc.rope().to_string(),
            doc.text(),
            "the rope and its mirror"
        );
        doc.text().to_string()
    }

    #[test]
    fn removes_a_modifier_in_utf16() {
        let text = "claim A\nline 2026-11-02 77372-TC dx=A\n";
        assert_eq!(
            edit(text, (1, 21), (1, 24), "", ColumnUnit::Utf16),
            "claim A\nline 2026-11-02 77372 dx=A\n"
        );
    }

    #[test]
    fn counts_accents_cjk_and_emoji_per_encoding() {
        let text = "patient JOSÉ 診 🦀 X\n";
        // UTF-16: "patient " 8 + JOSÉ 4 + space + 診 1 + space + 🦀 2 + space → X at 18.
        assert_eq!(
            edit(text, (0, 18), (0, 19), "Y", ColumnUnit::Utf16),
            "patient JOSÉ 診 🦀 Y\n"
        );
        assert_eq!(
            edit(text, (0, 7), (0, 7), "s", ColumnUnit::Char),
            "patients JOSÉ 診 🦀 X\n"
        );
        // UTF-8: É = 2 bytes, 診 = 3, 🦀 = 4 → X at byte 8 + 5 + 1 + 3 + 1 + 4 + 1 = 23.
        assert_eq!(
            edit(text, (0, 23), (0, 24), "Y", ColumnUnit::Utf8),
            "patient JOSÉ 診 🦀 Y\n"
        );
    }

    #[test]
    fn clamps_past_the_end_and_never_splits_a_line_break() {
        let text = "ab\r\ncd";
        assert_eq!(
            edit(text, (0, 99), (0, 99), "!", ColumnUnit::Utf16),
            "ab!\r\ncd"
        );
        assert_eq!(
            edit(text, (9, 0), (9, 0), "!", ColumnUnit::Utf16),
            "ab\r\ncd!"
        );
        // Half a surrogate pair goes to the start of the emoji.
        assert_eq!(edit("🦀x", (0, 1), (0, 1), "!", ColumnUnit::Utf16), "!🦀x");
    }

    #[test]
    fn stale_versions_are_refused_and_change_nothing() {
        let mut doc = OpenDocument::new("abc".into(), 5);
        let change = Change {
            range: None,
            text: "zzz".into(),
        };
        assert_eq!(
            doc.apply(5, std::slice::from_ref(&change), ColumnUnit::Utf16),
            Err(ChangeError::Stale { have: 5, got: 5 })
        );
        assert_eq!(doc.text(), "abc");
        assert_eq!(doc.rope().to_string(), "abc");
        doc.apply(6, &[change], ColumnUnit::Utf16).unwrap();
        assert_eq!(doc.text(), "zzz");
        assert_eq!(doc.rope().to_string(), "zzz");
    }

    #[test]
    fn several_changes_apply_in_order() {
        let mut doc = OpenDocument::new("abc".into(), 1);
        let at = |c| Some((Pos { line: 0, column: c }, Pos { line: 0, column: c }));
        let changes = [
            Change {
                range: at(3),
                text: "d".into(),
            },
            Change {
                range: at(4),
                text: "e".into(),
            },
        ];
        doc.apply(2, &changes, ColumnUnit::Utf16).unwrap();
        assert_eq!(doc.text(), "abcde");
        assert_eq!(doc.rope().to_string(), "abcde");
    }

    #[test]
    fn a_line_break_completed_by_an_edit_counts_once() {
        // "\r" then "\n" inserted after it make one line break: the next
        // change's line 1 is the line after "\r\n", in the rope and the mirror.
        let mut doc = OpenDocument::new("a\rb".into(), 1);
        let at = |line, c| Some((Pos { line, column: c }, Pos { line, column: c }));
        let changes = [
            Change {
                range: at(1, 0),
                text: "\n".into(),
            },
            Change {
                range: at(1, 0),
                text: "X".into(),
            },
        ];
        doc.apply(2, &changes, ColumnUnit::Utf16).unwrap();
        assert_eq!(doc.text(), "a\r\nXb");
        assert_eq!(doc.rope().to_string(), "a\r\nXb");
        assert_eq!(doc.rope().len_lines(), 2);
        assert_eq!(doc.snapshot().index().line_count(), 2);
    }

    /// The conversion as it was first written: a walk along the line,
    /// character by character (the meaning the fast one must keep).
    fn walking_char_index(rope: &Rope, pos: Pos, unit: ColumnUnit) -> usize {
        if pos.line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(pos.line);
        let line = rope.line(pos.line);
        let mut content_chars = line.len_chars();
        if content_chars > 0 && line.char(content_chars - 1) == '\n' {
            content_chars -= 1;
        }
        if content_chars > 0 && line.char(content_chars - 1) == '\r' {
            content_chars -= 1;
        }
        let mut seen = 0;
        for (i, ch) in line.chars().take(content_chars).enumerate() {
            let width = match unit {
                ColumnUnit::Char => 1,
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Utf8 => ch.len_utf8(),
            };
            if seen + width > pos.column {
                return line_start + i;
            }
            seen += width;
        }
        line_start + content_chars
    }

    proptest::proptest! {
        #[test]
        fn positions_convert_as_a_walk_along_the_line_would(
            text in "([a-z é診🦀]|\r\n|\n|\r){0,40}",
            line in 0usize..8,
            column in 0usize..60,
        ) {
            let rope = Rope::from_str(&text);
            for unit in [ColumnUnit::Char, ColumnUnit::Utf16, ColumnUnit::Utf8] {
                let pos = Pos { line, column };
                proptest::prop_assert_eq!(
                    char_index(&rope, pos, unit),
                    walking_char_index(&rope, pos, unit),
                    "{:?} at {:?} in {:?}", unit, pos, text
                );
            }
        }
    }
}
