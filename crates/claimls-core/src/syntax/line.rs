//! Parsing of one physical line into an [`Item`].

use super::SyntaxError;
use super::case::{self, CaseLint};
use crate::model::{Label, Patient, ProviderRole, ServiceLine, Toks};
use crate::span::{Span, Tok};
use crate::values::{DateError, parse_date};
use smallvec::SmallVec;

/// The keywords a line may start with, in the order documentation lists them.
pub const KEYWORDS: &[&str] = &[
    "claim",
    "payer",
    "patient",
    "provider",
    "rendering",
    "pos",
    "dx",
    "line",
];

/// Attribute keys each keyword accepts.
pub const PATIENT_KEYS: &[&str] = &["dob", "sex", "member"];
pub const PROVIDER_KEYS: &[&str] = &["npi"];
pub const LINE_KEYS: &[&str] = &["units", "dx", "charge", "pos", "rendering", "auth"];
pub const CLAIM_KEYS: &[&str] = &["auth"];

/// What one line says. (Service lines dominate a claim file, so boxing
/// them would cost an allocation per line for nothing.)
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// Blank, or only a comment.
    Empty,
    Claim {
        id: Option<Tok<'a>>,
        /// `auth=`: a prior authorisation for the whole claim.
        auth: Option<Tok<'a>>,
    },
    Payer {
        name: Tok<'a>,
    },
    Patient(Patient<'a>),
    /// `provider npi=…` (the billing provider) or `rendering npi=…` (who
    /// performed the services, when not the billing provider).
    Provider {
        role: ProviderRole,
        npi: Option<Tok<'a>>,
    },
    Pos {
        code: Tok<'a>,
    },
    Dx {
        letter: Tok<'a>,
        code: Tok<'a>,
    },
    Service(ServiceLine<'a>),
    /// A line whose shape is wrong; the error says why.
    Invalid,
}

/// The result of parsing one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineParse<'a> {
    pub item: Item<'a>,
    /// The keyword token, when the line has one.
    pub keyword: Option<Tok<'a>>,
    /// Content span (keyword to last word, comment excluded).
    pub span: Span,
    pub errors: Vec<SyntaxError>,
    /// Values written in lower case, already capitalized in `item`.
    pub case: Vec<CaseLint>,
    /// Rule ids named by a `# claimls: ignore[…]` comment on this line.
    pub ignore: Option<Vec<Tok<'a>>>,
    /// Span of an ignore comment whose brackets are malformed.
    pub bad_ignore: Option<Span>,
}

/// Whether `s` contains the ASCII byte `b`. (Words are short: a plain loop
/// beats `str::contains(char)`, which sets up a searcher per call.)
fn has(s: &str, b: u8) -> bool {
    s.bytes().any(|c| c == b)
}

/// A line's words, inline up to 12 (as many as a full service line has).
type Words<'a> = SmallVec<[Tok<'a>; 12]>;

/// Splits on spaces and tabs into `out`, keeping offsets, up to a `#`
/// (which starts a comment, even inside a word); returns where the `#`
/// is. (Filling the caller's buffer rather than returning one spares
/// copying it.)
fn words<'a>(s: &'a str, base: usize, out: &mut Words<'a>) -> Option<usize> {
    let bytes = s.as_bytes();
    let blank = |b: u8| b == b' ' || b == b'\t';
    let mut at = 0;
    while at < bytes.len() {
        if blank(bytes[at]) {
            at += 1;
            continue;
        }
        if bytes[at] == b'#' {
            return Some(at);
        }
        let start = at;
        while at < bytes.len() && !blank(bytes[at]) && bytes[at] != b'#' {
            at += 1;
        }
        // Blanks and `#` are ASCII, so both ends are character boundaries.
        out.push(Tok::new(&s[start..at], base + start));
    }
    None
}

/// A `key=value` word split in two.
struct Attr<'a> {
    key: Tok<'a>,
    value: Tok<'a>,
    word: Tok<'a>,
}

