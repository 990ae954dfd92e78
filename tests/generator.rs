//! The claim generator behind the benches (`claimls_test_support::generator`):
//! deterministic, exact in size, and every problem it injects is found by
//! claimls — exactly those, on exactly those claims.

use claimls::{Config, analyze};
use claimls_test_support::generator;
use generator::{Options, generate};

#[test]
fn same_seed_same_file_and_exact_line_count() {
    let options = Options {
        lines: 3000,
        seed: 42,
        ..Options::default()
    };
    let a = generate(&options);
    let b = generate(&options);
    assert_eq!(a.text, b.text);
    assert_eq!(a.text.lines().count(), 3000);
    assert!(a.text.ends_with('\n'));
    let other = generate(&Options {
        seed: 43,
        ..options
    });
    assert_ne!(a.text, other.text);
}

#[test]
fn curated_codes_are_what_they_claim_to_be() {
    let kb = claimls::knowledge::Knowledge::embedded();
    for (_, code) in generator::DX_COMMON {
        let entry = kb.icd(code).unwrap_or_else(|| panic!("{code} exists"));
        assert!(entry.billable, "{code} is billable");
    }
    for code in generator::DX_HEADERS {
        let entry = kb.icd(code).unwrap_or_else(|| panic!("{code} exists"));
        assert!(!entry.billable, "{code} is a header");
    }
    for code in generator::DX_UNKNOWN {
        assert!(kb.icd(code).is_none(), "{code} is not a code");
    }
}

/// With many injected problems, claimls reports exactly one finding per
/// problem, of the injected kind, on the injected claim — and nothing on
/// the clean claims.
#[test]
fn claimls_finds_exactly_the_injected_problems() {
    for seed in 1..=6 {
        // A batch dated as a biller sends it, checked on its day: every
        // claim within its filing limit, so `timely-filing` must stay quiet.
        let generated = generate(&Options {
            lines: 2500,
            seed,
            problem_rate: 0.5,
            first_day: Options::RECENT_BATCH.0,
            days: Options::RECENT_BATCH.1,
        });
        let config = Config {
            today: claimls::values::parse_date(Options::RECENT_BATCH_DAY).ok(),
            ..Config::default()
        };
        let analysis = analyze(&generated.text, &config);
        let mut found: Vec<(String, String)> = analysis
            .diagnostics
            .iter()
            .map(|d| {
                let claim = generated.claim_at(d.span.start).unwrap_or("?").to_string();
                (claim, d.code.to_string())
            })
            .collect();
        let mut expected: Vec<(String, String)> = generated
            .problems
            .iter()
            .map(|p| (p.claim.clone(), p.kind.to_string()))
            .collect();
        found.sort();
        expected.sort();
        assert!(expected.len() > 50, "seed {seed}: {}", expected.len());
        if found != expected {
            let missing: Vec<_> = expected.iter().filter(|e| !found.contains(e)).collect();
            let extra: Vec<_> = found.iter().filter(|f| !expected.contains(f)).collect();
            let context: Vec<String> = extra
                .iter()
                .take(3)
                .map(|(claim, _)| {
                    let start = generated.claims.iter().find(|(_, c)| c == claim).unwrap().0;
                    generated.text[start..]
                        .split("\n\n")
                        .take(2)
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect();
            panic!(
                "seed {seed}: missing {missing:?}\nextra {extra:?}\n{}",
                context.join("\n---\n")
            );
        }
    }
}
