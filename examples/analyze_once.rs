//! Analyses one generated document once, after warming the tables, for
//! instruction-count profiling (`scripts/callgrind_analyze.sh`). Counts from
//! callgrind do not move with the machine's load, unlike wall-clock time, so
//! they decide whether a speed change is kept.
//!
//! ```sh
//! cargo run --release --example analyze_once -- 100000
//! # or 200 times over, for a sampling profiler (`perf record`):
//! cargo run --release --example analyze_once -- 100000 200
//! ```

use claimls::{Config, analyze};
use claimls_test_support::generator;
use std::hint::black_box;

/// The one function callgrind collects in (`--toggle-collect`).
#[inline(never)]
fn measured(text: &str, config: &Config) -> usize {
    analyze(black_box(text), config).diagnostics.len()
}

fn main() {
    let arg = |n: usize, default: usize| {
        std::env::args()
            .nth(n)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (lines, repeat) = (arg(1, 100_000), arg(2, 1));
    let text = generator::generate(&generator::Options {
        lines,
        seed: 1,
        first_day: generator::Options::RECENT_BATCH.0,
        days: generator::Options::RECENT_BATCH.1,
        ..Default::default()
    })
    .text;
    let config = recent_batch_config();
    // Load the embedded tables (ICD-10-CM…) outside the measured call.
    analyze(include_str!("../examples/srs-problems.claim"), &config);
    let mut findings = 0;
    for _ in 0..repeat {
        findings = measured(&text, &config);
    }
    eprintln!("{lines} lines, {} bytes, {findings} findings", text.len());
}

/// The defaults, checked on the day the generated batch is recent for (its
/// claims within every filing limit: the finding density of a batch as a
/// biller sends it).
fn recent_batch_config() -> Config {
    Config {
        today: claimls::values::parse_date(generator::Options::RECENT_BATCH_DAY).ok(),
        ..Config::default()
    }
}
