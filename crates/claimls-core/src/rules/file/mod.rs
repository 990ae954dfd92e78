//! Rules across the claims of one file: a treatment course billed over
//! several claims, a claim sent twice.
//!
//! Every other rule sees one claim, which is what lets the language server
//! reuse a claim's findings while other claims change. These two need the
//! whole file, so each claim leaves a small [`ClaimDigest`] (cached with its
//! findings) and [`check_file`] compares the digests on every analysis:
//! a pass over a few facts per claim, not a second parse.

pub mod course_limit;
pub mod duplicate_claim;

use crate::diagnostic::Diagnostic;
use crate::rules::{ClaimContext, Level};
use crate::span::Span;
use crate::values::parse_units;
use std::hash::{Hash, Hasher};

/// The rules of this family, in the order of [`ClaimDigest::levels`].
pub static FILE_RULES: [&crate::rules::Rule; 2] = [&course_limit::RULE, &duplicate_claim::RULE];

/// What the file-wide rules need to know of one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimDigest {
    /// Whose claim it is: a hash of the member id, else of the name and
    /// date of birth, in capitals without separators; `None` when the
    /// claim does not say. (Hashes, not text: the file pass compares every
    /// claim on every keystroke, and owned strings cost allocations.)
    pub patient: Option<u64>,
    /// The `claim` keyword (claim-level findings point here; the id that
    /// messages quote is read after it).
    pub anchor: Span,
    /// A hash of who bills whom for what: patient, payer, billing provider
    /// and every service line's dates, code, modifiers (in any order),
    /// performer and units. `None` when the claim cannot be compared: no
    /// patient, no lines, or a line claimls cannot read.
    pub services: Option<u64>,
    /// The level of each rule of [`FILE_RULES`] for this claim's payer.
    pub levels: [Level; 2],
    /// Whether `# claimls: ignore[duplicate-claim]` stands on the claim line.
    pub duplicate_ignored: bool,
    /// The lines whose codes count toward a course limit.
    pub course_lines: Vec<CourseLine>,
}

/// A service line that counts toward a course limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseLine {
    /// Index into [`crate::knowledge::Knowledge::course_limits`].
    pub group: u8,
    /// Which of the group's codes (index into its `codes`).
    pub code: u8,
    /// A hash of the performer's NPI as written (0: none given).
    pub performer: u64,
    pub from: time::Date,
    pub units: u32,
    /// The procedure code as written (findings point here).
    pub span: Span,
    /// Whether `# claimls: ignore[course-limit]` stands on the line.
    pub ignored: bool,
}

impl ClaimDigest {
    /// The digest of one claim. `levels`: the claim's rule levels (one per
    /// rule, in `RULES` order); `ignored(line, rule)`: whether a suppression
    /// comment silences `rule` on 0-based `line`.
    pub fn new(
        ctx: &ClaimContext<'_, '_>,
        levels: &[Level],
        ignored: impl Fn(usize, &str) -> bool,
    ) -> ClaimDigest {
        let claim = ctx.claim;
        // Where this family's rules sit in `RULES`, found once.
        static AT: std::sync::LazyLock<[Option<usize>; 2]> = std::sync::LazyLock::new(|| {
            FILE_RULES.map(|rule| crate::rules::RULES.iter().position(|r| r.id == rule.id))
        });
        let level_of = |i: usize| {
            AT[i]
                .and_then(|at| levels.get(at).copied())
                .unwrap_or(Level::On(FILE_RULES[i].severity))
        };
        let patient = patient_key(claim);
        let mut course_lines = Vec::new();
        // One mistake, one finding: an exact duplicate line is
        // `duplicate-line`'s, units above the daily MUE are
        // `mue-exceeded`'s; neither counts again toward a course.
        // (A set: a pathological claim of thousands of lines stays linear.)
        let mut seen: rustc_hash::FxHashSet<crate::rules::codes::duplicate_line::ServiceKey<'_>> =
            Default::default();
        for line in &claim.lines {
            let Some((group, code)) =
                ctx.kb
                    .course_limits()
                    .iter()
                    .enumerate()
                    .find_map(|(g, limit)| {
                        let c = limit
                            .codes
                            .iter()
                            .position(|c| crate::text::same(c, line.code.text))?;
                        Some((g, c))
                    })
            else {
                continue;
            };
            if !line.comparable() {
                continue;
            }
            let units = line.units.map_or(Some(1), |u| parse_units(u.text));
            let (Ok(from), Some(units)) = (line.from_date, units) else {
                continue;
            };
            if let Some(key) = crate::rules::codes::duplicate_line::service_key(claim, line) {
                if !seen.insert(key) {
                    continue;
                }
            }
            let units = match (ctx.kb.mue(line.code.text), line.days()) {
                (Some(mue), Some((first, last))) => {
                    let days = (last - first).whole_days() as u32 + 1;
                    units.min(mue.units.saturating_mul(days))
                }
                _ => units,
            };
            let crate::model::Label::Line(n) = line.label else {
                continue;
            };
            course_lines.push(CourseLine {
                group: group as u8,
                code: code as u8,
                performer: claim.performer(line).map_or(0, hash_text),
                from,
                units,
                span: line.code.span(),
                ignored: ignored(n, course_limit::RULE.id),
            });
        }
        ClaimDigest {
            services: services_hash(ctx, patient),
            patient,
            anchor: claim.anchor,
            levels: [level_of(0), level_of(1)],
            duplicate_ignored: ignored(claim.first_line, duplicate_claim::RULE.id),
            course_lines,
        }
    }
}