fn split_attr(word: Tok<'_>) -> Option<Attr<'_>> {
    let eq = word.text.bytes().position(|b| b == b'=')?;
    Some(Attr {
        key: word.slice(0, eq),
        value: word.slice(eq + 1, word.text.len()),
        word,
    })
}

/// At most this many syntax errors are kept for one line; the rest are
/// counted and said once (a line of a million stray words must cost
/// neither time nor memory per word reported).
pub const MAX_ERRORS_PER_LINE: usize = 10;

/// One line's syntax errors, bounded (see [`MAX_ERRORS_PER_LINE`]).
#[derive(Default)]
struct LineErrors {
    kept: Vec<SyntaxError>,
    dropped: usize,
    first_dropped: Option<Span>,
    /// Values written in lower case (not errors: see [`super::case`]).
    case: Vec<CaseLint>,
}

impl LineErrors {
    fn finish(mut self) -> (Vec<SyntaxError>, Vec<CaseLint>) {
        if let Some(span) = self.first_dropped {
            let n = self.dropped;
            self.kept.push(SyntaxError {
                span,
                message: if n == 1 {
                    "1 more syntax error on this line is not shown: fix the ones before it first"
                        .to_string()
                } else {
                    format!(
                        "{n} more syntax errors on this line are not shown: fix the ones before them first"
                    )
                },
            });
        }
        (self.kept, self.case)
    }
}

fn err(errors: &mut LineErrors, span: Span, message: impl Into<String>) {
    if errors.kept.len() >= MAX_ERRORS_PER_LINE {
        errors.dropped += 1;
        errors.first_dropped.get_or_insert(span);
        return;
    }
    errors.kept.push(SyntaxError {
        span,
        message: message.into(),
    });
}

/// Parses one line (`text` without its line break, starting at `base`).
pub fn parse_line(text: &str, base: usize) -> LineParse<'_> {
    let mut words = Words::new();
    // One pass finds the words and where a comment starts.
    let comment = self::words(text, base, &mut words);
    let mut errors = LineErrors::default();
    let (ignore, bad_ignore) = match comment {
        Some(hash) => parse_ignore(&text[hash + 1..], base + hash + 1),
        None => (None, None),
    };
    let Some(&keyword) = words.first() else {
        let (errors, case) = errors.finish();
        return LineParse {
            item: Item::Empty,
            keyword: None,
            span: Span::new(base, base),
            errors,
            case,
            ignore,
            bad_ignore,
        };
    };
    let span = keyword.span().cover(words.last().unwrap().span());
    let rest = &words[1..];
    let item = match keyword.text {
        "claim" => parse_claim(keyword, rest, &mut errors),
        "payer" => match (rest.first(), rest.last()) {
            (Some(first), Some(last)) => Item::Payer {
                name: Tok::new(
                    &text[first.span().start - base..last.span().end - base],
                    first.span().start,
                ),
            },
            _ => {
                err(
                    &mut errors,
                    keyword.span(),
                    "`payer` needs a name, e.g. `payer Medicare`",
                );
                Item::Invalid
            }
        },
        "patient" => parse_patient(text, base, span, keyword, rest, &mut errors),
        "provider" => parse_provider(keyword, ProviderRole::Billing, rest, &mut errors),
        "rendering" => parse_provider(keyword, ProviderRole::Rendering, rest, &mut errors),
        "pos" => parse_pos(keyword, rest, &mut errors),
        "dx" => parse_dx(keyword, rest, &mut errors),
        "line" => parse_service(keyword, span, rest, &mut errors),
        other => {
            let lower = other.to_ascii_lowercase();
            let message = if KEYWORDS.contains(&lower.as_str()) {
                format!("keywords are lowercase: write `{lower}` instead of `{other}`")
            } else {
                format!(
                    "unknown keyword `{other}`; a line starts with one of: {}",
                    KEYWORDS.join(", ")
                )
            };
            err(&mut errors, keyword.span(), message);
            Item::Invalid
        }
    };
    let (errors, case) = errors.finish();
    LineParse {
        item,
        keyword: Some(keyword),
        span,
        errors,
        case,
        ignore,
        bad_ignore,
    }
}

