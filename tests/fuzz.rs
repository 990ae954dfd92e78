//! Property tests (proptest, stable Rust).
//!
//! (a) Any text — random characters, random bytes read as UTF-8 lossily,
//! near-valid claim text glued from fragments, and generated claim files
//! with random cuts and insertions — goes through `claimls::analyze` and
//! `claimls::hover::hover` at arbitrary offsets without a panic or a hang,
//! and every span they return lies inside the document on char boundaries.
//!
//! (b) Random edit sequences applied incrementally to an
//! `OpenDocument` give exactly the text that a plain `String`
//! model gives, in its rope (the document of record) and in its
//! contiguous `Source` mirror alike, with the line index and claim blocks it keeps up to date
//! equal to those of the model's text and `analyze_incremental` after
//! every edit equal to `analyze` of the model's text from scratch; with LSP's clamping written out independently here:
//! a line past the end is the end of the document, a column past the end of
//! its line is the end of that line (a line break is never split), a column
//! inside a character (half a surrogate pair, inside a UTF-8 sequence) is
//! that character's start; line breaks are `\n`, `\r\n` and `\r`.
//!
//! The case counts keep `cargo test` well under two minutes on two cores;
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz` runs longer.

use claimls::analysis::{ClaimCache, analyze_incremental};
use claimls::lsp::documents::{Change, ChangeError, OpenDocument, Pos};
use claimls::text::ColumnUnit;
use claimls::{Config, analyze};
use claimls_test_support::generator;
use proptest::prelude::*;
use proptest::sample::Index;
use std::sync::LazyLock;
use std::time::Duration;

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default_cases: u32) -> ProptestConfig {
    let cases = cases(default_cases);
    ProptestConfig {
        cases,
        max_global_rejects: 1_024 + cases / 4,
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

static CONFIG: LazyLock<Config> = LazyLock::new(Config::default);

/// A generous bound on one case: a hang fails the test instead of
/// stalling CI (debug builds; the documents here are small).
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// (a) analysis and hover never panic, never hang, and stay in bounds
// ---------------------------------------------------------------------------

fn check_span(text: &str, start: usize, end: usize, what: &str) -> Result<(), String> {
    if start > end || end > text.len() {
        return Err(format!(
            "{what}: span {start}..{end} outside 0..{}",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!(
            "{what}: span {start}..{end} not on char boundaries"
        ));
    }
    Ok(())
}

/// Analyses `text` and hovers at `offsets` on a worker thread; fails on a
/// panic, a hang or a span out of bounds.
fn analyse_and_hover(text: String, offsets: Vec<usize>) -> Result<(), TestCaseError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        let result = (|| -> Result<(), String> {
            let analysis = analyze(&text, &CONFIG);
            for d in &analysis.diagnostics {
                check_span(&text, d.span.start, d.span.end, d.code)?;
                for r in &d.related {
                    check_span(&text, r.span.start, r.span.end, d.code)?;
                }
            }
            for &offset in &offsets {
                if let Some(h) = claimls::hover::hover(&text, offset, &CONFIG) {
                    check_span(&text, h.span.start, h.span.end, "hover")?;
                    if h.markdown.is_empty() {
                        return Err(format!("empty hover at {offset}"));
                    }
                }
            }
            Ok(())
        })();
        let _ = tx.send(result);
    });
    match rx.recv_timeout(CASE_TIMEOUT) {
        Ok(Ok(())) => {
            let _ = worker.join();
            Ok(())
        }
        Ok(Err(message)) => Err(TestCaseError::fail(message)),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            let panic = worker.join().err().and_then(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            });
            Err(TestCaseError::fail(format!("panicked: {panic:?}")))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "no answer within {CASE_TIMEOUT:?} (a hang?)"
        ))),
    }
}

/// Characters weighted towards what claim text is made of.
fn claim_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::sample::select(
            "abcdeflinpxyACDGTXZ0123456789 =-,.$#:/[]_".chars().collect::<Vec<_>>()
        ),
        2 => prop::sample::select(vec!['\n', '\r', '\t', ' ']),
        1 => prop::sample::select(vec!['é', '診', '🦀', '\u{FEFF}', '\u{200B}', '\0', 'İ', 'ß']),
        1 => any::<char>(),
    ]
}

fn random_text() -> impl Strategy<Value = String> {
    prop::collection::vec(claim_char(), 0..600).prop_map(|cs| cs.into_iter().collect())
}

fn random_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..600)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Statements, near-misses and junk glued with random separators.
fn near_valid() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => prop::sample::select(generator::FRAGMENTS.to_vec()).prop_map(str::to_string),
        1 => prop::collection::vec(claim_char(), 0..12)
            .prop_map(|cs| cs.into_iter().collect::<String>()),
    ];
    let sep = prop::sample::select(vec![
        "\n", "\n", "\n", "\r\n", "\r", " ", "", "\n\n", " # x\n",
    ]);
    prop::collection::vec((piece, sep), 0..80).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(p, s)| [p, s.to_string()])
            .collect()
    })
}

/// A generated claim file with random cuts and insertions.
fn mutated_claims() -> impl Strategy<Value = String> {
    let edit = (
        any::<Index>(),
        0usize..40,
        prop::sample::select(generator::FRAGMENTS.to_vec()),
    );
    (1u64..1_000, prop::collection::vec(edit, 0..12)).prop_map(|(seed, edits)| {
        let mut text = generator::generate(&generator::Options {
            lines: 120,
            seed,
            problem_rate: 0.3,
            ..Default::default()
        })
        .text;
        for (at, cut, insert) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(start..end, insert);
        }
        text
    })
}

fn offsets() -> impl Strategy<Value = Vec<Index>> {
    prop::collection::vec(any::<Index>(), 1..12)
}

/// Hover offsets: anywhere in the text, a few past its end, and (on
/// purpose) inside multi-byte characters too.
fn pick(text: &str, picks: &[Index]) -> Vec<usize> {
    picks.iter().map(|i| i.index(text.len() + 8)).collect()
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn random_characters_never_break_analysis_or_hover(text in random_text(), at in offsets()) {
        let offsets = pick(&text, &at);
        analyse_and_hover(text, offsets)?;
    }

    #[test]
    fn random_bytes_never_break_analysis_or_hover(text in random_bytes(), at in offsets()) {
        let offsets = pick(&text, &at);
        analyse_and_hover(text, offsets)?;
    }

    #[test]
    fn near_valid_claims_never_break_analysis_or_hover(text in near_valid(), at in offsets()) {
        let offsets = pick(&text, &at);
        analyse_and_hover(text, offsets)?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn mutated_generated_claims_never_break_analysis_or_hover(text in mutated_claims(), at in offsets()) {
        let offsets = pick(&text, &at);
        analyse_and_hover(text, offsets)?;
    }
}

/// Hover and the rules agree: on the token where a finding starts, the
/// hover (when there is one) lists that finding as the rule made it; and no
/// hover states a verdict of its own.
fn hover_shows_the_rules_verdicts(text: &str) -> Result<(), TestCaseError> {
    let config = Config::default();
    let analysis = claimls::analyze(text, &config);
    for d in &analysis.diagnostics {
        let Some(h) = claimls::hover::hover(text, d.span.start, &config) else {
            continue;
        };
        let listed = format!("`{}`: {}", d.code, d.message);
        prop_assert!(
            h.markdown.contains(&listed),
            "the hover at {} does not list {listed}\n{}",
            d.span.start,
            h.markdown
        );
        for phrase in [
            "within the limit",
            "no conflict found",
            "is not valid here",
            "a typical site",
        ] {
            prop_assert!(
                !h.markdown.contains(phrase),
                "hover's own verdict `{phrase}`: {}",
                h.markdown
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn hover_lists_the_findings_the_rules_make_on_generated_claims(text in mutated_claims()) {
        hover_shows_the_rules_verdicts(&text)?;
    }
}

#[test]
fn a_non_ascii_dx_code_does_not_panic() {
    for code in ["C79.31🦀", "C7é", "CÉ9.31", "C79.3診"] {
        let text = format!("claim X\npayer Medicare\ndx A {code}\nline 2026-11-02 77372 dx=A\n");
        let result = std::panic::catch_unwind(|| analyze(&text, &CONFIG).diagnostics.len());
        assert!(result.is_ok(), "analyze panicked on `dx A {code}`");
    }
}

// ---------------------------------------------------------------------------
// (b) incremental edits on a document == the same edits on a String
// ---------------------------------------------------------------------------

/// (start, end of content) of each line; line breaks `\n`, `\r\n`, `\r`.
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push((start, i));
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, b.len()));
    lines
}

fn width(ch: char, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Char => 1,
        ColumnUnit::Utf16 => ch.len_utf16(),
        ColumnUnit::Utf8 => ch.len_utf8(),
    }
}

/// The byte offset of an LSP position in the model, clamped.
fn model_offset(text: &str, pos: Pos, unit: ColumnUnit) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(pos.line) else {
        return text.len();
    };
    let mut seen = 0;
    for (i, ch) in text[start..end].char_indices() {
        let w = width(ch, unit);
        if seen + w > pos.column {
            return start + i;
        }
        seen += w;
    }
    end
}

#[derive(Clone, Debug)]
struct Edit {
    /// None: replace the whole text.
    range: Option<((usize, usize), (usize, usize))>,
    text: String,
    /// Send an old version instead of a new one.
    stale: bool,
}

fn inserted_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "", "a", "x", " ", "\n", "\r", "\r\n", "\n\r", "🦀", "é", "診", "ab\ncd", "\r\r\n", "🦀\n🦀",
            "line 2026-11-02 77372 dx=A\n", "claim X\n", "claim", "\nclaim Y", "c", "  claim Z # z\r\n",
        ])
        .prop_map(str::to_string),
        1 => prop::collection::vec(claim_char(), 0..8).prop_map(|cs| cs.into_iter().collect()),
    ]
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    // Lines and columns a little past what the documents have, so clamping
    // is exercised; columns often land inside surrogate pairs and UTF-8
    // sequences because the texts are full of 🦀, é and 診.
    let pos = (0usize..14, 0usize..24);
    let edit = (
        prop::option::weighted(0.95, (pos.clone(), pos)),
        inserted_text(),
        prop::bool::weighted(0.08),
    )
        .prop_map(|(range, text, stale)| Edit { range, text, stale });
    prop::collection::vec(edit, 0..40)
}

fn initial_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(
            prop::sample::select(vec![
                "ab",
                "🦀",
                "é",
                "診",
                "\n",
                "\r\n",
                "\r",
                " ",
                "line 77372"
            ]),
            0..30
        )
        .prop_map(|p| p.concat()),
        near_valid(),
    ]
}

fn unit() -> impl Strategy<Value = ColumnUnit> {
    prop::sample::select(vec![ColumnUnit::Utf16, ColumnUnit::Utf8, ColumnUnit::Char])
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn incremental_edits_match_a_string_model(start in initial_text(), edits in edits(), unit in unit()) {
        let mut doc = OpenDocument::new(start.clone(), 1);
        let config = std::sync::Arc::new(Config::default());
        let mut cache = ClaimCache::default();
        let mut model = start.clone();
        let mut version = 1;
        for (n, edit) in edits.iter().enumerate() {
            let change = Change {
                range: edit.range.map(|((l0, c0), (l1, c1))| {
                    (Pos { line: l0, column: c0 }, Pos { line: l1, column: c1 })
                }),
                text: edit.text.clone(),
            };
            if edit.stale {
                let got = version - (n as i32 % 2);
                let result = doc.apply(got, std::slice::from_ref(&change), unit);
                prop_assert_eq!(result, Err(ChangeError::Stale { have: version, got }));
            } else {
                version += 1;
                doc.apply(version, std::slice::from_ref(&change), unit).expect("a newer version applies");
                match change.range {
                    None => model = change.text.clone(),
                    Some((a, b)) => {
                        let a = model_offset(&model, a, unit);
                        let b = model_offset(&model, b, unit);
                        model.replace_range(a.min(b)..a.max(b), &change.text);
                    }
                }
            }
            // The rope (the document of record) and its contiguous mirror
            // both follow every edit, refused ones included.
            prop_assert_eq!(doc.rope().to_string(), model.as_str(), "rope after edit {} ({:?}) in {:?}", n, edit, unit);
            prop_assert_eq!(doc.text(), model.as_str(), "after edit {} ({:?}) in {:?}", n, edit, unit);
            // The snapshot the server analyses must follow every edit too:
            // its line index, and its claim blocks through the analysis.
            let snapshot = doc.snapshot();
            prop_assert_eq!(snapshot.text(), model.as_str(), "snapshot after edit {}", n);
            let lines = model_lines(&model);
            prop_assert_eq!(snapshot.index().line_count(), lines.len(), "snapshot lines after edit {}", n);
            for (i, &(line_start, _)) in lines.iter().enumerate() {
                prop_assert_eq!(snapshot.index().line_start(i), Some(line_start), "line {} after edit {}", i, n);
            }
            // Sometimes skip the analysis, so that one run covers several edits.
            if n % 3 != 1 {
                prop_assert_eq!(
                    analyze_incremental(&snapshot, &config, &mut cache).diagnostics,
                    analyze(&model, &config).diagnostics,
                    "incremental analysis after edit {}", n
                );
            }
        }
        prop_assert_eq!(doc.version, version);
    }

    /// Several changes in one `didChange` apply in order, each on the text
    /// the previous one left.
    #[test]
    fn batched_changes_match_the_model(start in initial_text(), edits in edits(), unit in unit()) {
        let changes: Vec<Change> = edits
            .iter()
            .map(|e| Change {
                range: e.range.map(|((l0, c0), (l1, c1))| {
                    (Pos { line: l0, column: c0 }, Pos { line: l1, column: c1 })
                }),
                text: e.text.clone(),
            })
            .collect();
        let mut doc = OpenDocument::new(start.clone(), 1);
        doc.apply(2, &changes, unit).expect("applies");
        let mut model = start;
        for change in &changes {
            match change.range {
                None => model = change.text.clone(),
                Some((a, b)) => {
                    let a = model_offset(&model, a, unit);
                    let b = model_offset(&model, b, unit);
                    model.replace_range(a.min(b)..a.max(b), &change.text);
                }
            }
        }
        prop_assert_eq!(doc.rope().to_string(), model.as_str());
        prop_assert_eq!(doc.text(), model);
    }
}

/// The model's clamping agrees with the examples in `documents.rs`.
#[test]
fn the_model_clamps_like_the_documented_examples() {
    let p = |line, column| Pos { line, column };
    assert_eq!(model_offset("ab\r\ncd", p(0, 99), ColumnUnit::Utf16), 2);
    assert_eq!(model_offset("ab\r\ncd", p(9, 0), ColumnUnit::Utf16), 6);
    assert_eq!(model_offset("🦀x", p(0, 1), ColumnUnit::Utf16), 0);
    assert_eq!(model_offset("🦀x", p(0, 2), ColumnUnit::Utf16), 4);
    assert_eq!(model_offset("é診", p(0, 1), ColumnUnit::Utf8), 0);
    assert_eq!(model_offset("é診", p(0, 2), ColumnUnit::Utf8), 2);
    assert_eq!(model_offset("a\rb", p(1, 5), ColumnUnit::Char), 3);
}
