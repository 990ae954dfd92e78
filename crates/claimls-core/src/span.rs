//! Byte ranges into a document's text.
//!
//! Every value the parser produces keeps the span it came from, so a
//! finding can point at exactly the characters that are wrong. Spans are
//! byte offsets: the analysis never thinks about UTF-16 or columns; the CLI
//! and the LSP layer convert at the edge (see [`crate::text::LineIndex`]).

/// A half-open byte range `start..end` into a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `offset` falls inside the span, counting its end (so a cursor
    /// just after a word still hovers that word, as editors expect).
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shift by `delta` bytes (used when reusing a cached claim analysis
    /// whose text moved within the document).
    pub fn shifted(self, delta: isize) -> Span {
        Span::new(
            (self.start as isize + delta) as usize,
            (self.end as isize + delta) as usize,
        )
    }
}

/// A piece of the document's text together with where it stands.
///
/// Only the start is stored: the end follows from the text's length, and
/// a service line holds over a dozen tokens, so every byte here is copied
/// a dozen times per line while parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tok<'a> {
    pub text: &'a str,
    start: usize,
}

impl<'a> Tok<'a> {
    pub fn new(text: &'a str, start: usize) -> Self {
        Tok { text, start }
    }

    /// Where the token stands in the document.
    #[inline]
    pub fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }

    /// A sub-token `range` (byte offsets relative to this token's text).
    pub fn slice(&self, from: usize, to: usize) -> Tok<'a> {
        Tok::new(&self.text[from..to], self.start + from)
    }
}
