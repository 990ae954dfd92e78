//! The one entry point: text + configuration → diagnostics.
//!
//! The CLI, the language server and the tests all call [`analyze`] (and the
//! queries in [`crate::hover`]); nothing outside this crate reaches deeper.

use crate::config::{Config, Level};
use crate::diagnostic::Diagnostic;
use crate::rules::{self, ClaimContext};
use crate::syntax::{self, Document};
use crate::text::LineIndex;
use std::sync::Arc;

/// The result of analysing one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Sorted by position; suppressed and disabled findings removed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks `text`.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    fault_injection(text);
    let mut diagnostics = Vec::new();
    for (start, end, first_line) in syntax::claim_blocks(text) {
        diagnostics.extend(analyze_block(text, start, end, first_line, config));
    }
    finish(diagnostics)
}

/// Like [`analyze`], spreading the claims over `threads` threads (used by
/// `claimls check` on large files; claims are independent, so the result is
/// the same).
pub fn analyze_parallel(text: &str, config: &Config, threads: usize) -> Analysis {
    /// Below this size a thread costs more than it saves.
    const MIN_PARALLEL_BYTES: usize = 1 << 20;
    if threads < 2 || text.len() < MIN_PARALLEL_BYTES {
        return analyze(text, config);
    }
    fault_injection(text);
    let blocks = syntax::claim_blocks(text);
    // Contiguous chunks of about equal size, one per thread.
    let share = text.len().div_ceil(threads);
    let mut chunks: Vec<&[(usize, usize, usize)]> = Vec::new();
    let mut rest = &blocks[..];
    while !rest.is_empty() {
        let limit = rest[0].0 + share;
        let n = rest.iter().take_while(|b| b.0 < limit).count().max(1);
        chunks.push(&rest[..n]);
        rest = &rest[n..];
    }
    let diagnostics = std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .flat_map(|&(start, end, line)| {
                            analyze_block(text, start, end, line, config)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    finish(diagnostics)
}

/// Like [`analyze`], reusing the findings of every claim whose text did not
/// change since the last call with the same `cache` (and configuration):
/// an edit costs the claims it touches, not the size of the file. Every
/// rule sees one claim, so a claim's findings depend on its text alone.
pub fn analyze_incremental(text: &str, config: &Arc<Config>, cache: &mut ClaimCache) -> Analysis {
    fault_injection(text);
    let today = config.today();
    // The cache holds the configuration it was filled under, so that one
    // cannot be freed and another allocated at its address meanwhile.
    let same = cache
        .config
        .as_ref()
        .is_some_and(|c| Arc::ptr_eq(c, config))
        && cache.today == Some(today);
    if !same {
        cache.blocks.clear();
        cache.config = Some(config.clone());
        cache.today = Some(today);
    }
    let mut previous = std::mem::take(&mut cache.blocks);
    cache.blocks.reserve(previous.len());
    let mut diagnostics = Vec::new();
    cache.reused = 0;
    for (start, end, first_line) in syntax::claim_blocks(text) {
        let block = &text[start..end];
        // Findings are stored relative to the block's start; the line a
        // suppression names is relative too, via the block's own parse.
        // Reuse the stored key too: copying every claim's text on every
        // keystroke would cost about as much as the lookup saves.
        let (key, relative) = match previous.remove_entry(block) {
            Some(found) => {
                cache.reused += 1;
                found
            }
            None => {
                let found = analyze_block(text, start, end, first_line, config);
                let relative = found
                    .into_iter()
                    .map(|d| shift(d, -(start as isize)))
                    .collect();
                (block.into(), relative)
            }
        };
        diagnostics.extend(relative.iter().cloned().map(|d| shift(d, start as isize)));
        cache.blocks.insert(key, relative);
    }
    finish(diagnostics)
}

/// Per-document memory of claim findings, for [`analyze_incremental`].
#[derive(Default)]
pub struct ClaimCache {
    /// The configuration and day the findings were made for.
    config: Option<Arc<Config>>,
    today: Option<time::Date>,
    /// Claim block text → its findings, spans relative to the block.
    blocks: rustc_hash::FxHashMap<Box<str>, Vec<Diagnostic>>,
    reused: usize,
}

impl ClaimCache {
    /// How many claim blocks the last analysis took from the cache.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

fn shift(mut d: Diagnostic, delta: isize) -> Diagnostic {
    d.span = d.span.shifted(delta);
    for r in &mut d.related {
        r.span = r.span.shifted(delta);
    }
    for fix in &mut d.fixes {
        for (span, _) in &mut fix.edits {
            *span = span.shifted(delta);
        }
    }
    d
}

fn finish(mut diagnostics: Vec<Diagnostic>) -> Analysis {
    diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then(a.code.cmp(b.code)));
    Analysis { diagnostics }
}

/// Checks one claim block (or the text before the first claim).
fn analyze_block(
    text: &str,
    start: usize,
    end: usize,
    first_line: usize,
    config: &Config,
) -> Vec<Diagnostic> {
    let doc = syntax::parse_range(text, start, end, first_line);
    let mut diagnostics = document_diagnostics(&doc, config);
    let today = config.today();
    for claim in &doc.claims {
        let payer = claim.payer.and_then(|p| config.knowledge.payer(p.text));
        let ctx = ClaimContext::new(text, claim, &config.knowledge, payer, today);
        // As `profiles::profile_for`, without looking the payer up twice.
        let profile = payer.map_or("default", |p| p.profile.as_str());
        diagnostics.extend(rules::check_claim(&ctx, &config.levels(profile)));
    }
    // Line numbers only matter to suppression comments, which are rare:
    // most claims skip this pass over their text.
    if !doc.suppressions.is_empty() && !diagnostics.is_empty() {
        let index = LineIndex::new(&text[start..end]);
        apply_suppressions(
            &doc,
            |offset| first_line + index.line_of(offset - start),
            &mut diagnostics,
        );
    }
    diagnostics
}

/// Test hook, compiled into debug builds only: with `CLAIMLS_FAULT_INJECTION`
/// set, a text containing `claimls-test-panic` makes the analysis panic, so
/// the integration tests can prove a panic never takes the server down.
pub fn fault_injection(text: &str) {
    if cfg!(debug_assertions)
        && text.contains("claimls-test-panic")
        && std::env::var_os("CLAIMLS_FAULT_INJECTION").is_some()
    {
        panic!("injected fault (CLAIMLS_FAULT_INJECTION)");
    }
}

/// Findings about the document itself rather than a claim's content.
fn document_diagnostics(doc: &Document<'_>, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Most blocks have nothing to report here: skip the level lookups.
    if doc.errors.is_empty() && doc.suppressions.is_empty() && doc.bad_suppressions.is_empty() {
        return out;
    }
    let level = |rule| config.level(rule, "default");
    if let Level::On(severity) = level(&rules::SYNTAX) {
        for error in &doc.errors {
            out.push(Diagnostic::new(
                rules::SYNTAX.id,
                severity,
                error.span,
                &error.message,
            ));
        }
    }
    if let Level::On(severity) = level(&rules::UNKNOWN_SUPPRESSION) {
        for suppression in &doc.suppressions {
            for id in &suppression.rules {
                if rules::get(id.text).is_none() {
                    out.push(Diagnostic::new(
                        rules::UNKNOWN_SUPPRESSION.id,
                        severity,
                        id.span,
                        format!("`{}` is not a claimls rule id, so this ignore comment silences nothing", id.text),
                    ));
                }
            }
        }
        for span in &doc.bad_suppressions {
            out.push(Diagnostic::new(
                rules::UNKNOWN_SUPPRESSION.id,
                severity,
                *span,
                "write the ignore comment as `claimls: ignore[RULE-ID]` (several ids separated by commas)",
            ));
        }
    }
    out
}

/// Drops findings silenced by a `# claimls: ignore[…]` on their line.
fn apply_suppressions(
    doc: &Document<'_>,
    line_of: impl Fn(usize) -> usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.retain(|d| {
        let line = line_of(d.span.start);
        !doc.suppressions.iter().any(|s| {
            s.line == line
                && d.code != rules::UNKNOWN_SUPPRESSION.id
                && s.rules.iter().any(|id| id.text == d.code)
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = include_str!("../examples/srs-linac-medicare.claim");
    const CLEAN_AETNA: &str = include_str!("../examples/gamma-knife-aetna.claim");
    /// The patient and provider lines a complete claim needs.
    const PARTIES: &str =
        "patient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\n";

    #[test]
    fn the_issue_example_has_no_diagnostics() {
        for text in [CLEAN, CLEAN_AETNA] {
            let analysis = analyze(text, &Config::default());
            assert!(
                analysis.diagnostics.is_empty(),
                "{:#?}",
                analysis.diagnostics
            );
        }
    }

    #[test]
    fn incremental_analysis_equals_analysis_from_scratch_and_reuses_unchanged_claims() {
        let problems = include_str!("../examples/srs-problems.claim");
        let base = format!(
            "{CLEAN}{problems}{}",
            include_str!("../examples/gamma-knife-aetna.claim")
        );
        let config = Arc::new(Config::default());
        let mut cache = ClaimCache::default();
        let edits = [
            base.clone(),
            base.replace("77372-TC", "77372"),
            base.replace("dx B C34.1 ", "dx B C34.11"),
            base.replace(
                "claim GK-2026-0114",
                "claim GK-2026-0114 # claimls: ignore[claim-incomplete]",
            ),
            format!("payer Medicare\n{base}"),
            base.replace("claim SRS-0099", "claimx SRS-0099"),
            String::new(),
            base.clone(),
        ];
        for text in &edits {
            let incremental = analyze_incremental(text, &config, &mut cache);
            assert_eq!(incremental.diagnostics, analyze(text, &config).diagnostics);
        }
        // One claim edited: the other two come from the cache.
        let edited = base.replace("units=2 dx=A,D", "units=1 dx=A");
        analyze_incremental(&edited, &config, &mut cache);
        assert_eq!(
            cache.reused(),
            3,
            "the leading comment block and two untouched claims"
        );
    }

    #[test]
    fn a_new_configuration_never_reuses_findings_made_under_the_old_one() {
        let text = "claim X\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372-TC dx=A\n";
        let mut cache = ClaimCache::default();
        let codes = |a: Analysis| a.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
        {
            let (off, _) = Config::from_toml("[rules]\npctc-indicator = \"off\"\n", "t", None);
            let off = Arc::new(off);
            assert!(
                !codes(analyze_incremental(text, &off, &mut cache)).contains(&"pctc-indicator")
            );
        } // Dropped here: the next Arc could land at the same address.
        let default = Arc::new(Config::default());
        assert!(codes(analyze_incremental(text, &default, &mut cache)).contains(&"pctc-indicator"));
    }

    #[test]
    fn parallel_analysis_equals_sequential_analysis() {
        let problems = include_str!("../examples/scrubber-tour.claim");
        let big = problems.repeat((2 << 20) / problems.len() + 1);
        let config = Config::default();
        let sequential = analyze(&big, &config).diagnostics;
        assert!(!sequential.is_empty());
        assert_eq!(analyze_parallel(&big, &config, 2).diagnostics, sequential);
        assert_eq!(analyze_parallel(&big, &config, 3).diagnostics, sequential);
    }

    #[test]
    fn an_ignore_comment_silences_only_its_rule_on_its_line() {
        let text = format!(
            "claim X\npayer Medicare\n{PARTIES}dx A C79.31\nline 2026-11-02 77372-TC units=2 dx=A # claimls: ignore[pctc-indicator]\nline 2026-11-03 77372-TC dx=A\n"
        );
        let codes: Vec<_> = analyze(&text, &Config::default())
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(codes, ["mue-exceeded", "pctc-indicator"]);
    }

    #[test]
    fn payer_profiles_and_config_set_severity() {
        use crate::diagnostic::Severity;
        let text = |payer: &str| {
            format!("claim X\npayer {payer}\n{PARTIES}dx A C79.31\nline 2026-11-02 77372-TC dx=A\n")
        };
        let severity =
            |payer: &str, config: &Config| analyze(&text(payer), config).diagnostics[0].severity;
        assert_eq!(severity("Medicare", &Config::default()), Severity::Error);
        assert_eq!(severity("Aetna", &Config::default()), Severity::Warning);
        let (config, _) = Config::from_toml(
            "[payers.aetna.rules]\npctc-indicator = \"error\"\n",
            "t",
            None,
        );
        assert_eq!(severity("Aetna", &config), Severity::Error);
        let (off, _) = Config::from_toml("[rules]\npctc-indicator = \"off\"\n", "t", None);
        assert!(analyze(&text("Medicare"), &off).diagnostics.is_empty());
    }
}
