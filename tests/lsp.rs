//! The real binary over stdio, as an editor drives it.

mod common;

use common::{Client, SpawnClaimls, file_uri, position_of, publications};
use serde_json::{Value, json};
use std::time::Duration;

const BAD: &str = "claim SRS-0002\npayer Medicare\npatient DOE, JOHN dob=1958-07-21 sex=M member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\n\nline 2026-11-02 77372-TC units=1 dx=A charge=8950.00\n";

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn initialize_negotiates_utf16_by_default_and_utf8_when_offered() {
    let mut client = Client::spawn(&[]);
    let response = client.initialize(json!({}), Value::Null);
    let caps = &response["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(response["result"]["serverInfo"]["name"], "claimls");
    assert!(client.shutdown_and_exit().success());

    let mut client = Client::spawn(&["lsp"]);
    let response = client.initialize(
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        Value::Null,
    );
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn diagnostics_on_open_follow_an_incremental_edit_and_clear_on_close() {
    let mut client = Client::spawn(&["--stdio"]);
    client.initialize(json!({}), Value::Null);
    let uri = "file:///tmp/claimls-test/bad.claim";
    client.open(uri, BAD);
    let diagnostics = client.diagnostics(uri, Some(1));
    assert_eq!(codes(&diagnostics), ["pctc-indicator"]);
    let (line, col) = position_of(BAD, "-TC", 1);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": line, "character": col })
    );
    assert_eq!(diagnostics[0]["severity"], 1);
    assert_eq!(diagnostics[0]["source"], "claimls");

    // Delete "-TC" with an incremental change.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": line, "character": col - 1 }, "end": { "line": line, "character": col + 2 } }, "text": "" }]
        }),
    );
    assert!(client.diagnostics(uri, Some(2)).is_empty());

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"].is_null()
    });
    assert!(
        cleared["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn hover_on_code_modifier_dx_letter_and_dx_code() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/hover.claim";
    client.open(uri, BAD);
    client.diagnostics(uri, Some(1));

    let (l, c) = position_of(BAD, "77372", 2);
    let code = client.hover(uri, l, c);
    let text = hover_text(&code);
    assert!(text.contains("**77372**"), "{text}");
    assert!(text.contains("PC/TC indicator"), "{text}");
    assert_eq!(code["range"]["start"]["character"], c - 2);

    let (l, c) = position_of(BAD, "-TC", 1);
    let text = hover_text(&client.hover(uri, l, c));
    assert!(
        text.contains("- error `pctc-indicator`: TC is not allowed on 77372"),
        "the hover lists the finding on TC: {text}"
    );

    let (l, c) = position_of(BAD, "dx=A", 3);
    let text = hover_text(&client.hover(uri, l, c));
    assert!(
        text.contains("**dx A** → **C79.31** Secondary malignant neoplasm of brain"),
        "{text}"
    );

    let (l, c) = position_of(BAD, "C79.31", 1);
    let text = hover_text(&client.hover(uri, l, c));
    assert!(text.contains("Billable: yes"), "{text}");

    // Nothing to say on whitespace; an unopened document gets null, not an error.
    assert!(client.hover(uri, 6, 0).is_null());
    assert!(client.hover("file:///nowhere.claim", 0, 0).is_null());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn positions_count_utf16_units_after_accents_cjk_and_emoji() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/unicode.claim";
    let text = "claim É診🦀\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372 dx=A # é 診 🦀\nline 2026-11-02 77372-TC dx=A # 🦀🦀\n";
    client.open(uri, text);
    let diagnostics = client.diagnostics(uri, Some(1));
    let pctc = diagnostics
        .iter()
        .find(|d| d["code"] == "pctc-indicator")
        .expect("pctc");
    let (line, col) = position_of(text, "-TC", 1);
    assert_eq!(
        pctc["range"]["start"],
        json!({ "line": line, "character": col })
    );
    // Hover on the claim id (after a 2-unit emoji) and edit after the emoji.
    let hover = client.hover(uri, 0, 9);
    assert!(hover_text(&hover).contains("Claim É診🦀"), "{hover}");
    assert_eq!(hover["range"]["end"], json!({ "line": 0, "character": 10 }));
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": line, "character": col - 1 }, "end": { "line": line, "character": col + 2 } }, "text": "" }]
        }),
    );
    let after = client.diagnostics(uri, Some(2));
    assert!(
        after.iter().all(|d| d["code"] != "pctc-indicator"),
        "{after:?}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn utf8_positions_when_negotiated() {
    let mut client = Client::spawn(&[]);
    client.initialize(
        json!({ "general": { "positionEncodings": ["utf-8"] } }),
        Value::Null,
    );
    let uri = "file:///tmp/claimls-test/utf8.claim";
    let text = "claim X\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372-TC dx=A # é\n";
    client.open(uri, text);
    let diagnostics = client.diagnostics(uri, Some(1));
    let pctc = diagnostics
        .iter()
        .find(|d| d["code"] == "pctc-indicator")
        .expect("pctc");
    assert_eq!(
        pctc["range"]["start"],
        json!({ "line": 3, "character": 22 })
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn initialization_options_point_hover_at_publication_folders() {
    let mut client = Client::spawn(&[]);
    client.initialize(
        json!({}),
        json!({ "docs": [publications().display().to_string()] }),
    );
    let uri = "file:///tmp/claimls-test/pub.claim";
    let text = "claim X\npayer Aetna\ndx A C79.31\nline 2026-11-02 77372 dx=A\n";
    client.open(uri, text);
    client.diagnostics(uri, Some(1));
    let (l, c) = position_of(text, "77372", 1);
    let hover = hover_text(&client.hover(uri, l, c));
    assert!(hover.contains("From your publication"), "{hover}");
    assert!(
        hover
            .contains("Typical site of service: Fixture site, a hospital outpatient radiation oncology department"),
        "{hover}"
    );
    assert!(hover.contains("**26** (from your publication)"), "{hover}");
    assert!(hover.contains("Conflict between sources"), "{hover}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn settings_changes_recheck_open_documents() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/settings.claim";
    client.open(uri, BAD);
    assert_eq!(client.diagnostics(uri, Some(1)).len(), 1);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "claimls": { "rules": { "pctc-indicator": "off" } } } }),
    );
    assert!(client.diagnostics(uri, Some(1)).is_empty());
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "claimls": { "rules": { "pctc-indicator": "hint" } } } }),
    );
    assert_eq!(client.diagnostics(uri, Some(1))[0]["severity"], 4);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn claimls_toml_beside_the_file_applies_and_its_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("claimls.toml"),
        "[rules]\npctc-indicator = \"warning\"\nbogus-rule = \"off\"\n",
    )
    .unwrap();
    let path = dir.path().join("a.claim");
    std::fs::write(&path, BAD).unwrap();
    let mut client = Client::initialized();
    let uri = file_uri(&path);
    client.open(&uri, BAD);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert_eq!(
        diagnostics[0]["severity"], 2,
        "claimls.toml made it a warning"
    );
    let config_uri = file_uri(&dir.path().join("claimls.toml"));
    let config = client.diagnostics(&config_uri, None);
    assert_eq!(config.len(), 1);
    assert_eq!(config[0]["range"]["start"]["line"], 2);
    assert!(
        config[0]["message"]
            .as_str()
            .unwrap()
            .contains("bogus-rule")
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_ends_with_status_1_and_closed_stdin_ends_the_process() {
    let mut client = Client::initialized();
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(5)).expect("exits");
    assert_eq!(status.code(), Some(1));

    let mut client = Client::initialized();
    client.close_stdin();
    assert!(
        client.wait_exit(Duration::from_secs(5)).is_some(),
        "the server ends when stdin closes"
    );
}

