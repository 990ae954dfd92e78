//! `claimls check` and `claimls rules`, run as a user runs them.

mod common;

use common::repo;
use serde_json::Value;
use std::process::{Command, Output};

fn claimls(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimls"))
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run claimls")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn a_realistic_clean_claim_per_payer_has_no_finding_at_all() {
    // One clean claim for each payer profile: Medicare, Aetna, BCBS, Cigna,
    // UnitedHealthcare, and a payer without a profile (the default).
    let clean = [
        "examples/srs-linac-medicare.claim",
        "examples/gamma-knife-aetna.claim",
        "examples/sbrt-lung-bcbs.claim",
        "examples/srs-professional-cigna.claim",
        "examples/srs-neurosurgery-uhc.claim",
        "examples/srs-humana.claim",
    ];
    let mut args = vec!["check"];
    args.extend(clean);
    let out = claimls(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "0 errors, 0 warnings, 0 information, 0 hints in 6 files\n"
    );
    let profiles: Vec<&str> = clean
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(repo().join(f)).unwrap();
            let payer = text
                .lines()
                .find_map(|l| l.strip_prefix("payer "))
                .unwrap()
                .to_string();
            claimls::profiles::profile_for(&claimls::knowledge::Knowledge::embedded(), Some(&payer))
        })
        .collect();
    assert_eq!(
        profiles,
        ["medicare", "aetna", "bcbs", "cigna", "uhc", "default"]
    );
}