fn parse_claim<'a>(keyword: Tok<'a>, rest: &[Tok<'a>], errors: &mut LineErrors) -> Item<'a> {
    // The id is the first word that is not an attribute; `auth=` may follow.
    let (id, attributes) = match rest.split_first() {
        Some((first, more)) if !has(first.text, b'=') => (Some(*first), more),
        _ => (None, rest),
    };
    if id.is_none() {
        err(
            errors,
            keyword.span(),
            "`claim` needs an id, e.g. `claim SRS-0001`",
        );
    }
    let words = attributes.iter().take_while(|w| !has(w.text, b'=')).count();
    if let (Some(first), Some(last)) = (attributes.first(), attributes[..words].last()) {
        err(
            errors,
            first.span().cover(last.span()),
            "a claim id is one word; remove the text after it or join it with `-`",
        );
    }
    let mut auth = None;
    for &word in &attributes[words..] {
        if let Some(attr) = attr_or_error(word, "claim", CLAIM_KEYS, errors) {
            set_once(&mut auth, attr, errors);
        }
    }
    Item::Claim { id, auth }
}

fn parse_patient<'a>(
    text: &'a str,
    base: usize,
    span: Span,
    keyword: Tok<'a>,
    rest: &[Tok<'a>],
    errors: &mut LineErrors,
) -> Item<'a> {
    let name_words = rest.iter().take_while(|w| !has(w.text, b'=')).count();
    let name = match (rest.first(), rest.get(name_words.wrapping_sub(1))) {
        (Some(first), Some(last)) if name_words > 0 => Some(Tok::new(
            &text[first.span().start - base..last.span().end - base],
            first.span().start,
        )),
        _ => {
            err(
                errors,
                keyword.span(),
                "`patient` needs a name before its attributes, e.g. `patient DOE, JANE dob=1964-03-02`",
            );
            None
        }
    };
    let mut patient = Patient {
        span,
        name,
        dob: None,
        sex: None,
        member: None,
    };
    for &word in &rest[name_words..] {
        let Some(attr) = attr_or_error(word, "patient", PATIENT_KEYS, errors) else {
            continue;
        };
        let slot = match attr.key.text {
            "dob" => &mut patient.dob,
            "sex" => &mut patient.sex,
            _ => &mut patient.member,
        };
        set_once(slot, attr, errors);
    }
    if let Some(sex) = patient.sex.as_mut() {
        case::capitalize(sex, "patient sex", &mut errors.case);
    }
    Item::Patient(patient)
}

fn parse_provider<'a>(
    keyword: Tok<'a>,
    role: ProviderRole,
    rest: &[Tok<'a>],
    errors: &mut LineErrors,
) -> Item<'a> {
    let mut npi = None;
    for &word in rest {
        if let Some(attr) = attr_or_error(word, keyword.text, PROVIDER_KEYS, errors) {
            set_once(&mut npi, attr, errors);
        }
    }
    if npi.is_none() && rest.is_empty() {
        let message = match role {
            ProviderRole::Billing => {
                "`provider` needs the billing NPI, e.g. `provider npi=1234567893`"
            }
            ProviderRole::Rendering => {
                "`rendering` needs the NPI of who performed the services, e.g. `rendering npi=1245319599`"
            }
        };
        err(errors, keyword.span(), message);
        return Item::Invalid;
    }
    Item::Provider { role, npi }
}