/// Whose claim it is, as a key: a hash of the member id, else of the name
/// and date of birth; letters in capitals, separators dropped
/// (`1EG4-TE5-MK73` is `1EG4TE5MK73`).
fn patient_key(claim: &crate::model::Claim<'_>) -> Option<u64> {
    let patient = claim.patient.as_ref()?;
    let mut hasher = rustc_hash::FxHasher::default();
    let mut add = |tag: u8, s: &str| {
        hasher.write_u8(tag);
        // Member ids and most names are ASCII: byte by byte, no char
        // decoding (every claim's key is made on every full analysis).
        if s.is_ascii() {
            for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
                hasher.write_u32(u32::from(b.to_ascii_uppercase()));
            }
            return;
        }
        for c in s.chars().filter(|c| c.is_alphanumeric()) {
            for upper in c.to_uppercase() {
                hasher.write_u32(upper as u32);
            }
        }
    };
    if let Some(member) = patient.member {
        add(b'm', member.text);
    } else {
        let (name, dob) = (patient.name?, patient.dob?);
        add(b'n', name.text);
        add(b'd', dob.text);
    }
    Some(hasher.finish())
}

/// Spreads a hash's bits before it is summed with others (FxHash's low
/// bits are weak, and a sum of weak hashes collides easily).
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A hash of `text` as written (an NPI, a modifier).
fn hash_text(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    // 0 means "none given".
    hasher.finish().max(1)
}

/// See [`ClaimDigest::services`].
fn services_hash(ctx: &ClaimContext<'_, '_>, patient: Option<u64>) -> Option<u64> {
    let claim = ctx.claim;
    let patient = patient?;
    if claim.lines.is_empty() {
        return None;
    }
    // One hash per line, combined by a sum: the order of the lines (and of
    // a line's modifiers) does not matter, and nothing is allocated or
    // sorted per line.
    let mut lines: u64 = 0;
    for line in &claim.lines {
        // A line claimls cannot read (a half-typed code or date, bad units)
        // says nothing certain: the claim is not compared at all.
        if !line.comparable() {
            return None;
        }
        let from = line.from_date.ok()?;
        let to = match line.to_date {
            Some(to) => Some(to.ok()?),
            None => None,
        };
        let units = match line.units {
            Some(u) => parse_units(u.text)?,
            None => 1,
        };
        let mut hasher = rustc_hash::FxHasher::default();
        (from, to, units, claim.performer(line)).hash(&mut hasher);
        for b in line.code.text.bytes() {
            hasher.write_u8(b.to_ascii_uppercase());
        }
        let modifiers = line
            .modifiers
            .iter()
            .map(|m| hash_text(m.text))
            .fold(0u64, u64::wrapping_add);
        hasher.write_u64(modifiers);
        lines = lines.wrapping_add(mix(hasher.finish()));
    }
    let mut hasher = rustc_hash::FxHasher::default();
    patient.hash(&mut hasher);
    ctx.payer
        .map(|p| p.name.as_str())
        .or(claim.payer.map(|p| p.text))
        .map(str::to_ascii_uppercase)
        .hash(&mut hasher);
    claim
        .billing_provider
        .as_ref()
        .and_then(|p| p.npi)
        .map(|n| n.text)
        .hash(&mut hasher);
    lines.hash(&mut hasher);
    Some(hasher.finish())
}

/// The findings of the file-wide rules over the digests of one file's
/// claims, in document order. `line_of(offset)`: the 0-based line of a
/// byte offset (messages name lines); `course_gap_days`: a gap between two
/// service dates longer than this starts a new course.
/// Each digest comes with how far its spans are from where its claim is
/// now (the cache keeps them relative to their claim block).
pub fn check_file(
    text: &str,
    digests: &[(isize, &ClaimDigest)],
    line_of: &mut dyn FnMut(usize) -> usize,
    course_gap_days: u32,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let repeats = duplicate_claim::check(text, digests, line_of, &mut out);
    // A claim sent twice is one mistake: its course is counted once.
    let counted: Vec<(isize, &ClaimDigest)> = if repeats.is_empty() {
        digests.to_vec()
    } else {
        digests
            .iter()
            .enumerate()
            .filter(|(i, _)| repeats.binary_search(i).is_err())
            .map(|(_, d)| *d)
            .collect()
    };
    course_limit::check(&counted, line_of, course_gap_days, &mut out);
    out
}

/// The id of the claim whose `claim` keyword is at `anchor` in `text`.
pub(crate) fn claim_id(text: &str, anchor: Span) -> &str {
    text.get(anchor.end..)
        .and_then(|rest| rest.split_whitespace().next())
        .filter(|w| !w.contains('='))
        .unwrap_or("")
}

/// "line 12", "lines 12 and 30", "lines 12, 14 and 30" (1-based).
pub(crate) fn name_lines(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().map(|l| (l + 1).to_string()).collect();
    let word = if shown.len() == 1 { "line" } else { "lines" };
    format!("{word} {}", crate::text::join_words(&shown, "and"))
}