#[test]
fn the_scrubber_tour_triggers_every_rule_family() {
    let out = claimls(&["check", "examples/scrubber-tour.claim"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for rule in [
        "pctc-indicator",
        "modifier-conflict",
        "modifier-unknown",
        "modifier-order",
        "modifier-not-applicable",
        "bilateral-indicator",
        "assistant-indicator",
        "co-surgeon-indicator",
        "team-surgery-indicator",
        "add-on-without-primary",
        "date-before-birth",
        "claim-spans-years",
        "abn-modifier-not-medicare",
        "technical-part-at-hospital",
        "prior-auth-missing",
        "timely-filing",
        "date-span-too-long",
        "date-span-code",
        "course-limit",
        "duplicate-claim",
        "dx-excludes1",
        "dx-code-first-missing",
        "dx-additional-code-missing",
        "letter-case",
        "code-malformed",
        "code-unknown",
        "medicare-code-invalid",
        "medicare-code-not-paid",
        "ncci-ptp",
        "mue-exceeded",
        "duplicate-line",
        "icd-not-billable",
        "icd-unknown",
        "icd-format",
        "dx-letter-duplicate",
        "dx-letter-invalid",
        "dx-pointer-undeclared",
        "dx-pointer-missing",
        "dx-unused",
        "dob-invalid",
        "sex-invalid",
        "mbi-format",
        "npi-invalid",
        "date-invalid",
        "date-range-order",
        "units-invalid",
        "charge-invalid",
        "pos-atypical",
        "claim-incomplete",
        "icd-not-in-effect",
        "dx-age-conflict",
        "dx-sex-conflict",
        "dx-manifestation-first",
    ] {
        assert!(
            text.contains(&format!("[{rule}]")),
            "{rule} missing from:\n{text}"
        );
    }
}

#[test]
fn text_output_is_path_line_col_severity_rule_message_then_a_summary() {
    let out = claimls(&["check", "examples/srs-problems.claim"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"examples/srs-problems.claim:11:23: error[pctc-indicator]: TC is not allowed on 77372: its PC/TC indicator is 3, technical-only code: the code already is the technical part (staff and equipment), or the service is covered only as a technical service: 26 and TC do not apply"),
        "{text}"
    );
    for rule in [
        "icd-not-billable",
        "icd-unknown",
        "ncci-ptp",
        "modifier-conflict",
        "mue-exceeded",
        "dx-pointer-undeclared",
        "syntax",
    ] {
        assert!(text.contains(&format!("error[{rule}]")), "{rule} in {text}");
    }
    assert!(
        text.contains("warning[dx-unused]: diagnosis C (C79.99)"),
        "{text}"
    );
    assert_eq!(
        *lines.last().unwrap(),
        "8 errors, 1 warning, 0 information, 0 hints in 1 file"
    );
}

#[test]
fn json_output_has_one_based_character_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("u.claim");
    // "é診🦀" before the code: 3 characters, 9 bytes, 4 UTF-16 units.
    std::fs::write(
        &file,
        "claim é診🦀\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\ndx A C79.31\nline 2026-11-02 77372-TC dx=A\n",
    )
    .unwrap();
    let out = claimls(&["check", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r["file"], file.to_str().unwrap());
    assert_eq!(
        (r["line"].as_u64(), r["column"].as_u64()),
        (Some(6), Some(23))
    );
    assert_eq!(
        (r["end_line"].as_u64(), r["end_column"].as_u64()),
        (Some(6), Some(25))
    );
    assert_eq!(r["severity"], "error");
    assert_eq!(r["code"], "pctc-indicator");
    assert!(r["message"].as_str().unwrap().contains("77372"));

    std::fs::write(&file, "claim é診🦀 extra\n").unwrap();
    let out = claimls(&["check", "--format", "json", file.to_str().unwrap()]);
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let syntax = records.iter().find(|r| r["code"] == "syntax").unwrap();
    assert_eq!(
        syntax["column"], 11,
        "columns count characters, not bytes: {records:?}"
    );
}

#[test]
fn a_directory_means_every_claim_file_below_it() {
    let out = claimls(&["check", "--format", "json", "examples"]);
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut files: Vec<&str> = records
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        [
            "examples/scrubber-tour.claim",
            "examples/srs-problems.claim"
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unreadable_and_non_utf8_files_exit_2_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("latin1.claim");
    std::fs::write(&binary, b"claim X\npatient MU\xd1OZ\n").unwrap();
    let out = claimls(&[
        "check",
        "missing.claim",
        binary.to_str().unwrap(),
        "examples/srs-problems.claim",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot read missing.claim"), "{err}");
    assert!(err.contains("latin1.claim:2:11: not UTF-8 text"), "{err}");
    assert!(
        stdout(&out).contains("error[pctc-indicator]"),
        "the good file was checked"
    );
}

#[test]
fn usage_problems_exit_2() {
    assert_eq!(claimls(&["check"]).status.code(), Some(2));
    assert_eq!(
        claimls(&["check", "--format", "xml", "examples"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(claimls(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn config_files_apply_and_their_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let claim = dir.path().join("a.claim");
    std::fs::copy(repo().join("examples/srs-problems.claim"), &claim).unwrap();
    // Found automatically beside the file.
    std::fs::write(
        dir.path().join("claimls.toml"),
        "[rules]\npctc-indicator = \"off\"\n",
    )
    .unwrap();
    let out = claimls(&["check", claim.to_str().unwrap()]);
    assert!(!stdout(&out).contains("pctc-indicator"), "{}", stdout(&out));

    // Given explicitly, with a mistake: one located diagnostic, defaults elsewhere.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[rules]\nmue-exceeded = \"loud\"\n").unwrap();
    let out = claimls(&[
        "check",
        "--config",
        bad.to_str().unwrap(),
        claim.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{}:2:1: error[config]: `mue-exceeded` = \"loud\"",
            bad.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("error[pctc-indicator]"),
        "defaults still apply: {text}"
    );
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let out = claimls(&["rules"]);
    let committed = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    assert!(
        stdout(&out) == committed,
        "docs/rules.md is stale: run `cargo run -- rules > docs/rules.md`"
    );
}

#[test]
fn the_users_cms_tables_change_the_findings_and_their_bad_rows_are_reported() {
    let out = claimls(&["check", "tests/fixtures/with-cms-tables/user-tables.claim"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // One malformed row in each CMS fixture, located in claimls.toml.
    let config_errors: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("error[config]"))
        .collect();
    assert_eq!(config_errors.len(), 3, "{text}");
    assert!(
        config_errors[0].contains("with-cms-tables/claimls.toml:3:"),
        "{text}"
    );
    assert!(
        config_errors[0].contains("`../cms/ncci-ptp-practitioner.txt` line 12:"),
        "{text}"
    );
    // 77336 has bilateral indicator 9 in the user's MPFS file; 27447 has 1.
    assert!(
        text.contains(
            "error[bilateral-indicator]: 50 is not allowed on 77336: its bilateral surgery indicator is 9"
        ),
        "{text}"
    );
    assert!(!text.contains("27447"), "{text}");
    // The user's MUE (2) and PTP row (indicator 1, bypassed by XS) replace the embedded ones.
    assert!(
        !text.contains("mue-exceeded") && !text.contains("77371"),
        "{text}"
    );
    // A dated edit from the user's PTP table, with its CMS rationale.
    assert!(
        text.contains("error[ncci-ptp]: 77300 and 77301 cannot be billed on the same date")
            || text.contains("error[ncci-ptp]: 77301 and 77300 cannot be billed on the same date"),
        "{text}"
    );
    assert!(
        text.contains("CMS rationale: CPT Manual or CMS manual coding instruction"),
        "{text}"
    );
    assert_eq!(
        *lines.last().unwrap(),
        "5 errors, 0 warnings, 0 information, 0 hints in 1 file"
    );
}

/// Runs claimls with a time limit: a check that blocks on its input must
/// fail the test, not hang it.
fn claimls_within(args: &[&str], seconds: u64) -> Output {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimls"))
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .args(args)
        .current_dir(repo())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run claimls");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("claimls {args:?} did not end within {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
    Output {
        status,
        stdout: out,
        stderr: err,
    }
}

#[test]
fn inputs_that_are_not_regular_files_are_refused_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.claim");
    let made_fifo = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut args = vec!["check", "/dev/zero", "examples/srs-problems.claim"];
    let fifo_arg = fifo.to_str().unwrap().to_string();
    if made_fifo {
        args.push(&fifo_arg);
    }
    let out = claimls_within(&args, 20);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot read /dev/zero: it is a device, not a regular file"),
        "{err}"
    );
    if made_fifo {
        assert!(
            err.contains("pipe.claim: it is a named pipe (FIFO), not a regular file"),
            "{err}"
        );
    }
    assert!(stdout(&out).contains("error[pctc-indicator]"));
    // A configuration that is not a regular file is refused the same way.
    let out = claimls_within(
        &[
            "check",
            "--config",
            "/dev/zero",
            "examples/srs-problems.claim",
        ],
        20,
    );
    assert!(
        stdout(&out).contains("cannot read configuration: it is a device, not a regular file"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn symlinked_claim_files_are_followed_without_looping_and_an_empty_folder_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::copy(
        repo().join("examples/srs-problems.claim"),
        real.join("a.claim"),
    )
    .unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    std::os::unix::fs::symlink(real.join("a.claim"), batch.join("linked.claim")).unwrap();
    // A link back up the tree, and a link to nothing.
    std::os::unix::fs::symlink(dir.path(), batch.join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.claim"), batch.join("dangling.claim"))
        .unwrap();
    let out = claimls_within(&["check", "--format", "json", batch.to_str().unwrap()], 20);
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut files: Vec<String> = records
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    assert!(
        files.iter().any(|f| f.ends_with("batch/linked.claim")),
        "{files:?}"
    );
    assert!(
        stderr(&out).contains("dangling.claim is a symbolic link to nothing"),
        "{}",
        stderr(&out)
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "not a claim").unwrap();
    let out = claimls_within(&["check", empty.to_str().unwrap()], 20);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("holds no .claim files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_dash_reads_the_claim_from_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimls"))
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .args(["check", "-"])
        .current_dir(repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(include_bytes!("../examples/srs-problems.claim"))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("<stdin>:"), "{text}");
    assert!(text.contains("error[pctc-indicator]"), "{text}");
}

#[test]
fn fmt_check_reports_what_would_change_and_fmt_rewrites_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.claim");
    std::fs::copy(repo().join("examples/sbrt-lung-bcbs.claim"), &file).unwrap();
    let before = std::fs::read_to_string(&file).unwrap();
    let path = file.to_str().unwrap();
    let out = claimls(&["fmt", "--check", path]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("would reformat"), "{text}");
    assert!(
        text.contains("-line 2026-09-08 77263 units=1 dx=A charge=$610.00"),
        "{text}"
    );
    assert!(
        text.contains("+line 2026-09-08 77263 units=1 dx=A charge=610.00"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "--check changes nothing"
    );
    let out = claimls(&["fmt", path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("reformatted"));
    let after = std::fs::read_to_string(&file).unwrap();
    assert_ne!(after, before);
    // Formatted: --check is clean, and the findings did not change.
    assert_eq!(claimls(&["fmt", "--check", path]).status.code(), Some(0));
    let check = claimls(&["check", path]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    // A missing file is a usage problem.
    assert_eq!(
        claimls(&["fmt", "--check", "missing.claim"]).status.code(),
        Some(2)
    );
}

#[test]
fn fmt_formats_standard_input_to_standard_output() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimls"))
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"claim A\nline 11/02/2026 77300-tc units=1 charge=$1,450.5\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "claim A\nline 2026-11-02 77300-TC units=1 charge=1450.50\n"
    );
}

#[test]
fn json_findings_carry_their_related_places_and_fixes() {
    let out = claimls(&["check", "--format", "json", "examples/scrubber-tour.claim"]);
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let conflict = records
        .iter()
        .find(|r| r["code"] == "modifier-conflict")
        .expect("a modifier conflict in the tour");
    let related = conflict["related"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    for key in ["line", "column", "end_line", "end_column"] {
        assert!(related[0][key].as_u64().unwrap() >= 1, "{key}");
    }
    assert!(related[0]["message"].as_str().unwrap().ends_with("is here"));
    let fixes = conflict["fixes"].as_array().unwrap();
    assert!(fixes.len() >= 2);
    assert_eq!(fixes[0]["preferred"], true);
    assert!(
        fixes[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Remove modifier")
    );
    let edit = &fixes[0]["edits"][0];
    assert_eq!(edit["new_text"], "");
    assert_eq!(edit["line"], conflict["line"]);
    // Every record has both lists, empty or not.
    assert!(
        records
            .iter()
            .all(|r| r["related"].is_array() && r["fixes"].is_array())
    );
}

#[test]
fn sarif_output_is_a_sarif_2_1_0_log_with_rules_locations_and_fixes() {
    let out = claimls(&["check", "--format", "sarif", "examples/scrubber-tour.claim"]);
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "claimls");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let json: Vec<Value> = serde_json::from_slice(
        &claimls(&["check", "--format", "json", "examples/scrubber-tour.claim"]).stdout,
    )
    .unwrap();
    assert_eq!(results.len(), json.len(), "one result per finding");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "examples/scrubber-tour.claim"
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
    let conflict = results
        .iter()
        .find(|r| r["ruleId"] == "modifier-conflict")
        .unwrap();
    assert_eq!(conflict["relatedLocations"].as_array().unwrap().len(), 1);
    let replacement = &conflict["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "");
    assert!(rules.iter().all(|r| r["help"]["markdown"].is_string()));
}

#[test]
fn explain_prints_one_rules_documentation() {
    let out = claimls(&["explain", "ncci-ptp"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("## ncci-ptp\n"), "{text}");
    for part in [
        "**What it checks.**",
        "**Why payers care.**",
        "**Example.**",
        "**Fix.**",
    ] {
        assert!(text.contains(part), "{part}");
    }
    assert!(!text.contains("## mue-exceeded"), "one rule only");
    let out = claimls(&["explain", "ncci"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean ncci-ptp?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn data_lists_every_table_with_its_source_period_and_provenance() {
    let out = claimls(&["data"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("data/mpfs/cy2026.tsv — Medicare physician fee schedule, 19,356 rows, every one read from the source"),
        "{text}"
    );
    assert!(text.contains("RVU26C"), "{text}");
    assert!(
        text.contains("effective: 2026-01-01 to 2026-12-31"),
        "{text}"
    );
    assert!(
        text.contains(
            "data/ncci_ptp.tsv — NCCI PTP edits (sample), 37 rows, every one inferred by claimls"
        ),
        "{text}"
    );
    assert!(
        text.contains("data/modifiers.toml — modifier catalog, 152 entries"),
        "{text}"
    );

    // A configuration's files come after, and its problems go to stderr.
    let out = claimls(&[
        "data",
        "--config",
        "tests/fixtures/with-cms-tables/claimls.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("Your files (from tests/fixtures/with-cms-tables/claimls.toml)"),
        "{text}"
    );
    assert!(
        text.contains("mue-practitioner.csv — Medically Unlikely Edits, 5 rows"),
        "{text}"
    );
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        errors.contains("with-cms-tables/claimls.toml:3:") && errors.contains("error[config]"),
        "{errors}"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&claimls(&["data", "--json"]).stdout).unwrap();
    let cy2025 = json
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["origin"] == "data/mpfs/cy2025.tsv")
        .unwrap();
    assert_eq!(cy2025["rows"], 19_090);
    assert_eq!(cy2025["readFromSource"], 19_090);
}

/// A Medicare claim for a course of SRS that started on 2025-10-31. Medicare
/// takes a claim up to 12 months (one calendar year) after the date of
/// service, 42 CFR 424.44(a)(1); on a professional claim a line with a range
/// of dates counts from its first day (Pub. 100-04 ch. 1 §70.1).
const LATE_MEDICARE: &str = "claim TF-2025-0412\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\nline 2025-10-31 77295 units=1 dx=A charge=1450.00\nline 2025-11-03 77372 units=1 dx=A charge=8950.00\nline 2025-11-03..2025-11-07 77336 units=1 dx=A charge=260.00\n";

#[test]
fn as_of_measures_the_filing_limit_from_the_day_given() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("late.claim");
    std::fs::write(&file, LATE_MEDICARE).unwrap();
    let path = file.to_str().unwrap();
    // 17 days after the limit: one warning for the claim, at its oldest line.
    let out = claimls(&["check", "--as-of", "2026-11-17", path]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "a warning: {text}");
    let found: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[timely-filing]"))
        .collect();
    assert_eq!(found.len(), 1, "{text}");
    assert!(
        found[0].ends_with(":7:6: warning[timely-filing]: filed on 2026-11-17, this claim is 17 days after Medicare's 12-month filing limit for its oldest date of service, 2025-10-31 (the limit ended 2026-10-31): Medicare denies it as not timely filed (42 CFR 424.44), and that denial cannot be appealed; only the exceptions of 424.44(b) apply"),
        "{}",
        found[0]
    );
    // Within the last 30 days: how many are left.
    let out = claimls(&["check", "--as-of", "2026-10-20", path]);
    assert!(
        stdout(&out).contains("warning[timely-filing]: 11 days left to file this claim: Medicare's 12-month filing limit for its oldest date of service, 2025-10-31, ends on 2026-10-31"),
        "{}",
        stdout(&out)
    );
    // Earlier, nothing; and --as-of wins over CLAIMLS_TODAY (the tests'
    // 2026-12-02, past the limit).
    let out = claimls(&["check", "--as-of", "2026-09-01", path]);
    assert_eq!(
        stdout(&out),
        "0 errors, 0 warnings, 0 information, 0 hints in 1 file\n"
    );
}

#[test]
fn as_of_takes_a_calendar_day_and_nothing_else() {
    for (day, why) in [
        ("2026-02-30", "2026-02-30 is not a day of the calendar"),
        ("11/17/2026", "write the day as YYYY-MM-DD"),
        ("tomorrow", "expected a day as YYYY-MM-DD"),
    ] {
        let out = claimls(&["check", "--as-of", day, "examples/srs-linac-medicare.claim"]);
        assert_eq!(out.status.code(), Some(2), "{day}");
        assert!(stderr(&out).contains(why), "{day}: {}", stderr(&out));
    }
}
