//! What one keystroke costs the analysis, by document size: a one-character
//! edit inside the middle claim, then `analyze_incremental` with the
//! document's claim cache, on generated documents of 1k, 10k and 100k
//! lines. Beside it, `analyze` of the whole text, which is what the edit
//! would cost without the cache. The incremental cost should follow the
//! edited claim, not the file: the only linear work left is moving the
//! text after the edit and walking the list of claim blocks.
//!
//! `cargo bench --bench incremental`

use claimls::analysis::{ClaimCache, Source, analyze_incremental};
use claimls::{Config, analyze};
use claimls_test_support::generator;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;

fn bench(c: &mut Criterion) {
    let config = Arc::new(recent_batch_config());
    let mut group = c.benchmark_group("keystroke");
    for lines in [1_000, 10_000, 100_000] {
        let text = generator::generate(&generator::Options {
            lines,
            seed: 1,
            first_day: generator::Options::RECENT_BATCH.0,
            days: generator::Options::RECENT_BATCH.1,
            ..Default::default()
        })
        .text;
        // The `units=` value of a service line near the middle: typing
        // there changes that claim's findings, not its neighbours'.
        let middle = claimls::text::floor_char_boundary(&text, text.len() / 2);
        let at = middle + text[middle..].find("units=").expect("a service line") + "units=".len();
        let mut source = Source::new(text.clone());
        let mut cache = ClaimCache::default();
        analyze_incremental(&source, &config, &mut cache);
        group.bench_with_input(BenchmarkId::new("incremental", lines), &lines, |b, _| {
            // Type a digit, then delete it: each iteration is two edits and
            // two analyses, and the document ends where it started.
            b.iter(|| {
                source.replace(at..at, "9");
                let typed = analyze_incremental(&source, &config, &mut cache)
                    .diagnostics
                    .len();
                source.replace(at..at + 1, "");
                let deleted = analyze_incremental(&source, &config, &mut cache)
                    .diagnostics
                    .len();
                black_box((typed, deleted))
            })
        });
        if lines <= 10_000 {
            // The full analysis is measured (with throughput) in `analyze`;
            // two sizes here are enough to show the contrast.
            group.bench_with_input(BenchmarkId::new("full", lines), &text, |b, text| {
                b.iter(|| analyze(black_box(text), &config).diagnostics.len())
            });
        }
    }
    group.finish();

    // One long line, as X12 files often are: applying a keystroke (the
    // LSP edit located in the rope, then the same edit on the contiguous
    // mirror with its line index and claim blocks) must not cost a walk
    // along the line. What remains grows with the document, not the line:
    // moving the bytes after the edit.
    let mut group = c.benchmark_group("long_line_edit");
    for chars in [100_000usize, 1_000_000, 4_000_000] {
        let segment = "NM1*85*2*CLINIC*****XX*1234567893~";
        let text: String = segment.repeat(chars / segment.len() + 1)[..chars].to_string();
        let mut document = claimls::lsp::documents::OpenDocument::new(text, 1);
        let at = claimls::lsp::documents::Pos {
            line: 0,
            column: chars / 2,
        };
        let mut version = 1;
        group.bench_with_input(
            BenchmarkId::new("type_and_delete", chars),
            &chars,
            |b, _| {
                b.iter(|| {
                    for (range, text) in [
                        ((at, at), "x"),
                        (
                            (
                                at,
                                claimls::lsp::documents::Pos {
                                    line: 0,
                                    column: at.column + 1,
                                },
                            ),
                            "",
                        ),
                    ] {
                        version += 1;
                        let change = claimls::lsp::documents::Change {
                            range: Some(range),
                            text: text.to_string(),
                        };
                        document
                            .apply(version, &[change], claimls::text::ColumnUnit::Utf16)
                            .expect("newer version");
                    }
                    black_box(document.text().len())
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// The defaults, checked on the day the generated batch is recent for (its
/// claims within every filing limit: the finding density of a batch as a
/// biller sends it).
fn recent_batch_config() -> Config {
    Config {
        today: claimls::values::parse_date(generator::Options::RECENT_BATCH_DAY).ok(),
        ..Config::default()
    }
}
