//! Writes a realistic, synthetic `.claim` file of any size to stdout.
//!
//! ```sh
//! cargo run --release --example gen_claims -- --lines 100000 --seed 1 > big.claim
//! cargo run --release --example gen_claims -- --lines 1000 --seed 7 --truth truth.tsv > small.claim
//! ```
//!
//! Options: `--lines N` (exact line count, default 1000), `--seed S`
//! (default 1; the same seed gives the same file), `--problem-rate P`
//! (share of claims with one injected problem, default 0.04), `--truth FILE`
//! (writes `claim<TAB>problem-kind` for each injected problem), `--recent`
//! (dates a batch as a biller sends it on 2026-12-02: services from
//! 2026-10-08 on, within every filing limit; the benchmarks' documents;
//! check it with `--as-of 2026-12-02`). A summary
//! goes to stderr. The generator itself is `claimls_test_support::generator`
//! (`crates/claimls-test-support/src/generator.rs`).

use claimls_test_support::generator;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut options = generator::Options::default();
    let mut truth: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let result = match arg.as_str() {
            "--lines" => value("--lines").and_then(|v| {
                v.parse()
                    .map(|n| options.lines = n)
                    .map_err(|e| format!("--lines: {e}"))
            }),
            "--seed" => value("--seed").and_then(|v| {
                v.parse()
                    .map(|n| options.seed = n)
                    .map_err(|e| format!("--seed: {e}"))
            }),
            "--problem-rate" => value("--problem-rate").and_then(|v| {
                v.parse()
                    .map(|p| options.problem_rate = p)
                    .map_err(|e| format!("--problem-rate: {e}"))
            }),
            "--truth" => value("--truth").map(|v| truth = Some(v)),
            "--recent" => {
                (options.first_day, options.days) = generator::Options::RECENT_BATCH;
                Ok(())
            }
            "-h" | "--help" => {
                println!(
                    "usage: gen_claims [--lines N] [--seed S] [--problem-rate P] [--truth FILE] [--recent] > out.claim"
                );
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(e) = result {
            eprintln!("gen_claims: {e}");
            return ExitCode::from(2);
        }
    }
    let generated = generator::generate(&options);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if out
        .write_all(generated.text.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    if let Some(path) = truth {
        let mut tsv = String::from("claim\tkind\n");
        for p in &generated.problems {
            tsv.push_str(&format!("{}\t{}\n", p.claim, p.kind));
        }
        if let Err(e) = std::fs::write(&path, tsv) {
            eprintln!("gen_claims: cannot write {path}: {e}");
            return ExitCode::from(1);
        }
    }
    let mut counts: Vec<(&str, usize)> = generator::PROBLEM_KINDS
        .iter()
        .map(|k| {
            (
                *k,
                generated.problems.iter().filter(|p| p.kind == *k).count(),
            )
        })
        .collect();
    counts.retain(|(_, n)| *n > 0);
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{k}={n}")).collect();
    eprintln!(
        "gen_claims: {} lines, {} bytes, {} claims, {} service lines, {} injected problems ({})",
        options.lines,
        generated.text.len(),
        generated.claims.len(),
        generated.service_lines,
        generated.problems.len(),
        summary.join(", ")
    );
    ExitCode::SUCCESS
}
