//! Realistic claims with the findings a coder expects, each with its source
//! (`tests/fixtures/realistic/*.claim`): `claimls check --format json`, run
//! as a user runs it, must report exactly the rule ids on each claim's
//! `# expect:` line (`clean`: none), no more and no fewer.

mod common;

use common::repo;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Per claim id: its first and last line (1-based) and its expected rule ids.
fn expectations(text: &str) -> BTreeMap<String, (usize, usize, BTreeSet<String>)> {
    let mut out = BTreeMap::new();
    let mut pending: Option<BTreeSet<String>> = None;
    let mut current: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(ids) = line.strip_prefix("# expect:") {
            let ids: BTreeSet<String> = ids
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| s != "clean" && !s.is_empty())
                .collect();
            pending = Some(ids);
        } else if let Some(rest) = line.strip_prefix("claim ") {
            let id = rest.split_whitespace().next().unwrap().to_string();
            let expected = pending
                .take()
                .unwrap_or_else(|| panic!("claim {id} has no `# expect:` line"));
            out.insert(id.clone(), (n, n, expected));
            current = Some(id);
        } else if !line.trim().is_empty() && !line.starts_with('#') {
            let id = current.as_ref().expect("a line inside a claim");
            out.get_mut(id).unwrap().1 = n;
        }
    }
    out
}

#[test]
fn each_realistic_claim_gets_exactly_the_findings_its_source_expects() {
    let dir = repo().join("tests/fixtures/realistic");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "claim") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expectations(&text);
        // The claims are dated for this day; `--as-of` wins over any
        // CLAIMLS_TODAY in the environment.
        let out = Command::new(env!("CARGO_BIN_EXE_claimls"))
            .args(["check", "--format", "json", "--as-of", "2026-12-02"])
            .arg(&path)
            .current_dir(repo())
            .output()
            .unwrap();
        let findings: Vec<Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        let mut actual: BTreeMap<&str, BTreeSet<String>> = expected
            .keys()
            .map(|k| (k.as_str(), BTreeSet::new()))
            .collect();
        for f in &findings {
            let line = f["line"].as_u64().unwrap() as usize;
            let (id, _) = expected
                .iter()
                .find(|(_, (first, last, _))| *first <= line && line <= *last)
                .unwrap_or_else(|| panic!("a finding outside every claim: {f}"));
            actual
                .get_mut(id.as_str())
                .unwrap()
                .insert(f["code"].as_str().unwrap().to_string());
        }
        let mut wrong = Vec::new();
        for (id, (_, _, want)) in &expected {
            let got = &actual[id.as_str()];
            if got != want {
                wrong.push(format!("{id}: expected {want:?}, got {got:?}"));
            }
            checked += 1;
        }
        assert!(
            wrong.is_empty(),
            "{}:\n{}\n{findings:#?}",
            path.display(),
            wrong.join("\n")
        );
    }
    assert!(checked >= 30, "{checked} claims checked");
}
