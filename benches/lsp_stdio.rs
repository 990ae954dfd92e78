//! End-to-end figures over stdio, as an editor sees them: drives the
//! release binary with JSON-RPC and prints a table against the targets.
//!
//! ```sh
//! cargo bench --bench lsp_stdio                 # release binary, full sizes
//! cargo bench --bench lsp_stdio -- --quick      # small sizes, a smoke run
//! cargo bench --bench lsp_stdio -- --claimls path/to/claimls --lines 100000 \
//!     --hovers 2000 --edits 300 --check-lines 1000000 --cold 30 --seed 1
//! ```
//!
//! Measures: cold start (spawn → `initialize` result); a fresh server's first
//! diagnostics of a small file (the tables' first use); opening a generated
//! document (didOpen → first publishDiagnostics); hover latency over many
//! positions (request → response); ICD-10-CM completion inside the `dx`
//! codes of the open document (request → response); one-character incremental `didChange` →
//! publishDiagnostics for that version, at many places; a burst of
//! keystrokes; VmRSS/VmHWM from /proc with the document open; and
//! `claimls check` on a generated file of a million lines (wall time, CPU
//! time of the child, throughput). Nothing but the local binary is
//! contacted.
//!
//! The client is the integration tests' (`claimls_test_support::client`):
//! a latency is taken on this thread from sending the request or change to
//! receiving its response or publish, through the client's reader thread.

use claimls_test_support::client::Client;
use claimls_test_support::generator;
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    claimls: String,
    lines: usize,
    hovers: usize,
    completions: usize,
    edits: usize,
    burst: usize,
    check_lines: usize,
    cold: usize,
    seed: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        claimls: env!("CARGO_BIN_EXE_claimls").to_string(),
        lines: 100_000,
        hovers: 2_000,
        completions: 500,
        edits: 300,
        burst: 20,
        check_lines: 1_000_000,
        cold: 30,
        seed: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut num = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match arg.as_str() {
            "--lines" => a.lines = num("--lines"),
            "--hovers" => a.hovers = num("--hovers"),
            "--completions" => a.completions = num("--completions"),
            "--edits" => a.edits = num("--edits"),
            "--burst" => a.burst = num("--burst"),
            "--check-lines" => a.check_lines = num("--check-lines"),
            "--cold" => a.cold = num("--cold"),
            "--seed" => a.seed = num("--seed") as u64,
            "--claimls" => a.claimls = args.next().expect("--claimls needs a path"),
            "--quick" => {
                a.lines = 10_000;
                a.hovers = 200;
                a.completions = 50;
                a.edits = 30;
                a.check_lines = 50_000;
                a.cold = 5;
            }
            // Passed by `cargo bench`; and criterion-style filters.
            _ => {}
        }
    }
    a
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

struct Row {
    what: String,
    value: String,
    target: &'static str,
    verdict: &'static str,
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

/// (line, UTF-16 column) of every service-line token worth hovering.
fn hover_positions(
    text: &str,
    rng: &mut generator::Rng,
    n: usize,
) -> Vec<(u32, u32, &'static str)> {
    let mut candidates: Vec<(u32, u32, &'static str)> = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_start();
        let indent = (line.len() - trimmed.len()) as u32;
        let col = |byte: usize| line[..byte].encode_utf16().count() as u32;
        if trimmed.starts_with("line ") {
            let words: Vec<&str> = trimmed.split(' ').collect();
            if let Some(code) = words.get(2) {
                let code_at = trimmed.find(code).unwrap() as u32 + indent;
                candidates.push((i as u32, code_at + 2, "procedure code"));
                if let Some(dash) = code.find('-') {
                    candidates.push((i as u32, code_at + dash as u32 + 1, "modifier"));
                }
            }
            if let Some(at) = line.find(" dx=") {
                candidates.push((i as u32, col(at + 4), "dx pointer"));
            }
            candidates.push((i as u32, 0, "keyword/nothing"));
        } else if trimmed.starts_with("dx ") {
            candidates.push((i as u32, indent + 6, "ICD-10-CM code"));
        } else if trimmed.starts_with("payer ") {
            candidates.push((i as u32, indent + 7, "payer"));
        }
    }
    (0..n)
        .map(|_| candidates[rng.below(candidates.len())])
        .collect()
}

fn main() {
    let args = parse_args();
    let mut rows: Vec<Row> = Vec::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    println!("claimls stdio harness: {}", args.claimls);
    println!("machine: {cores} cores, {cpu}");

    // 1. Cold start: spawn → initialize result.
    let mut cold = Vec::new();
    for _ in 0..args.cold.max(1) {
        let start = Instant::now();
        let mut lsp = Client::start_with_env(
            &args.claimls,
            &[],
            &[("CLAIMLS_TODAY", generator::Options::RECENT_BATCH_DAY)],
        );
        let r = lsp.initialize(json!({}), Value::Null);
        cold.push(start.elapsed());
        assert!(r.get("result").is_some(), "{r}");
        lsp.shutdown_and_exit();
    }
    cold.sort();
    let cold_p50 = percentile(&cold, 0.5);
    rows.push(Row {
        what: format!(
            "cold start → initialize result, p50 of {} (max {})",
            cold.len(),
            ms(cold[cold.len() - 1])
        ),
        value: ms(cold_p50),
        target: "≤ 50 ms",
        verdict: verdict(cold_p50 <= Duration::from_millis(50)),
    });

    // 1b. First diagnostics of a small file on a fresh server: the first
    // analysis loads the fee schedules, ICD-10-CM and MCE tables it needs.
    let small = include_str!("../examples/srs-problems.claim");
    let mut first = Vec::new();
    for _ in 0..args.cold.max(1) {
        let mut lsp = Client::start_with_env(
            &args.claimls,
            &[],
            &[("CLAIMLS_TODAY", generator::Options::RECENT_BATCH_DAY)],
        );
        lsp.initialize(json!({}), Value::Null);
        let start = Instant::now();
        lsp.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": "file:///claimls-bench/small.claim", "languageId": "claim", "version": 1, "text": small } }),
        );
        let found = lsp
            .diagnostics("file:///claimls-bench/small.claim", Some(1))
            .len();
        first.push(start.elapsed());
        assert!(found > 0);
        lsp.shutdown_and_exit();
    }
    first.sort();
    let first_p50 = percentile(&first, 0.5);
    rows.push(Row {
        what: format!(
            "fresh server: didOpen of a {}-line file → first publishDiagnostics, p50 of {} (max {})",
            small.lines().count(),
            first.len(),
            ms(first[first.len() - 1])
        ),
        value: ms(first_p50),
        target: "≤ 100 ms",
        verdict: verdict(first_p50 <= Duration::from_millis(100)),
    });

