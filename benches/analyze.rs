//! Parse + full validation throughput on one thread: `claimls::analyze`
//! over generated documents of 1k, 10k and 100k lines. Criterion reports
//! the throughput in bytes per second (MiB/s).
//!
//! `cargo bench --bench analyze`

use claimls::{Config, analyze};
use claimls_test_support::generator;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let config = recent_batch_config();
    // Load the embedded tables (ICD-10-CM…) before timing.
    analyze(include_str!("../examples/srs-problems.claim"), &config);
    let mut group = c.benchmark_group("analyze");
    for lines in [1_000, 10_000, 100_000] {
        let text = generator::generate(&generator::Options {
            lines,
            seed: 1,
            first_day: generator::Options::RECENT_BATCH.0,
            days: generator::Options::RECENT_BATCH.1,
            ..Default::default()
        })
        .text;
        group.throughput(Throughput::Bytes(text.len() as u64));
        if lines >= 100_000 {
            group.sample_size(20);
        }
        group.bench_with_input(BenchmarkId::from_parameter(lines), &text, |b, text| {
            b.iter(|| analyze(black_box(text), &config).diagnostics.len())
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