#[test]
fn logs_hold_no_claim_content() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/private.claim";
    client.open(uri, BAD);
    client.diagnostics(uri, Some(1));
    // A change for a document that is not open, and a stale version: both logged.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///tmp/other.claim", "version": 2 }, "contentChanges": [{ "text": "patient DOE, JOHN" }] }),
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 1 }, "contentChanges": [{ "text": "patient DOE, JOHN" }] }),
    );
    let (l, c) = position_of(BAD, "77372", 1);
    client.hover(uri, l, c);
    let messages = client.drain(Duration::from_millis(300));
    assert!(client.shutdown_and_exit().success());
    let logs: Vec<String> = messages
        .iter()
        .filter(|m| m["method"] == "window/logMessage" || m["method"] == "window/showMessage")
        .map(|m| m["params"]["message"].to_string())
        .collect();
    assert_eq!(logs.len(), 2, "{logs:?}");
    let stderr = client.stderr.lock().unwrap().clone();
    for text in logs.iter().chain(std::iter::once(&stderr)) {
        assert!(
            !text.contains("DOE") && !text.contains("1EG4TE5MK73"),
            "{text}"
        );
    }
}

#[test]
fn a_panic_in_analysis_is_logged_once_and_the_server_keeps_serving() {
    let mut client = Client::spawn_with_env(&[], &[("CLAIMLS_FAULT_INJECTION", "1")]);
    client.initialize(json!({}), Value::Null);
    let broken = "file:///tmp/claimls-test/broken.claim";
    let text = "claim X # claimls-test-panic\npayer Medicare\n";
    client.open(broken, text);
    let log = client.wait_for(|m| m["method"] == "window/logMessage");
    assert_eq!(log["params"]["type"], 1, "an error: {log}");
    // Hover on the broken document answers null instead of failing.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": broken }, "position": { "line": 0, "character": 7 } }),
    );
    assert!(
        hover["result"].is_null() && hover.get("error").is_none(),
        "{hover}"
    );
    // A second edit of the broken document panics again but is not logged again.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": broken, "version": 2 }, "contentChanges": [{ "text": "claim Y # claimls-test-panic\n" }] }),
    );
    // Every other document is still served.
    let fine = "file:///tmp/claimls-test/fine.claim";
    client.open(fine, BAD);
    assert_eq!(
        codes(&client.diagnostics(fine, Some(1))),
        ["pctc-indicator"]
    );
    let (l, c) = position_of(BAD, "77372", 1);
    assert!(hover_text(&client.hover(fine, l, c)).contains("**77372**"));
    let rest = client.drain(Duration::from_millis(300));
    let errors = rest
        .iter()
        .filter(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1)
        .count();
    assert_eq!(
        errors, 0,
        "a document's internal errors are reported once: {rest:#?}"
    );
    assert!(client.shutdown_and_exit().success());
}

