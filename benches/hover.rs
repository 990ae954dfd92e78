//! `claimls::hover::hover` on an open 100k-line document, at the start,
//! the middle and the end, on a procedure code, a modifier and a diagnosis.
//! This is the library call alone (no LSP, no rope → String copy); the
//! stdio harness (`benches/lsp_stdio.rs`) measures the end-to-end figure.
//!
//! `cargo bench --bench hover`

use claimls::Config;
use claimls::hover::hover;
use claimls_test_support::generator;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// Byte offset of the first `needle` at or after `from`, plus `extra`.
fn offset_of(text: &str, from: usize, needle: &str, extra: usize) -> usize {
    from + text[from..].find(needle).expect("needle in document") + extra
}

fn bench(c: &mut Criterion) {
    let config = recent_batch_config();
    let text = generator::generate(&generator::Options {
        lines: 100_000,
        seed: 1,
        first_day: generator::Options::RECENT_BATCH.0,
        days: generator::Options::RECENT_BATCH.1,
        ..Default::default()
    })
    .text;
    let middle = text.len() / 2;
    let late = text.len() * 9 / 10;
    let cases = [
        ("code-start", offset_of(&text, 0, " 77372 ", 2)),
        ("code-middle", offset_of(&text, middle, " 77372 ", 2)),
        ("modifier-middle", offset_of(&text, middle, "-26", 2)),
        ("dx-middle", offset_of(&text, middle, "dx A C", 6)),
        ("pointer-end", offset_of(&text, late, " dx=A", 4)),
        ("whitespace-end", text.len() - 1),
    ];
    for (_, offset) in &cases {
        // Warm the tables; a hover that answers nothing would measure little.
        let _ = hover(&text, *offset, &config);
    }
    let mut group = c.benchmark_group("hover-100k-lines");
    group.sample_size(30);
    for (name, offset) in cases {
        group.bench_function(name, |b| {
            b.iter(|| hover(black_box(&text), black_box(offset), &config).map(|h| h.markdown.len()))
        });
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
