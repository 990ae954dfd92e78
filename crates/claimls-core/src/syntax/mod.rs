//! The `.claim` format: a line-oriented, error-tolerant parser.
//!
//! Parsing never fails. Each physical line is parsed on its own (so one bad
//! line costs one diagnostic and nothing else), then lines are grouped into
//! claims: a claim runs from its `claim` line to the next one. Values keep
//! their text and span; reporting what they mean (is this date real, does
//! this code exist) is the rules' job, so that every check has an id, a
//! severity and docs. (Dates of service also keep the value the parser
//! read, since it reads them anyway and several rules need it.)
//!
//! The grammar is documented for users in `docs/claim-format.md`.

mod case;
mod line;
mod tree;

pub use case::{CaseLint, MAX_CASE_LINTS_PER_LINE};

pub use line::{Item, KEYWORDS, LINE_KEYS, LineParse, PATIENT_KEYS, PROVIDER_KEYS, parse_line};
pub use tree::*;

use crate::span::Span;
use crate::text;

/// A problem with the shape of a line: reported under the `syntax` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// An inline `# claimls: ignore[RULE, …]` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression<'a> {
    /// 0-based line the comment stands on (and silences).
    pub line: usize,
    pub rules: Vec<crate::span::Tok<'a>>,
}

/// Parses a whole document.
pub fn parse(text: &str) -> Document<'_> {
    parse_range(text, 0, text.len(), 0)
}

/// Parses `text[start..end]` (whole lines; `first_line` is the 0-based
/// number of the line at `start`), with spans into the whole `text`.
pub fn parse_range(text: &str, start: usize, end: usize, first_line: usize) -> Document<'_> {
    parse_range_with(text, start, end, first_line, &mut Spare::default())
}

/// [`parse_range`], taking its vectors from `spare` (give the document
/// back with [`Spare::recycle`] when done): the analysis parses one claim
/// at a time, and allocating each claim's vectors anew was 4 % of its time.
pub fn parse_range_with<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    first_line: usize,
    spare: &mut Spare<'a>,
) -> Document<'a> {
    let mut builder = tree::Builder::new(spare);
    for (i, (at, line)) in text::lines(&text[start..end]).enumerate() {
        builder.push(first_line + i, parse_line(line, start + at));
    }
    builder.finish()
}

/// Parses only the claim around `offset`: from the nearest `claim` line at
/// or before it to the next `claim` line. Queries (hover, completion) use
/// this so their cost follows the claim, not the file.
pub fn parse_claim_at(text: &str, offset: usize) -> Document<'_> {
    let offset = text::floor_char_boundary(text, offset.min(text.len()));
    let (start, end) = claim_block(text, offset);
    let first_line = text::line_number(text, start);
    parse_range(text, start, end, first_line)
}

/// The claim blocks of `text`: `(start, end, first_line)` for the text
/// before the first claim (when there is any) and for each claim.
pub fn claim_blocks(text: &str) -> Vec<(usize, usize, usize)> {
    // Line starts are streamed, not collected: the server splits the text
    // around every edit, and a document without `claim` lines is one block.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        let starts = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
        blocks_at(text, std::iter::once(0).chain(starts))
    } else {
        blocks_at(text, text::lines(text).map(|(start, _)| start))
    }
}

/// [`claim_blocks`] given the start of every line, in order.
fn blocks_at(text: &str, line_starts: impl Iterator<Item = usize>) -> Vec<(usize, usize, usize)> {
    let mut blocks = Vec::new();
    let (mut start, mut first_line) = (0, 0);
    let bytes = text.as_bytes();
    for (n, at) in line_starts.enumerate() {
        // Cheap first-byte test before the full check.
        let first = bytes.get(at).copied().unwrap_or(b'\n');
        if !matches!(first, b'c' | b' ' | b'\t') {
            continue;
        }
        if at > start && is_claim_line(text, at) {
            blocks.push((start, at, first_line));
            (start, first_line) = (at, n);
        }
    }
    blocks.push((start, text.len(), first_line));
    blocks
}

/// Whether the line starting at `at` is a `claim` line.
pub fn is_claim_line(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start_matches([' ', '\t']);
    rest.strip_prefix("claim")
        .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t', '\n', '\r', '#']))
}

/// The byte range of the claim block containing `offset` (the text before
/// the first claim counts as a block of its own).
pub fn claim_block(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = text::line_start(text, offset);
    while start > 0 && !is_claim_line(text, start) {
        start = text::line_start(text, start - 1);
    }
    let mut end = text::next_line_start(text, start);
    while end < bytes.len() && !is_claim_line(text, end) {
        end = text::next_line_start(text, end);
    }
    (start, end)
}

/// The text edits that carry out a fix intent in a `.claim` file: a
/// modifier goes with the hyphen that attaches it, an added modifier is
/// written `-XX` after the last one, a declared diagnosis is a new `dx`
/// line after the last one (at the end of that line, so a trailing comment
/// stays where it is).
pub fn render_fix(text: &str, intent: &crate::diagnostic::FixIntent) -> Vec<(Span, String)> {
    use crate::diagnostic::FixIntent;
    match intent {
        FixIntent::RemoveModifier { modifier } => {
            let start = modifier.start.saturating_sub(1);
            let start = if text.as_bytes().get(start) == Some(&b'-') {
                start
            } else {
                modifier.start
            };
            vec![(Span::new(start, modifier.end), String::new())]
        }
        FixIntent::AddModifier { after, modifier } => {
            vec![(Span::new(*after, *after), format!("-{modifier}"))]
        }
        FixIntent::Replace { span, with } => vec![(*span, with.clone())],
        FixIntent::DeclareDiagnosis { after, slot } => {
            let at = text::line_content_end(text, after.start);
            vec![(
                Span::new(at, at),
                format!("{}dx {slot} ", text::break_at(text, at)),
            )]
        }
        FixIntent::Edits(edits) => edits.clone(),
    }
}
