//! The rule registry.
//!
//! Each rule lives in its own file with its id, default severity, the docs
//! users read in `docs/rules.md` (what it checks, why payers care, an
//! example and the fix) and its tests. A rule looks at one claim with the
//! knowledge base and reports findings with spans; configuration and payer
//! profiles then decide each finding's final severity (or drop it).

use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::{Fees, IcdCode, IcdOn, Knowledge, Payer, Procedure};
use crate::model::{Claim, Diagnosis, ServiceLine};
use crate::span::Span;

// One file per rule, named after its id, grouped by family (as ruff groups
// its rules): `general`, `modifiers`, `codes`, `diagnoses`, `claim`, `lines`.
pub mod claim;
pub mod codes;
pub mod diagnoses;
pub mod file;
pub mod general;
pub mod lines;
pub mod modifiers;

/// A rule's level: off, or on at a severity (set per rule and per payer
/// profile by the configuration and the profiles).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// `off`, or a severity's name (`error`, `warning`, `information`,
    /// `info`, `hint`).
    pub fn parse(s: &str) -> Option<Level> {
        if s == "off" {
            Some(Level::Off)
        } else {
            Severity::parse(s).map(Level::On)
        }
    }
}

/// A documented check.
pub struct Rule {
    /// Stable id, used in output, config and `# claimls: ignore[…]`.
    pub id: &'static str,
    /// A short title.
    pub title: &'static str,
    pub severity: Severity,
    /// What it checks.
    pub what: &'static str,
    /// Why payers care.
    pub why: &'static str,
    /// A `.claim` snippet that triggers it.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
    /// The check; `None` for rules reported by another layer (syntax,
    /// suppression comments).
    pub check: Option<fn(&ClaimContext<'_, '_>, &mut Findings<'_>)>,
}

/// What a rule sees: one claim, the knowledge base, and today's date.
pub struct ClaimContext<'c, 'a> {
    /// The whole document (spans index into it); for fixes that insert lines.
    pub text: &'a str,
    pub claim: &'c Claim<'a>,
    pub kb: &'c Knowledge,
    pub payer: Option<&'static Payer>,
    pub today: time::Date,
    /// The payer profile's timely filing limit (the configuration's, else
    /// the built-in one), when there is one.
    pub filing_limit: Option<crate::knowledge::Limit>,
    /// Each service line's procedure and each diagnosis's ICD-10-CM entry,
    /// looked up once: several rules ask about every one.
    /// (Inline for a typical claim: no allocation per claim.)
    procedures: smallvec::SmallVec<[Option<&'static Procedure>; 8]>,
    icd: smallvec::SmallVec<[Option<&'static IcdCode>; 4]>,
    /// Where each service line is, in order: [`Findings`] bounds what one
    /// rule reports on one line.
    line_spans: smallvec::SmallVec<[Span; 8]>,
    /// Per diagnosis, its dates of service and what its code is in each
    /// fiscal year billed: seven rules ask, so it is worked out once, on
    /// the first question.
    dx_years: std::cell::OnceCell<Vec<DiagnosisYears>>,
    /// Each service line's fee schedule row for its date of service:
    /// several rules ask for every line.
    fees: std::cell::OnceCell<Vec<Option<Fees<'c>>>>,
}

/// A diagnosis's dates of service and its code's answer per fiscal year.
#[derive(Debug, Default)]
pub struct DiagnosisYears {
    pub dates: smallvec::SmallVec<[time::Date; 4]>,
    /// One answer per fiscal year billed, with the first date in it; with
    /// no date of service, one answer for any bundled year (`None`).
    pub years: smallvec::SmallVec<[(Option<time::Date>, IcdOn); 2]>,
}

impl<'c, 'a> ClaimContext<'c, 'a> {
    pub fn new(
        text: &'a str,
        claim: &'c Claim<'a>,
        kb: &'c Knowledge,
        payer: Option<&'static Payer>,
        today: time::Date,
    ) -> Self {
        ClaimContext {
            text,
            claim,
            kb,
            payer,
            today,
            filing_limit: None,
            procedures: claim
                .lines
                .iter()
                .map(|l| kb.procedure(l.code.text))
                .collect(),
            icd: claim
                .diagnoses
                .iter()
                .map(|d| kb.icd(d.code.text))
                .collect(),
            line_spans: claim.lines.iter().map(|l| l.span).collect(),
            dx_years: std::cell::OnceCell::new(),
            fees: std::cell::OnceCell::new(),
        }
    }

    /// Each service line's fee schedule row for its date of service (the
    /// line's from-date; none when it does not parse), in line order:
    /// [`Knowledge::fees`] asked once per line.
    pub fn line_fees(&self) -> &[Option<Fees<'c>>] {
        self.fees.get_or_init(|| {
            self.claim
                .lines
                .iter()
                .map(|l| {
                    let on = l.from_date.ok()?;
                    self.kb.fees(l.code.text, Some(on))
                })
                .collect()
        })
    }

    /// What [`DiagnosisYears`] says of `dx` (a diagnosis of this claim).
    pub fn diagnosis_years(&self, dx: &Diagnosis<'_>) -> &DiagnosisYears {
        let all = self.dx_years.get_or_init(|| {
            self.claim
                .diagnoses
                .iter()
                .zip(&self.icd)
                .map(|(d, &entry)| {
                    let dates = self.dates_of(d);
                    let mut years: smallvec::SmallVec<[(Option<time::Date>, IcdOn); 2]> =
                        smallvec::SmallVec::new();
                    for &date in &dates {
                        let fy = crate::knowledge::icd_years::code_set(date);
                        if !years.iter().any(|(_, o)| o.fy == fy) {
                            let on =
                                crate::knowledge::icd_years::on_with_entry(d.code.text, entry, fy);
                            years.push((Some(date), on));
                        }
                    }
                    if years.is_empty() {
                        years.push((None, self.kb.icd_on(d.code.text, None)));
                    }
                    DiagnosisYears { dates, years }
                })
                .collect()
        });
        static NONE: std::sync::LazyLock<DiagnosisYears> =
            std::sync::LazyLock::new(DiagnosisYears::default);
        self.claim
            .diagnoses
            .iter()
            .position(|d| std::ptr::eq(d, dx))
            .map_or(&*NONE, |i| &all[i])
    }

    /// The patient's date of birth as written and as a calendar day, when
    /// the claim gives one that is a real day.
    pub fn birth_date(&self) -> Option<(crate::span::Tok<'a>, time::Date)> {
        let dob = self.claim.patient.as_ref()?.dob?;
        let born = crate::values::parse_date(dob.text).ok()?;
        Some((dob, born))
    }

    /// What `dx`'s code is on `date` (from [`Self::diagnosis_years`] when
    /// the date's fiscal year is one it is billed in).
    pub fn icd_on(&self, dx: &Diagnosis<'_>, date: time::Date) -> IcdOn {
        let fy = crate::knowledge::icd_years::code_set(date);
        self.diagnosis_years(dx)
            .years
            .iter()
            .find(|(_, on)| on.fy == fy)
            .map_or_else(|| self.kb.icd_on(dx.code.text, Some(date)), |(_, on)| *on)
    }

    /// The service lines, each with its entry in claimls's procedure list.
    pub fn lines(
        &self,
    ) -> impl Iterator<Item = (&'c ServiceLine<'a>, Option<&'static Procedure>)> + '_ {
        self.claim.lines.iter().zip(self.procedures.iter().copied())
    }

    /// The dates of service a diagnosis is billed on: the from-dates of the
    /// service lines that point to its letter, or of every line when none
    /// does (a diagnosis belongs to the claim); in line order, without
    /// repeats. Lines whose date does not parse are left out.
    pub fn diagnosis_dates(&self, dx: &Diagnosis<'_>) -> &[time::Date] {
        &self.diagnosis_years(dx).dates
    }

    fn dates_of(&self, dx: &Diagnosis<'_>) -> smallvec::SmallVec<[time::Date; 4]> {
        let pointing = |l: &&ServiceLine<'_>| l.pointers.iter().any(|p| p.text == dx.letter.text);
        let any = self.claim.lines.iter().any(|l| pointing(&l));
        let mut out: smallvec::SmallVec<[time::Date; 4]> = smallvec::SmallVec::new();
        for line in self.claim.lines.iter().filter(|l| !any || pointing(l)) {
            if let Ok(date) = line.from_date {
                if !out.contains(&date) {
                    out.push(date);
                }
            }
        }
        out
    }

    /// The `dx` declarations, each with its ICD-10-CM entry.
    pub fn diagnoses(
        &self,
    ) -> impl Iterator<Item = (&'c Diagnosis<'a>, Option<&'static IcdCode>)> + '_ {
        self.claim.diagnoses.iter().zip(self.icd.iter().copied())
    }
}

/// At most this many findings of one rule on one service line are kept; the
/// rest are counted and said once. A real line carries four modifiers and
/// four pointers, so only a pathological line (100,000 modifiers) reaches
/// it, and then it must cost neither minutes nor gigabytes.
pub const MAX_FINDINGS_PER_LINE: usize = 10;

/// Collects a rule's findings, stamping each with the rule's id and default
/// severity, and keeping at most [`MAX_FINDINGS_PER_LINE`] per service line.
pub struct Findings<'c> {
    rule: &'static Rule,
    pub out: Vec<Diagnostic>,
    /// The claim's service lines (empty: no bound).
    line_spans: &'c [Span],
    /// Findings kept per service line (filled on first use).
    kept: smallvec::SmallVec<[u32; 8]>,
    /// Per service line with findings left out: how many, and the first's span.
    dropped: Vec<(usize, usize, Span)>,
    /// What `report` hands out for a finding that is left out (made on
    /// the first one: most rules never leave one out).
    scratch: Option<Diagnostic>,
}

impl<'c> Findings<'c> {
    /// Findings of `rule` on a claim whose service lines are at
    /// `line_spans` (in order).
    pub fn new(rule: &'static Rule, line_spans: &'c [Span]) -> Self {
        Findings {
            rule,
            out: Vec::new(),
            line_spans,
            kept: smallvec::SmallVec::new(),
            dropped: Vec::new(),
            scratch: None,
        }
    }

    /// Records a finding and returns it for the rule to add related spans
    /// and fixes. Past the bound for its line the finding is only counted
    /// (what is returned is then discarded).
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        if let Some(line) = self.service_line(span) {
            if self.kept.is_empty() {
                self.kept.resize(self.line_spans.len(), 0);
            }
            if self.kept[line] as usize >= MAX_FINDINGS_PER_LINE {
                // The line's last entry is the one to count on: a rule
                // reports a line's findings together.
                match self.dropped.iter_mut().rev().find(|(l, _, _)| *l == line) {
                    Some((_, n, _)) => *n += 1,
                    None => self.dropped.push((line, 1, span)),
                }
                let scratch = self.scratch.get_or_insert_with(|| {
                    Diagnostic::new(self.rule.id, self.rule.severity, span, "")
                });
                scratch.related.clear();
                scratch.fixes.clear();
                return scratch;
            }
            self.kept[line] += 1;
        }
        self.out.push(Diagnostic::new(
            self.rule.id,
            self.rule.severity,
            span,
            message,
        ));
        self.out.last_mut().expect("just pushed")
    }

    /// The index of the service line `span` starts on, if any (a `dx` or
    /// header line after a service line is not that service line).
    fn service_line(&self, span: Span) -> Option<usize> {
        let i = self
            .line_spans
            .partition_point(|l| l.start <= span.start)
            .checked_sub(1)?;
        (span.start <= self.line_spans[i].end).then_some(i)
    }

    /// The findings, with one more per line that had some left out.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.add_summaries();
        self.out
    }

    /// Adds, per line with findings left out, one finding that counts them.
    fn add_summaries(&mut self) {
        for (_, n, span) in std::mem::take(&mut self.dropped) {
            let more = if n == 1 {
                "1 more finding of this kind on this line is".to_string()
            } else {
                format!("{n} more findings of this kind on this line are")
            };
            self.out.push(Diagnostic::new(
                self.rule.id,
                self.rule.severity,
                span,
                format!("{more} not shown ({MAX_FINDINGS_PER_LINE} are): fix those first"),
            ));
        }
    }

    /// Moves the findings so far into `into` at `severity`, and starts
    /// over: one collector serves every rule of a claim (making and
    /// dropping one per rule and claim was 5 % of an analysis).
    fn drain_into(&mut self, severity: Severity, into: &mut Vec<Diagnostic>) {
        // Most rules find nothing on most claims.
        if self.out.is_empty() && self.dropped.is_empty() {
            return;
        }
        self.add_summaries();
        into.extend(self.out.drain(..).map(|mut d| {
            d.severity = severity;
            d
        }));
        self.kept.clear();
    }
}

/// Every rule, in documentation order.
pub static RULES: &[&Rule] = &[
    &general::syntax::RULE,
    &general::config::RULE,
    &general::unknown_suppression::RULE,
    &general::letter_case::RULE,
    &general::findings_limit::RULE,
    &modifiers::modifier_conflict::RULE,
    &modifiers::pctc_indicator::RULE,
    &modifiers::bilateral_indicator::RULE,
    &modifiers::assistant_indicator::RULE,
    &modifiers::co_surgeon_indicator::RULE,
    &modifiers::team_surgery_indicator::RULE,
    &modifiers::modifier_unknown::RULE,
    &modifiers::modifier_repeated::RULE,
    &modifiers::too_many_modifiers::RULE,
    &modifiers::modifier_not_applicable::RULE,
    &modifiers::modifier_order::RULE,
    &modifiers::abn_modifier_not_medicare::RULE,
    &codes::code_malformed::RULE,
    &codes::code_unknown::RULE,
    &codes::code_not_in_effect::RULE,
    &codes::medicare_code_invalid::RULE,
    &codes::medicare_code_not_paid::RULE,
    &codes::ncci_ptp::RULE,
    &codes::mue_exceeded::RULE,
    &codes::duplicate_line::RULE,
    &codes::add_on_without_primary::RULE,
    &diagnoses::icd_unknown::RULE,
    &diagnoses::icd_not_billable::RULE,
    &diagnoses::icd_not_in_effect::RULE,
    &diagnoses::dx_pointer_undeclared::RULE,
    // Claim header and values.
    &claim::claim_incomplete::RULE,
    &claim::npi_invalid::RULE,
    &claim::mbi_format::RULE,
    &claim::dob_invalid::RULE,
    &claim::dob_implausible::RULE,
    &claim::sex_invalid::RULE,
    &claim::pos_invalid::RULE,
    &claim::pos_atypical::RULE,
    &claim::technical_part_at_hospital::RULE,
    &lines::date_invalid::RULE,
    &lines::date_future::RULE,
    &lines::date_range_order::RULE,
    &lines::date_span_too_long::RULE,
    &lines::date_span_code::RULE,
    &lines::date_before_birth::RULE,
    &lines::claim_spans_years::RULE,
    &claim::timely_filing::RULE,
    &lines::units_invalid::RULE,
    &lines::charge_invalid::RULE,
    &lines::prior_auth_missing::RULE,
    // Diagnoses.
    &diagnoses::dx_letter_invalid::RULE,
    &diagnoses::dx_letter_duplicate::RULE,
    &diagnoses::dx_too_many::RULE,
    &diagnoses::dx_unused::RULE,
    &diagnoses::dx_pointer_missing::RULE,
    &diagnoses::dx_pointer_count::RULE,
    &diagnoses::dx_pointer_repeated::RULE,
    &diagnoses::icd_format::RULE,
    // The Medicare Code Editor's diagnosis edits.
    &diagnoses::dx_age_conflict::RULE,
    &diagnoses::dx_sex_conflict::RULE,
    &diagnoses::dx_manifestation_first::RULE,
    // The ICD-10-CM tabular list's notes.
    &diagnoses::dx_excludes1::RULE,
    &diagnoses::dx_code_first_missing::RULE,
    &diagnoses::dx_additional_code_missing::RULE,
    // Across the claims of one file.
    &file::course_limit::RULE,
    &file::duplicate_claim::RULE,
];

pub fn get(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// Whether findings of rule `id` may name a line in their message
/// (`duplicate-line`: "repeats line 27"), so that they change when their
/// claim moves. The claim cache analyses only those claims a second time
/// to find out; the property tests in `tests/fuzz.rs` fail if a rule names
/// a line without being listed here.
pub fn names_a_line(id: &str) -> bool {
    id == codes::duplicate_line::RULE.id
}

pub use general::config::RULE as CONFIG;
pub use general::findings_limit::RULE as FINDINGS_LIMIT;
pub use general::letter_case::RULE as LETTER_CASE;
pub use general::syntax::RULE as SYNTAX;
pub use general::unknown_suppression::RULE as UNKNOWN_SUPPRESSION;

/// Runs every claim-level rule that is on at `levels` (one per rule, in
/// `RULES` order: see `Config::levels`) on one claim; findings carry the
/// level's severity. Rules that are off do not run at all.
pub fn check_claim(ctx: &ClaimContext<'_, '_>, levels: &[Level]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut findings: Option<Findings<'_>> = None;
    for (rule, level) in RULES.iter().zip(levels) {
        let (Some(check), Level::On(severity)) = (rule.check, *level) else {
            continue;
        };
        let findings = findings.get_or_insert_with(|| Findings::new(rule, &ctx.line_spans));
        findings.rule = rule;
        check(ctx, findings);
        findings.drain_into(severity, &mut out);
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for rule tests: analyse a snippet, keep one rule's findings.
    use crate::analysis::analyze;
    use crate::config::Config;
    use crate::diagnostic::Diagnostic;

    /// The day rule tests are checked on: the tests' claims are dated in
    /// 2025 and 2026, and checked on the real day they would drift into
    /// `timely-filing` findings as the calendar moves on.
    pub fn test_day() -> time::Date {
        crate::values::parse_date("2026-12-02").expect("a day")
    }

    /// The configuration rule tests run under: the defaults, on [`test_day`].
    pub fn config() -> Config {
        Config {
            today: Some(test_day()),
            ..Config::default()
        }
    }

    pub fn findings(rule: &str, text: &str) -> Vec<Diagnostic> {
        analyze(text, &config())
            .diagnostics
            .into_iter()
            .filter(|d| d.code == rule)
            .collect()
    }

    /// Wraps service/dx lines in a clean Medicare claim header.
    pub fn claim(body: &str) -> String {
        format!(
            "claim T-1\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\n{body}\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            assert!(
                rule.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                rule.id
            );
            for text in [rule.title, rule.what, rule.why, rule.example, rule.fix] {
                assert!(!text.trim().is_empty(), "{} is fully documented", rule.id);
            }
        }
    }

    #[test]
    fn one_line_yields_a_bounded_number_of_findings_and_says_what_was_left_out() {
        // 300 alternating 26/TC pairs used to give 90,600 findings.
        let text = testing::claim(&format!(
            "dx A C79.31\nline 2026-11-02 77372{} dx=A",
            "-26-TC".repeat(300)
        ));
        let all = crate::analysis::analyze(&text, &testing::config()).diagnostics;
        // 600 modifiers: each is a PC/TC error, and all but the first 26
        // and the first TC repeat one.
        for (id, left_out) in [("modifier-repeated", 588), ("pctc-indicator", 590)] {
            let of: Vec<_> = all.iter().filter(|d| d.code == id).collect();
            assert_eq!(of.len(), MAX_FINDINGS_PER_LINE + 1, "{id}: {of:#?}");
            let summary =
                format!("{left_out} more findings of this kind on this line are not shown");
            assert!(
                of.iter().any(|d| d.message.starts_with(&summary)),
                "{id}: {of:#?}"
            );
        }
        let conflicts = all.iter().filter(|d| d.code == "modifier-conflict").count();
        assert_eq!(conflicts, 1, "one pair, said once");
        assert!(all.len() < 40, "{} findings", all.len());
    }

    #[test]
    fn findings_on_other_lines_are_not_held_back_by_a_busy_line() {
        let busy = "-26".repeat(50);
        let text = testing::claim(&format!(
            "dx A C79.31\nline 2026-11-02 77372{busy} dx=A\nline 2026-11-03 77372-26 dx=A\nline 2026-11-04 77372-TC dx=A"
        ));
        let pctc: Vec<_> = crate::analysis::analyze(&text, &testing::config())
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "pctc-indicator")
            .collect();
        // 10 + a summary on the busy line, one each on the other two.
        assert_eq!(pctc.len(), MAX_FINDINGS_PER_LINE + 3, "{pctc:#?}");
    }

    #[test]
    fn a_claim_of_thousands_of_lines_gets_every_duplicate_once() {
        // Pairwise comparisons of lines made this quadratic.
        let lines: String = (0..4000)
            .map(|i| format!("line 2026-11-02 7737{} dx=A\n", i % 4))
            .collect();
        let text = testing::claim(&format!("dx A C79.31\n{lines}"));
        let duplicates = testing::findings("duplicate-line", &text);
        assert_eq!(duplicates.len(), 4000 - 4);
        assert!(
            duplicates[0].message.contains("repeats line 7"),
            "{}",
            duplicates[0].message
        );
    }

    #[test]
    fn findings_on_lines_after_a_service_line_are_not_counted_against_it() {
        // Twelve unknown diagnoses declared after the service line: each is
        // its own line, none is bounded by the service line's count.
        let dx: String = (0..12)
            .map(|i| format!("dx {} C99.{i}\n", (b'A' + i as u8) as char))
            .collect();
        let text = testing::claim(&format!("line 2026-11-02 77372 dx=A\n{dx}"));
        let unknown = testing::findings("icd-unknown", &text);
        assert_eq!(unknown.len(), 12, "{unknown:#?}");
    }

    #[test]
    fn each_rule_lives_in_a_file_named_after_its_id_in_its_family() {
        // rules/<family>/<id with _ for ->.rs, holding that rule alone.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files = std::collections::BTreeMap::new();
        for family in std::fs::read_dir(&root).unwrap().flatten() {
            if !family.path().is_dir() {
                continue;
            }
            for file in std::fs::read_dir(family.path()).unwrap().flatten() {
                let path = file.path();
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                if stem == "mod" {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(
                    text.matches("pub static RULE: Rule").count(),
                    1,
                    "{} holds one rule",
                    path.display()
                );
                files.insert(stem.replace('_', "-"), text);
            }
        }
        for rule in RULES {
            let text = files.get(rule.id).unwrap_or_else(|| {
                panic!("no file rules/<family>/{}.rs", rule.id.replace('-', "_"))
            });
            assert!(
                text.contains(&format!("id: \"{}\"", rule.id)),
                "{}",
                rule.id
            );
        }
        assert_eq!(files.len(), RULES.len(), "a file per rule, a rule per file");
    }
}