/// The server's resident memory in MB, from `/proc` (Linux only).
fn resident_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

#[test]
fn an_oversized_document_is_not_analysed_and_the_user_is_told_once() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/huge.claim";
    // 50 MB, the size the resilience issue names (the cap is 32 MB): a
    // batch of about 600,000 small claims.
    let claim = "claim BIG\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372-TC units=1 dx=A charge=8950.00\n";
    let text = claim.repeat(50 * 1024 * 1024 / claim.len() + 1);
    client.open(uri, &text);
    assert!(
        client.diagnostics(uri, Some(1)).is_empty(),
        "no analysis above the cap"
    );
    let warning = client.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        warning["params"]["message"]
            .as_str()
            .unwrap()
            .contains("claimls check"),
        "{warning}"
    );
    // Edits still apply, are answered, and do not warn again.
    for version in 2..=4 {
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{
                    "range": { "start": { "line": 3, "character": 5 }, "end": { "line": 3, "character": 5 } },
                    "text": "9"
                }]
            }),
        );
        assert!(client.diagnostics(uri, Some(version)).is_empty());
    }
    // `line 999…`: the code now starts at character 19.
    let hover = client.hover(uri, 3, 21);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|t| t.contains("77372")),
        "{hover}"
    );
    // Bounded memory: the text is held as a rope and a contiguous mirror,
    // so a few times the document, not more per edit.
    if let Some(mb) = resident_mb(client.pid()) {
        eprintln!("resident with a 50 MB document open: {mb:.0} MB");
        assert!(mb < 400.0, "{mb:.0} MB resident with a 50 MB document open");
    }
    // Other documents are still served.
    let small = "file:///tmp/claimls-test/small.claim";
    client.open(small, BAD);
    assert_eq!(
        codes(&client.diagnostics(small, Some(1))),
        ["pctc-indicator"]
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_one_megabyte_line_gets_a_bounded_message() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/longline.claim";
    let text = format!("claim X\n{}\n", "x".repeat(1024 * 1024));
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, Some(1));
    let syntax = diagnostics
        .iter()
        .find(|d| d["code"] == "syntax")
        .expect("the long line is reported");
    assert!(syntax["message"].as_str().unwrap().chars().count() <= 1001);
    assert!(client.shutdown_and_exit().success());
}