fn parse_pos<'a>(keyword: Tok<'a>, rest: &[Tok<'a>], errors: &mut LineErrors) -> Item<'a> {
    match rest {
        [code] => Item::Pos { code: *code },
        [] => {
            err(
                errors,
                keyword.span(),
                "`pos` needs a two-digit place of service code, e.g. `pos 11`",
            );
            Item::Invalid
        }
        [code, extra @ ..] => {
            err(
                errors,
                extra[0].span().cover(extra[extra.len() - 1].span()),
                "`pos` takes one place of service code; remove the extra text",
            );
            Item::Pos { code: *code }
        }
    }
}

fn parse_dx<'a>(keyword: Tok<'a>, rest: &[Tok<'a>], errors: &mut LineErrors) -> Item<'a> {
    match rest {
        [letter, code, extra @ ..] => {
            if let (Some(first), Some(last)) = (extra.first(), extra.last()) {
                err(
                    errors,
                    first.span().cover(last.span()),
                    "`dx` takes a letter and one ICD-10-CM code; put each diagnosis on its own `dx` line",
                );
            }
            let mut letter = *letter;
            case::capitalize(&mut letter, "diagnosis letter", &mut errors.case);
            Item::Dx {
                letter,
                code: *code,
            }
        }
        [only] => {
            err(
                errors,
                only.span(),
                "`dx` needs a pointer letter and an ICD-10-CM code, e.g. `dx A C79.31`",
            );
            Item::Invalid
        }
        [] => {
            err(
                errors,
                keyword.span(),
                "`dx` needs a pointer letter (A–L) and an ICD-10-CM code, e.g. `dx A C79.31`",
            );
            Item::Invalid
        }
    }
}

fn parse_service<'a>(
    keyword: Tok<'a>,
    span: Span,
    rest: &[Tok<'a>],
    errors: &mut LineErrors,
) -> Item<'a> {
    let Some(&dates) = rest.first() else {
        err(
            errors,
            keyword.span(),
            "`line` needs a date of service and a procedure code, e.g. `line 2026-11-02 77372 units=1 dx=A`",
        );
        return Item::Invalid;
    };
    if has(dates.text, b'=') {
        err(
            errors,
            dates.span(),
            "`line` starts with the date of service (YYYY-MM-DD), before any attribute",
        );
        return Item::Invalid;
    }
    let dots = dates.text.as_bytes().windows(2).position(|w| w == b"..");
    let (from, to) = match dots {
        Some(dots) => (
            dates.slice(0, dots),
            Some(dates.slice(dots + 2, dates.text.len())),
        ),
        None => (dates, None),
    };
    let mut bad_date = false;
    let from_date = parse_date(from.text);
    let to_date = to.map(|t| parse_date(t.text));
    for (date, value) in std::iter::once((from, from_date)).chain(to.zip(to_date)) {
        if value == Err(DateError::Shape) {
            bad_date = true;
            let message = if date.text.is_empty() {
                "a date range needs a date on both sides of `..`".to_string()
            } else {
                format!(
                    "expected a date of service as YYYY-MM-DD or MM/DD/YYYY, found `{}`",
                    date.text
                )
            };
            err(
                errors,
                if date.text.is_empty() {
                    dates.span()
                } else {
                    date.span()
                },
                message,
            );
        }
    }
    let code_missing = rest.get(1).is_none_or(|w| has(w.text, b'='));
    if bad_date && code_missing {
        // Most likely the date was left out and the code stands in its place:
        // one error says it all.
        return Item::Invalid;
    }
    let Some(&code_word) = rest.get(1) else {
        err(
            errors,
            dates.span(),
            "`line` needs a procedure code after the date, e.g. `77372`",
        );
        return Item::Invalid;
    };
    if has(code_word.text, b'=') {
        err(
            errors,
            code_word.span(),
            "expected a procedure code after the date, before the attributes",
        );
        return Item::Invalid;
    }
    let mut parts = code_word.text.split('-');
    let code_text = parts.next().unwrap_or("");
    let code = code_word.slice(0, code_text.len());
    case::check_code(code, &mut errors.case);
    let mut modifiers = Toks::new();
    let mut at = code_text.len();
    for part in parts {
        let modifier = code_word.slice(at + 1, at + 1 + part.len());
        if part.is_empty() {
            err(
                errors,
                code_word.slice(at, at + 1).span(),
                "empty modifier: each `-` must be followed by a modifier, e.g. `77300-26`",
            );
        } else {
            let mut modifier = modifier;
            case::capitalize(&mut modifier, "modifier", &mut errors.case);
            modifiers.push(modifier);
        }
        at += 1 + part.len();
    }
    let mut line = ServiceLine {
        span,
        label: Label::Line(0),
        dates,
        from,
        to,
        from_date,
        to_date,
        procedure: code_word,
        code,
        modifiers,
        units: None,
        pointer_list: None,
        pointers: Toks::new(),
        charge: None,
        pos: None,
        malformed: false,
        rendering: None,
        auth: None,
    };
    for &word in &rest[2..] {
        let Some(attr) = attr_or_error(word, "line", LINE_KEYS, errors) else {
            continue;
        };
        match attr.key.text {
            "units" => set_once(&mut line.units, attr, errors),
            "charge" => set_once(&mut line.charge, attr, errors),
            "pos" => set_once(&mut line.pos, attr, errors),
            "rendering" => set_once(&mut line.rendering, attr, errors),
            "auth" => set_once(&mut line.auth, attr, errors),
            _ => {
                let value = attr.value;
                set_once(&mut line.pointer_list, attr, errors);
                if line.pointer_list == Some(value) {
                    line.pointers = split_pointers(value, errors);
                }
            }
        }
    }
    // Errors before the service line's own words are impossible (the
    // keyword is first), so any error so far is this line's.
    line.malformed = !errors.kept.is_empty();
    Item::Service(line)
}

fn split_pointers<'a>(value: Tok<'a>, errors: &mut LineErrors) -> Toks<'a> {
    let mut out = Toks::new();
    let mut at = 0;
    for part in value.text.as_bytes().split(|&b| b == b',') {
        if part.is_empty() {
            err(
                errors,
                value.span(),
                "empty diagnosis pointer: list letters separated by commas, e.g. `dx=A,B`",
            );
        } else {
            let mut pointer = value.slice(at, at + part.len());
            case::capitalize(&mut pointer, "diagnosis pointer", &mut errors.case);
            out.push(pointer);
        }
        at += part.len() + 1;
    }
    out
}