    // 2. Open a large document.
    let generated = generator::generate(&generator::Options {
        lines: args.lines,
        seed: args.seed,
        first_day: generator::Options::RECENT_BATCH.0,
        days: generator::Options::RECENT_BATCH.1,
        ..Default::default()
    });
    let text = generated.text;
    let uri = "file:///claimls-bench/big.claim";
    let mut lsp = Client::start_with_env(
        &args.claimls,
        &[],
        &[("CLAIMLS_TODAY", generator::Options::RECENT_BATCH_DAY)],
    );
    lsp.initialize(json!({}), Value::Null);
    let start = Instant::now();
    lsp.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "claim", "version": 1, "text": text } }),
    );
    let found = lsp.diagnostics(uri, Some(1)).len();
    let open = start.elapsed();
    rows.push(Row {
        what: format!(
            "didOpen {} lines ({:.1} MB) → publishDiagnostics ({found} diagnostics, first use of the tables)",
            args.lines,
            text.len() as f64 / 1e6
        ),
        value: ms(open),
        target: "—",
        verdict: "",
    });
    let (rss_open, _) = lsp.memory();

    // 3. Hover at many positions.
    let mut rng = generator::Rng::new(args.seed ^ 0xABCD);
    let positions = hover_positions(&text, &mut rng, args.hovers);
    let mut hovers = Vec::with_capacity(positions.len());
    let mut answered = 0;
    for (line, character, _) in &positions {
        let start = Instant::now();
        let r = lsp.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        hovers.push(start.elapsed());
        if !r["result"].is_null() {
            answered += 1;
        }
    }
    hovers.sort();
    let hover_p99 = percentile(&hovers, 0.99);
    rows.push(Row {
        what: format!(
            "hover on a {}-line document, {} positions ({answered} answered): p50 {} / p95 {} / max {}; p99 →",
            args.lines,
            hovers.len(),
            ms(percentile(&hovers, 0.5)),
            ms(percentile(&hovers, 0.95)),
            ms(hovers[hovers.len() - 1])
        ),
        value: ms(hover_p99),
        target: "p99 ≤ 1 ms",
        verdict: verdict(hover_p99 <= Duration::from_millis(1)),
    });

    // 3b. ICD-10-CM completion: the cursor 1 to 4 characters into a dx code.
    if args.completions > 0 {
        let dx_lines: Vec<(usize, u32)> = text
            .split('\n')
            .enumerate()
            .filter_map(|(i, l)| {
                let t = l.trim_start();
                t.starts_with("dx ")
                    .then(|| (i, (l.len() - t.len()) as u32 + 5))
            })
            .collect();
        let mut times = Vec::with_capacity(args.completions);
        let mut items = 0;
        for _ in 0..args.completions {
            let (line, code_at) = dx_lines[rng.below(dx_lines.len())];
            let character = code_at + rng.range(1, 4);
            let start = Instant::now();
            let r = lsp.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
            );
            times.push(start.elapsed());
            items += r["result"]["items"].as_array().map_or(0, Vec::len);
        }
        times.sort();
        let p99 = percentile(&times, 0.99);
        rows.push(Row {
            what: format!(
                "ICD-10-CM completion inside dx codes of the {}-line document, {} requests ({:.0} items on average): p50 {} / max {}; p99 →",
                args.lines,
                times.len(),
                items as f64 / times.len() as f64,
                ms(percentile(&times, 0.5)),
                ms(times[times.len() - 1])
            ),
            value: ms(p99),
            target: "p99 ≤ 5 ms",
            verdict: verdict(p99 <= Duration::from_millis(5)),
        });
    }

    // 4. One-character edits → diagnostics for that version.
    let lines: Vec<&str> = text.split('\n').collect();
    let service: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("line "))
        .map(|(i, _)| i)
        .collect();
    let mut version = 1;
    let mut edits = Vec::with_capacity(args.edits);
    let mut pending: Option<(usize, u32)> = None;
    for _ in 0..args.edits {
        version += 1;
        // Type a space at the end of a random service line, then delete it.
        let change = match pending.take() {
            None => {
                let line = service[rng.below(service.len())];
                let col = lines[line].encode_utf16().count() as u32;
                pending = Some((line, col));
                json!({ "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col } }, "text": " " })
            }
            Some((line, col)) => {
                json!({ "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 1 } }, "text": "" })
            }
        };
        let start = Instant::now();
        lsp.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        lsp.diagnostics(uri, Some(version));
        edits.push(start.elapsed());
    }
    edits.sort();
    let edit_p95 = percentile(&edits, 0.95);
    rows.push(Row {
        what: format!(
            "keystroke → publishDiagnostics, {} one-character edits at random lines: p50 {} / max {}; p95 →",
            edits.len(),
            ms(percentile(&edits, 0.5)),
            ms(edits[edits.len() - 1])
        ),
        value: ms(edit_p95),
        target: "p95 ≤ 10 ms",
        verdict: verdict(edit_p95 <= Duration::from_millis(10)),
    });

    // 5. A burst of keystrokes on one line, sent without waiting.
    if args.burst > 0 {
        let line = service[rng.below(service.len())];
        let col = lines[line].encode_utf16().count() as u32;
        let start = Instant::now();
        for k in 0..args.burst as u32 {
            version += 1;
            lsp.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [
                    { "range": { "start": { "line": line, "character": col + k }, "end": { "line": line, "character": col + k } }, "text": "x" }
                ] }),
            );
        }
        lsp.diagnostics(uri, Some(version));
        rows.push(Row {
            what: format!(
                "burst of {} keystrokes → diagnostics of the last version",
                args.burst
            ),
            value: ms(start.elapsed()),
            target: "—",
            verdict: "",
        });
    }

    let (rss, hwm) = lsp.memory();
    rows.push(Row {
        what: format!(
            "memory with the {}-line document open, ICD-10-CM table loaded: VmRSS after open {:.1} MB, VmHWM {:.1} MB; VmRSS now →",
            args.lines,
            rss_open as f64 / 1024.0,
            hwm as f64 / 1024.0
        ),
        value: format!("{:.1} MB", rss as f64 / 1024.0),
        target: "≤ 60 MB",
        verdict: verdict(rss <= 60 * 1024),
    });
    lsp.shutdown_and_exit();

    // 6. `claimls check` on a million lines.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.claim");
    let big = generator::generate(&generator::Options {
        lines: args.check_lines,
        seed: args.seed + 1,
        first_day: generator::Options::RECENT_BATCH.0,
        days: generator::Options::RECENT_BATCH.1,
        ..Default::default()
    });
    std::fs::write(&path, &big.text).unwrap();
    let (cpu_before, ticks) = child_cpu_ticks();
    let start = Instant::now();
    let status = Command::new(&args.claimls)
        .env("CLAIMLS_TODAY", generator::Options::RECENT_BATCH_DAY)
        .arg("check")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let wall = start.elapsed();
    let (cpu_after, _) = child_cpu_ticks();
    let cpu = Duration::from_secs_f64((cpu_after - cpu_before) as f64 / ticks as f64);
    rows.push(Row {
        what: format!(
            "claimls check, {} lines ({:.1} MB, {} claims; exit {}): {:.0} MB/s, CPU {:.2} s ({:.2} cores busy); wall →",
            args.check_lines,
            big.text.len() as f64 / 1e6,
            big.claims.len(),
            status.code().unwrap_or(-1),
            big.text.len() as f64 / 1e6 / wall.as_secs_f64(),
            cpu.as_secs_f64(),
            cpu.as_secs_f64() / wall.as_secs_f64()
        ),
        value: format!("{:.2} s", wall.as_secs_f64()),
        target: "≤ 2 s",
        verdict: verdict(wall <= Duration::from_secs(2)),
    });

    println!();
    println!("| measurement | value | target | |");
    println!("|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.what, r.value, r.target, r.verdict
        );
    }
}

/// CPU time (user + system) of waited-for children, in clock ticks, and
/// the ticks per second (Linux `/proc/self/stat`, fields 16 and 17).
fn child_cpu_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): cutime is field 16 → index 13.
    let get = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (get(13) + get(14), 100)
}
