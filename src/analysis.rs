//! The one entry point: text + configuration → diagnostics.
//!
//! The CLI, the language server and the tests all call [`analyze`] (and the
//! queries in [`crate::hover`]); nothing outside this crate reaches deeper.

use crate::config::{Config, Level};
use crate::diagnostic::Diagnostic;
use crate::rules::{self, ClaimContext};
use crate::syntax::{self, Document};
use crate::text::LineIndex;

/// The result of analysing one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Sorted by position; suppressed and disabled findings removed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks `text`.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    fault_injection(text);
    let doc = syntax::parse(text);
    let index = LineIndex::new(text);
    let mut diagnostics = document_diagnostics(&doc, config);
    let today = config.today();
    for claim in &doc.claims {
        let payer_text = claim.payer.map(|p| p.text);
        let ctx = ClaimContext {
            claim,
            kb: &config.knowledge,
            payer: payer_text.and_then(|p| config.knowledge.payer(p)),
            today,
        };
        let profile = crate::profiles::profile_for(payer_text);
        for mut diagnostic in rules::check_claim(&ctx) {
            let rule = rules::get(diagnostic.code).expect("findings carry registered ids");
            match config.level(rule, profile) {
                Level::Off => continue,
                Level::On(severity) => diagnostic.severity = severity,
            }
            diagnostics.push(diagnostic);
        }
    }
    apply_suppressions(&doc, &index, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then(a.code.cmp(b.code)));
    Analysis { diagnostics }
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
fn apply_suppressions(doc: &Document<'_>, index: &LineIndex, diagnostics: &mut Vec<Diagnostic>) {
    if doc.suppressions.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let line = index.line_of(d.span.start);
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