/// Splits `key=value`, reporting a stray word, an unknown key or an empty value.
fn attr_or_error<'a>(
    word: Tok<'a>,
    keyword: &str,
    keys: &[&str],
    errors: &mut LineErrors,
) -> Option<Attr<'a>> {
    // Only built when there is an error to explain (this runs per attribute).
    let expected = || {
        keys.iter()
            .map(|k| format!("{k}="))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(attr) = split_attr(word) else {
        let expected = expected();
        err(
            errors,
            word.span(),
            format!(
                "unexpected `{}`: `{keyword}` takes attributes written key=value ({expected})",
                word.text
            ),
        );
        return None;
    };
    if !keys.iter().any(|k| crate::text::same(k, attr.key.text)) {
        let expected = expected();
        err(
            errors,
            attr.key.span(),
            format!(
                "unknown attribute `{}` on `{keyword}`; expected one of {expected}",
                attr.key.text
            ),
        );
        return None;
    }
    if attr.value.text.is_empty() {
        err(
            errors,
            attr.word.span(),
            format!("missing value after `{}=`", attr.key.text),
        );
        return None;
    }
    Some(attr)
}

fn set_once<'a>(slot: &mut Option<Tok<'a>>, attr: Attr<'a>, errors: &mut LineErrors) {
    if slot.is_some() {
        err(
            errors,
            attr.word.span(),
            format!("`{}=` is given twice on this line; keep one", attr.key.text),
        );
    } else {
        *slot = Some(attr.value);
    }
}