/// Every `publishDiagnostics` for `uri` until the server has been quiet for
/// `quiet`, in the order they came.
fn publishes_until_quiet(client: &mut Client, uri: &str, quiet: Duration) -> Vec<Vec<Value>> {
    let mut seen = Vec::new();
    loop {
        let batch = client.drain(quiet);
        let mut any = false;
        for m in batch {
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                seen.push(m["params"]["diagnostics"].as_array().unwrap().clone());
                any = true;
            }
        }
        if !any {
            return seen;
        }
    }
}

#[test]
fn a_reopened_document_never_gets_the_findings_of_the_copy_it_replaced() {
    // A large analysis of the first copy is still running when the
    // document is closed and reopened at the same version with other text:
    // the last diagnostics published must be the new copy's.
    let mut client = Client::initialized();
    let big = BAD.repeat(2 * 1024 * 1024 / BAD.len());
    let small = BAD;
    for attempt in 0..6 {
        let uri = format!("file:///tmp/claimls-test/reopen-{attempt}.claim");
        client.open(&uri, &big);
        // Let the big analysis start (it takes the text when it starts).
        std::thread::sleep(Duration::from_millis(50 + 60 * attempt as u64));
        if attempt % 2 == 0 {
            client.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            );
        }
        // Opened again (after a close, or twice), at version 1 both times.
        client.open(&uri, small);
        let publishes = publishes_until_quiet(&mut client, &uri, Duration::from_millis(1500));
        let last = publishes.last().expect("diagnostics for the reopened copy");
        assert_eq!(
            codes(last),
            ["pctc-indicator"],
            "attempt {attempt}: the last publish has {} findings",
            last.len()
        );
        client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_pulling_client_gets_configuration_problems_when_it_pulls_never_pushed() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("claimls.toml");
    std::fs::write(&toml, "[rules]\nbogus-rule = \"off\"\n").unwrap();
    let path = dir.path().join("a.claim");
    let mut client = Client::spawn(&[]);
    client.initialize(
        json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
        Value::Null,
    );
    let uri = file_uri(&path);
    client.open(&uri, BAD);
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        codes(pulled["result"]["items"].as_array().unwrap()),
        ["pctc-indicator"]
    );
    let config_uri = file_uri(&toml);
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    let items = pulled["result"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{pulled}");
    assert!(items[0]["message"].as_str().unwrap().contains("bogus-rule"));
    assert_eq!(items[0]["range"]["start"]["line"], 1);
    let pushed: Vec<Value> = client
        .drain(Duration::from_millis(500))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(
        pushed.is_empty(),
        "nothing is pushed to a pulling client: {pushed:#?}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_slow_data_file_holds_up_only_the_documents_that_use_it() {
    // A folder whose claimls.toml names a 200 MB data file (sparse: quick
    // to make) and a folder without one. Loading the file took the
    // server's one lock, so a hover in the other folder waited for it.
    let dir = tempfile::tempdir().unwrap();
    let slow = dir.path().join("slow");
    let other = dir.path().join("other");
    std::fs::create_dir_all(&slow).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    let big = std::fs::File::create(slow.join("PPRRVU.csv")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    std::fs::write(
        slow.join("claimls.toml"),
        "[data]\nmpfs = [\"PPRRVU.csv\"]\n",
    )
    .unwrap();
    let mut client = Client::initialized();
    let slow_uri = file_uri(&slow.join("a.claim"));
    let other_uri = file_uri(&other.join("b.claim"));
    let started = std::time::Instant::now();
    client.open(&slow_uri, BAD);
    // Another patient's claim (the same one in both would be a duplicate
    // claim across the two documents).
    client.open(
        &other_uri,
        &BAD.replace("member=1EG4TE5MK73", "member=2EG4TE5MK73"),
    );
    let (l, c) = position_of(BAD, "77372", 1);
    let hover = client.hover(&other_uri, l, c);
    let hover_took = started.elapsed();
    assert!(hover_text(&hover).contains("**77372**"), "{hover}");
    // The slow folder's configuration problem (its one malformed row)
    // comes once the file is loaded.
    let toml_uri = file_uri(&slow.join("claimls.toml"));
    client.diagnostics(&toml_uri, None);
    let load_took = started.elapsed();
    assert!(
        hover_took * 4 < load_took,
        "the hover elsewhere took {hover_took:?}, the slow folder's load {load_took:?}"
    );
    assert_eq!(
        codes(&client.diagnostics(&slow_uri, Some(1))),
        ["pctc-indicator"]
    );
    assert!(client.shutdown_and_exit().success());
}

/// The server's peak resident memory in kB, from `/proc` (Linux only).
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[test]
fn a_batch_with_200000_findings_costs_under_1_kb_each_and_publishes_a_bounded_list() {
    // 200,000 tiny claims, each one finding (claim-incomplete). Each
    // published finding cost 6-7 kB; the editor now gets the 1,000 most
    // serious and one finding that counts the rest.
    let n = 200_000;
    let mut client = Client::initialized();
    let pid = client.pid();
    let base = peak_kb(pid);
    let uri = "file:///tmp/claimls-test/batch.claim";
    let text: String = (0..n).map(|i| format!("claim {i}\n")).collect();
    client.open(uri, &text);
    let published = client.diagnostics(uri, Some(1));
    assert_eq!(published.len(), 1001);
    let last = &published[1000];
    assert_eq!(last["code"], "findings-limit");
    let message = last["message"].as_str().unwrap();
    assert!(
        message.starts_with("this document has 200000 findings; the editor shows the 1000 most serious, and 199000 more are not shown (199000 warnings)"),
        "{message}"
    );
    // A whole-document code action, the outline and inlay hints for the
    // whole batch stay bounded too.
    let end = json!({ "line": n, "character": 0 });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": end }, "context": { "diagnostics": [] } }),
    );
    let actions = actions["result"].as_array().unwrap();
    assert!(
        !actions.is_empty() && actions.len() <= 100,
        "{}",
        actions.len()
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let symbols = symbols["result"].as_array().unwrap();
    assert_eq!(symbols.len(), 5001);
    assert!(
        symbols[5000]["name"]
            .as_str()
            .unwrap()
            .starts_with("… 195000 more claims"),
        "{}",
        symbols[5000]["name"]
    );
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": end } }),
    );
    assert!(hints["result"].as_array().unwrap().len() <= 5000);
    if let (Some(base), Some(peak)) = (base, peak_kb(pid)) {
        let per_finding = (peak - base) * 1024 / n;
        assert!(
            per_finding < 1024,
            "{per_finding} bytes per finding (peak {peak} kB, at start {base} kB)"
        );
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn code_actions_offer_the_fixes_of_the_diagnostics_the_client_names() {
    // Neovim sends the cursor position as the range and the line's
    // diagnostics in the context; the cursor is rarely inside the span.
    let text = "claim X\npayer Medicare\npatient DOE, JOHN dob=1958-07-21 sex=M member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\nline 2026-11-02 77372-TC units=1 dx=A charge=8950.00\n";
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/context.claim";
    client.open(uri, text);
    let diagnostics = client.diagnostics(uri, Some(1));
    assert_eq!(codes(&diagnostics), ["pctc-indicator"]);
    let cursor =
        json!({ "start": { "line": 6, "character": 0 }, "end": { "line": 6, "character": 0 } });
    let ask = |client: &mut Client, context: Value| {
        client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": cursor, "context": context }),
        )["result"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let without = ask(&mut client, json!({ "diagnostics": [] }));
    assert!(
        without.iter().all(|a| a["kind"] != "quickfix"),
        "the cursor is not on the finding: {without:#?}"
    );
    let with = ask(&mut client, json!({ "diagnostics": diagnostics }));
    let titles: Vec<&str> = with.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Remove modifier TC")),
        "{titles:?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Ignore pctc-indicator")),
        "{titles:?}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_code_action_takes_the_fixes_its_diagnostics_carry_for_the_current_version() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/stateless.claim";
    client.open(uri, BAD);
    let published = client.diagnostics(uri, Some(1));
    let fixes = &published[0]["data"]["fixes"];
    assert!(
        fixes[0][0]
            .as_str()
            .unwrap()
            .starts_with("Remove modifier TC"),
        "the published diagnostic carries its fixes: {}",
        published[0]
    );
    assert_eq!(published[0]["data"]["claimls"], 1, "for version 1");
    let ask = |client: &mut Client, diagnostic: &Value| -> Vec<String> {
        let actions = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic] } }),
        );
        actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    };
    // What the diagnostic carries is what the action offers: no analysis.
    let mut carried = published[0].clone();
    carried["data"]["fixes"] = json!([["From the data", false, []]]);
    assert_eq!(
        ask(&mut client, &carried),
        ["From the data", "Ignore pctc-indicator on this line"],
        "the carried fix, and the ignore fix made from the diagnostic's rule and place"
    );
    // Offsets past the end (a client may send anything) are kept inside.
    carried["data"]["fixes"] = json!([["Far away", false, [[999999, 1000000, "x"]]]]);
    assert_eq!(ask(&mut client, &carried)[0], "Far away");
    // Carried for an earlier version: it does not fit the text, and the
    // analysis answers.
    carried["data"]["claimls"] = json!(0);
    let titles = ask(&mut client, &carried);
    assert!(
        titles.iter().any(|t| t.starts_with("Remove modifier TC")),
        "{titles:?}"
    );
    assert!(!titles.contains(&"From the data".to_string()));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn completion_resolve_documents_an_item_with_its_documents_configuration() {
    // The folder's claimls.toml names a licensed descriptor file; resolving
    // a procedure offered in a document there shows that file's text (it
    // used the root folder's configuration, which has none).
    let dir = tempfile::tempdir().unwrap();
    let descriptors = common::repo().join("tests/fixtures/cpt-descriptors.csv");
    std::fs::write(
        dir.path().join("claimls.toml"),
        format!("[data]\ncpt_descriptors = \"{}\"\n", descriptors.display()),
    )
    .unwrap();
    let mut client = Client::initialized();
    let uri = file_uri(&dir.path().join("a.claim"));
    let text = "claim X\npayer Medicare\nline 2026-11-02 7737";
    client.open(&uri, text);
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 20 } }),
    );
    let item = completion["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "77372")
        .expect("77372 offered")
        .clone();
    let resolved = client.request("completionItem/resolve", item);
    let docs = resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(docs.contains("FIXTURE long descriptor for 77372"), "{docs}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_finding_without_fixes_carries_only_its_version_and_still_gets_the_ignore_fix() {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-test/nofix.claim";
    client.open(uri, "claim X\n");
    let published = client.diagnostics(uri, Some(1));
    assert_eq!(codes(&published), ["claim-incomplete"]);
    assert_eq!(
        published[0]["data"], "claimls@1",
        "a short tag, not a fix list"
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": published[0]["range"], "context": { "diagnostics": [published[0]] } }),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert_eq!(titles, ["Ignore claim-incomplete on this line"]);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_claim_repeated_in_another_open_document_is_reported_in_both_until_one_changes() {
    // Two batches open in one workspace hold the same claim: each document
    // reports its copy, naming the other; editing one copy's date or
    // closing one document clears the other's finding.
    const CLAIM: &str = "claim SRS-0001\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\nline 2026-11-02 77432 units=1 dx=A charge=1200.00\n";
    let mut client = Client::initialized();
    let (a, b) = (
        "file:///tmp/claimls-test/batch-a.claim",
        "file:///tmp/claimls-test/batch-b.claim",
    );
    client.open(a, CLAIM);
    assert!(client.diagnostics(a, Some(1)).is_empty());
    let copy = format!("# resent\n{}", CLAIM.replace("SRS-0001", "SRS-0002"));
    client.open(b, &copy);
    // The last diagnostics published for each of the two documents until
    // the server is quiet.
    let settle = |client: &mut Client| {
        let mut last = (None, None);
        loop {
            let batch = client.drain(Duration::from_millis(700));
            if batch.is_empty() {
                return (last.0.unwrap_or_default(), last.1.unwrap_or_default());
            }
            for m in batch {
                if m["method"] != "textDocument/publishDiagnostics" {
                    continue;
                }
                let list = m["params"]["diagnostics"].as_array().unwrap().clone();
                if m["params"]["uri"] == a {
                    last.0 = Some(list);
                } else if m["params"]["uri"] == b {
                    last.1 = Some(list);
                }
            }
        }
    };
    let (on_a, on_b): (Vec<Value>, Vec<Value>) = settle(&mut client);
    assert_eq!(codes(&on_b), ["duplicate-claim"], "{on_b:#?}");
    assert!(
        on_b[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("this claim repeats claim SRS-0001 of batch-a.claim (line 1)"),
        "{on_b:#?}"
    );
    assert_eq!(codes(&on_a), ["duplicate-claim"], "{on_a:#?}");
    assert!(
        on_a[0]["message"]
            .as_str()
            .unwrap()
            .contains("SRS-0002 of batch-b.claim (line 2)")
    );

    // B's copy moves to another date: A is published again, clean.
    let (line, col) = position_of(&copy, "2026-11-02", 0);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": b, "version": 2 },
            "contentChanges": [{ "range": { "start": { "line": line, "character": col + 9 }, "end": { "line": line, "character": col + 10 } }, "text": "3" }]
        }),
    );
    let (on_a, _) = settle(&mut client);
    assert!(codes(&on_a).is_empty(), "{on_a:#?}");

    // Back to the same date, then B closes: A's finding comes and goes.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": b, "version": 3 },
            "contentChanges": [{ "range": { "start": { "line": line, "character": col + 9 }, "end": { "line": line, "character": col + 10 } }, "text": "2" }]
        }),
    );
    assert_eq!(codes(&settle(&mut client).0), ["duplicate-claim"]);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": b } }),
    );
    let (on_a, _) = settle(&mut client);
    assert!(codes(&on_a).is_empty(), "{on_a:#?}");
    assert!(client.shutdown_and_exit().success());
}