/// Recognises `claimls: ignore[RULE, RULE]` inside a comment.
#[allow(clippy::type_complexity)]
fn parse_ignore(comment: &str, base: usize) -> (Option<Vec<Tok<'_>>>, Option<Span>) {
    const MARKER: &str = "claimls:";
    let Some(at) = comment.find(MARKER) else {
        return (None, None);
    };
    let after = &comment[at + MARKER.len()..];
    let trimmed = after.trim_start();
    let Some(rest) = trimmed.strip_prefix("ignore") else {
        return (None, None);
    };
    let rest_at = base + at + MARKER.len() + (after.len() - trimmed.len()) + "ignore".len();
    let directive = Span::new(base + at, base + comment.len());
    let Some(inner) = rest.strip_prefix('[') else {
        return (None, Some(directive));
    };
    let Some(close) = inner.find(']') else {
        return (None, Some(directive));
    };
    let mut ids = Vec::new();
    let mut at = rest_at + 1;
    for part in inner[..close].split(',') {
        let lead = part.len() - part.trim_start().len();
        let id = part.trim();
        if !id.is_empty() {
            ids.push(Tok::new(id, at + lead));
        }
        at += part.len() + 1;
    }
    (Some(ids), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_splitting_matches_a_plain_split() {
        // Every byte value next to blanks, at every alignment, plus text.
        let mut samples: Vec<Vec<u8>> = vec![
            b"line 2026-06-09 77295 units=1 dx=A,B charge=1450".to_vec(),
            "patient YOUNG, FRANÇOIS\tdob=1942-12-23  sex=M"
                .as_bytes()
                .to_vec(),
            b"   ".to_vec(),
            b"".to_vec(),
            b"a".to_vec(),
            b"!!!! \t!! !\t\t!!!!!!!!!\x08\n\x1f\x21".to_vec(),
            b"line 2026-06-09 77295#no space # claimls: ignore[x]".to_vec(),
            b"  # only a comment".to_vec(),
        ];
        for b in 0..=255u8 {
            for pad in 0..10 {
                let mut v = vec![b'x'; pad];
                v.extend([b' ', b, b, b'\t', b, b' ']);
                v.extend(std::iter::repeat_n(b, pad));
                samples.push(v);
            }
        }
        for sample in samples {
            let text = String::from_utf8_lossy(&sample).into_owned();
            let mut fast = Words::new();
            let hash = words(&text, 7, &mut fast);
            assert_eq!(hash, text.find('#'), "{text:?}");
            let content = &text[..hash.unwrap_or(text.len())];
            let plain: Vec<Tok<'_>> = content
                .split([' ', '\t'])
                .scan(0, |at, w| {
                    let tok = Tok::new(w, 7 + *at);
                    *at += w.len() + 1;
                    Some(tok)
                })
                .filter(|t| !t.text.is_empty())
                .collect();
            assert_eq!(fast.as_slice(), plain.as_slice(), "{text:?}");
        }
    }

    fn item(line: &str) -> Item<'_> {
        let parsed = parse_line(line, 0);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.item
    }

    fn error(line: &str) -> String {
        let parsed = parse_line(line, 0);
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        parsed.errors[0].message.clone()
    }

    #[test]
    fn parses_a_service_line_with_modifiers_and_attributes() {
        let Item::Service(line) =
            item("line 2026-11-02 77300-26-59 units=2 dx=A,B charge=$1,200.00 pos=22")
        else {
            panic!()
        };
        assert_eq!(line.from.text, "2026-11-02");
        assert_eq!(line.code.text, "77300");
        let mods: Vec<_> = line.modifiers.iter().map(|m| m.text).collect();
        assert_eq!(mods, ["26", "59"]);
        assert_eq!(line.units.unwrap().text, "2");
        let letters: Vec<_> = line
            .pointers
            .iter()
            .map(|m| (m.text, m.span().start))
            .collect();
        assert_eq!(letters, [("A", 39), ("B", 41)]);
        assert_eq!(line.charge.unwrap().text, "$1,200.00");
        assert_eq!(line.pos.unwrap().text, "22");
    }

    #[test]
    fn a_line_names_its_performer_and_its_authorisation() {
        let Item::Service(line) =
            item("line 2026-11-02 61796 dx=A rendering=1245319599 auth=PA-77812")
        else {
            panic!()
        };
        assert_eq!(line.rendering.unwrap().text, "1245319599");
        assert_eq!(line.auth.unwrap().text, "PA-77812");
        assert!(error("line 2026-11-02 61796 auth=1 auth=2").contains("`auth=` is given twice"));
    }

    #[test]
    fn the_claim_line_takes_an_authorisation_after_its_id() {
        let Item::Claim { id, auth } = item("claim SRS-0001 auth=UHC-99812") else {
            panic!()
        };
        assert_eq!(id.unwrap().text, "SRS-0001");
        assert_eq!(auth.unwrap().text, "UHC-99812");
        assert!(error("claim SRS-0001 extra auth=1").contains("a claim id is one word"));
        assert!(error("claim SRS-0001 note=1").contains("unknown attribute `note` on `claim`"));
        assert!(error("claim auth=1").contains("`claim` needs an id"));
    }

    #[test]
    fn attributes_come_in_any_order_and_comments_are_ignored() {
        let Item::Service(line) =
            item("line 11/02/2026..11/03/2026 77372 charge=1 dx=A units=1 # note=x")
        else {
            panic!()
        };
        assert_eq!(line.to.unwrap().text, "11/03/2026");
        assert_eq!(line.units.unwrap().text, "1");
    }

    #[test]
    fn patient_name_runs_until_the_first_attribute() {
        let Item::Patient(p) = item("patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73")
        else {
            panic!()
        };
        assert_eq!(p.name.unwrap().text, "DOE, JANE");
        assert_eq!(p.sex.unwrap().text, "F");
        assert_eq!(p.member.unwrap().text, "1EG4TE5MK73");
    }

    #[test]
    fn payer_is_the_rest_of_the_line() {
        assert_eq!(
            item("payer Blue Cross Blue Shield   # commercial"),
            Item::Payer {
                name: Tok::new("Blue Cross Blue Shield", 6)
            }
        );
    }

    #[test]
    fn clear_messages_for_bad_lines() {
        assert!(error("Claim X").contains("lowercase"));
        assert!(error("charge 12").contains("unknown keyword `charge`"));
        assert!(error("line 2026-11-02 77372 units=").contains("missing value after `units=`"));
        assert!(error("line 2026-11-02 77372 foo").contains("unexpected `foo`"));
        assert!(
            error("line 2026-11-02 77372 modifier=TC").contains("unknown attribute `modifier`")
        );
        assert!(error("line 2026-11-02 77372 units=1 units=2").contains("given twice"));
        assert!(error("line 2026-11-02").contains("needs a procedure code"));
        assert!(error("line 77372 units=1").contains("expected a date"));
        assert!(error("line 2026-11-02 77372- units=1").contains("empty modifier"));
        assert!(error("dx C79.31").contains("pointer letter"));
        assert!(error("claim").contains("needs an id"));
    }

    #[test]
    fn blank_and_comment_lines_are_empty() {
        assert_eq!(item("   "), Item::Empty);
        assert_eq!(item("# just a note"), Item::Empty);
    }

    #[test]
    fn ignore_comments_name_rules_with_spans() {
        let parsed = parse_line(
            "line 2026-11-02 77372-TC # claimls: ignore[pctc-indicator, mue]",
            0,
        );
        let ids: Vec<_> = parsed
            .ignore
            .unwrap()
            .iter()
            .map(|t| (t.text, t.span().start))
            .collect();
        assert_eq!(ids, [("pctc-indicator", 43), ("mue", 59)]);
        let bad = parse_line("pos 11 # claimls: ignore pctc", 0);
        assert!(bad.bad_ignore.is_some());
    }

    #[test]
    fn a_line_of_many_stray_words_gets_a_bounded_number_of_errors() {
        let text = format!("line 2026-11-02 77372 dx=A{}", " x".repeat(5000));
        let parsed = parse_line(&text, 0);
        assert_eq!(parsed.errors.len(), MAX_ERRORS_PER_LINE + 1);
        assert!(
            parsed.errors[MAX_ERRORS_PER_LINE]
                .message
                .starts_with("4990 more syntax errors on this line are not shown"),
            "{}",
            parsed.errors[MAX_ERRORS_PER_LINE].message
        );
    }
}
