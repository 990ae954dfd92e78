//! Protocol abuse against the real binary: malformed frames and JSON,
//! unknown methods, requests out of order, positions past the end, edits
//! to documents that are not open, stale versions, cancellation, requests
//! after `shutdown`, and abrupt ends. After every abuse the server must
//! keep serving, which each test proves with a normal round-trip
//! (didOpen → publishDiagnostics → hover).

mod common;

use common::{Client, SpawnClaimls, position_of};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const BAD: &str = "claim SRS-0002\npayer Medicare\npatient DOE, JOHN dob=1958-07-21 sex=M member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\n\nline 2026-11-02 77372-TC units=1 dx=A charge=8950.00\n";

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const SERVER_NOT_INITIALIZED: i64 = -32002;
const REQUEST_CANCELLED: i64 = -32800;

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn started() -> Client {
    let mut client = Client::spawn(&[]);
    let response = client.initialize(json!({}), Value::Null);
    assert!(response.get("result").is_some(), "{response}");
    client
}

/// Proves the server still works: a fresh document gets its diagnostics
/// and a hover answers.
fn assert_serving(client: &mut Client) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let uri = format!(
        "file:///tmp/claimls-protocol/alive-{}.claim",
        N.fetch_add(1, Ordering::SeqCst)
    );
    client.open(&uri, BAD);
    assert_eq!(
        codes(&client.diagnostics(&uri, Some(1))),
        ["pctc-indicator"]
    );
    let (l, c) = position_of(BAD, "77372", 1);
    let hover = client.hover(&uri, l, c);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|t| t.contains("**77372**")),
        "{hover}"
    );
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

fn error_code(message: &Value) -> Option<i64> {
    message["error"]["code"].as_i64()
}

/// Waits for an error response with `id` null (what JSON-RPC prescribes
/// when the request could not be read).
fn wait_null_id_error(client: &mut Client) -> Option<Value> {
    client.try_wait_for(
        &|m: &Value| m.get("error").is_some() && m["id"].is_null(),
        Duration::from_secs(5),
    )
}

// Framing: claimls reads stdin itself (crates/claimls-lsp/src/transport.rs) because
// tower-lsp-server's reader ends the session at the first undecodable
// message. These tests prove one bad frame costs only itself.

#[test]

fn malformed_json_gets_a_parse_error_and_the_server_keeps_serving() {
    let mut client = started();
    client.send_raw(&frame(b"{not json!!}"));
    let error = wait_null_id_error(&mut client).expect("a parse error response");
    assert_eq!(error_code(&error), Some(PARSE_ERROR), "{error}");
    assert_serving(&mut client);
    // Invalid UTF-8, a NUL byte, trailing garbage after the JSON.
    client.send_raw(&frame(&[b'{', 0xff, 0xfe, b'}']));
    client.send_raw(&frame(b"\0"));
    client.send_raw(&frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"x/y\"}xxxx"));
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]

fn json_that_is_not_json_rpc_gets_invalid_request_and_the_server_keeps_serving() {
    let mut client = started();
    for body in [
        &b"[1, 2, 3]"[..],
        b"{}",
        b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 5}",
        b"{\"jsonrpc\": \"1.0\", \"method\": \"x/y\"}",
    ] {
        client.send_raw(&frame(body));
        let error = wait_null_id_error(&mut client).expect("an error response");
        assert_eq!(
            error_code(&error),
            Some(INVALID_REQUEST),
            "{error} for {}",
            String::from_utf8_lossy(body)
        );
        assert_serving(&mut client);
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn ids_of_the_wrong_type_and_repeated_members_get_invalid_request_and_the_session_goes_on() {
    // tower-lsp-server's decoder ends the session on each of these; claimls
    // answers them with one error each and goes on.
    let mut client = started();
    for body in [
        r#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":true,"method":"textDocument/hover","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":{},"method":"textDocument/hover","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":[1],"method":"textDocument/hover","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":9223372036854775808,"method":"textDocument/hover","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":1.5,"result":null}"#,
        r#"{"jsonrpc":"2.0","id":3,"id":4,"method":"textDocument/hover","params":{}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{},"params":{}}"#,
        r#"{"jsonrpc":"2.0","jsonrpc":"2.0","method":"initialized"}"#,
    ] {
        client.send_raw(&frame(body.as_bytes()));
        let error = wait_null_id_error(&mut client).expect("an error response");
        assert_eq!(
            error_code(&error),
            Some(INVALID_REQUEST),
            "{error} for {body}"
        );
        assert_serving(&mut client);
    }
    // Integer and string ids at the edges of what JSON-RPC allows still work.
    for id in [
        json!(-9223372036854775808i64),
        json!(9223372036854775807i64),
        json!("é-1"),
    ] {
        client.send(&json!({ "jsonrpc": "2.0", "id": id, "method": "claimls/doesNotExist" }));
        let response = client.wait_for(|m| m["id"] == id);
        assert_eq!(error_code(&response), Some(METHOD_NOT_FOUND), "{response}");
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn unknown_dollar_requests_get_method_not_found() {
    // LSP 3.17: a `$/` request the receiver does not know gets
    // MethodNotFound; a `$/` notification may be ignored.
    let mut client = started();
    let response = client.request("$/claimls/unknownRequest", json!({}));
    assert_eq!(error_code(&response), Some(METHOD_NOT_FOUND), "{response}");
    client.send(&json!({ "jsonrpc": "2.0", "id": "s-1", "method": "$/setTrace", "params": { "value": "off" } }));
    let response = client.wait_for(|m| m["id"] == "s-1");
    assert_eq!(error_code(&response), Some(METHOD_NOT_FOUND), "{response}");
    client.notify("$/unknownNotification", json!({}));
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn answers_to_garbage_stay_bounded_when_the_client_does_not_read() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimls"))
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn claimls");
    let mut stdin = child.stdin.take().unwrap();
    let _unread_stdout = child.stdout.take().unwrap();
    let pid = child.id();
    let rss = || -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let send = |stdin: &mut std::process::ChildStdin, body: &[u8]| {
        stdin.write_all(&frame(body)).unwrap();
    };
    send(
        &mut stdin,
        br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#,
    );
    std::thread::sleep(Duration::from_millis(300));
    let before = rss();
    // Each answer takes about 150 bytes; 400,000 of them kept would be 60 MB.
    let mut garbage = Vec::new();
    for _ in 0..400_000 {
        garbage.extend(frame(b"[]"));
    }
    stdin.write_all(&garbage).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let after = rss();
    if let (Some(before), Some(after)) = (before, after) {
        assert!(
            after < before + 20 * 1024,
            "resident memory grew from {before} kB to {after} kB"
        );
    }
    // Still alive, and it ends on shutdown + exit.
    assert!(child.try_wait().unwrap().is_none(), "the server ended");
    send(
        &mut stdin,
        br#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
    );
    send(&mut stdin, br#"{"jsonrpc":"2.0","method":"exit"}"#);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = child.kill();
    assert!(status.is_some(), "the server ends after exit");
}

fn hover_body(id: i64) -> Vec<u8> {
    serde_json::to_vec(&json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///nowhere.claim" }, "position": { "line": 0, "character": 0 } } }))
    .unwrap()
}

#[test]

fn a_wrong_content_length_costs_only_the_messages_it_garbles() {
    let mut client = started();
    // Too short: the server reads a truncated body, then garbage up to the next header.
    let body = hover_body(9001);
    let mut short = format!("Content-Length: {}\r\n\r\n", body.len() - 10).into_bytes();
    short.extend_from_slice(&body);
    client.send_raw(&short);
    assert_serving(&mut client);

    // Too long: the body swallows the start of the next message.
    let body = hover_body(9002);
    let mut long = format!("Content-Length: {}\r\n\r\n", body.len() + 25).into_bytes();
    long.extend_from_slice(&body);
    client.send_raw(&long);
    client.send_raw(&frame(&hover_body(9003)));
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]

fn bad_headers_are_answered_and_skipped() {
    let mut client = started();
    let valid = frame(&hover_body(9100));
    let cases: [&[u8]; 6] = [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Length: -5\r\n\r\n{}",
        b"\r\n\r\n{}",
        // A stray line break between two messages.
        b"\r\n",
        // The spec's default charset is utf-8; the codec wants it spelled out.
        b"Content-Type: application/vscode-jsonrpc\r\nContent-Length: 2\r\n\r\n{}",
        // Three headers: the codec has room for two.
        b"X-A: 1\r\nX-B: 2\r\nContent-Length: 2\r\n\r\n{}",
    ];
    for case in cases {
        client.send_raw(case);
        client.send_raw(&valid);
        assert_serving(&mut client);
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn headers_the_spec_allows_are_accepted() {
    let mut client = started();
    let body = hover_body(9200);
    for headers in [
        format!(
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ),
        format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n",
            body.len()
        ),
        format!("X-Unknown: yes\r\nContent-Length: {}\r\n\r\n", body.len()),
    ] {
        let mut message = headers.into_bytes();
        message.extend_from_slice(&body);
        client.send_raw(&message);
        let response = client.wait_for(|m| m["id"] == 9200);
        assert!(
            response["result"].is_null() && response.get("error").is_none(),
            "{response}"
        );
    }
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_huge_content_length_is_refused_promptly_and_the_server_keeps_serving() {
    let mut client = started();
    // Announces ~4 TB: above the message cap, so it is answered at once and
    // reading resumes at the next header (instead of waiting for 4 TB).
    client.send_raw(b"Content-Length: 4000000000000\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    let error = wait_null_id_error(&mut client).expect("an error response");
    assert_eq!(error_code(&error), Some(PARSE_ERROR), "{error}");
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn floods_of_blank_lines_and_endless_headers_cost_one_error_and_nothing_else() {
    let mut client = started();
    // Millions of blank lines between messages are skipped quietly…
    client.send_raw(&b"\r\n".repeat(2_000_000));
    assert_serving(&mut client);
    // …and a header that never ends is refused once, not read forever.
    client.send_raw(b"Content-Length: 12\r\nX-Padding: ");
    client.send_raw(&vec![b'x'; 4 * 1024 * 1024]);
    let error = wait_null_id_error(&mut client).expect("an error response");
    assert_eq!(error_code(&error), Some(PARSE_ERROR), "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("headers longer than")),
        "{error}"
    );
    // The block ends; its body is skipped without another error.
    client.send_raw(b"\r\n\r\n{\"a\":1}\n");
    assert_serving(&mut client);
    assert_eq!(
        wait_null_id_error(&mut client),
        None,
        "one error for the whole header"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn unknown_methods_get_method_not_found_and_unknown_notifications_are_ignored() {
    let mut client = started();
    let response = client.request("claimls/doesNotExist", json!({}));
    assert_eq!(error_code(&response), Some(METHOD_NOT_FOUND), "{response}");
    let response = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": "file:///x.claim" } }),
    );
    assert_eq!(error_code(&response), Some(METHOD_NOT_FOUND), "{response}");
    client.notify("claimls/whatever", json!({ "a": 1 }));
    client.notify("$/setTrace", json!({ "value": "verbose" }));
    client.notify("$/somethingNew", json!(null));
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn wrong_params_get_invalid_params_and_the_server_keeps_serving() {
    let mut client = started();
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x.claim" } }),
    );
    assert_eq!(error_code(&response), Some(INVALID_PARAMS), "{response}");
    let response = client.request("textDocument/hover", json!("a string"));
    assert_eq!(error_code(&response), Some(INVALID_PARAMS), "{response}");
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x.claim" }, "position": { "line": -1, "character": 0 } }),
    );
    assert_eq!(error_code(&response), Some(INVALID_PARAMS), "{response}");
    // Malformed notifications cannot be answered; they must be dropped.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 5 } }),
    );
    client.notify(
        "textDocument/didChange",
        json!({ "contentChanges": "nope" }),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": [1, 2] }),
    );
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn requests_before_initialize_get_server_not_initialized() {
    let mut client = Client::spawn(&[]);
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x.claim" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(
        error_code(&response),
        Some(SERVER_NOT_INITIALIZED),
        "{response}"
    );
    let response = client.request("shutdown", Value::Null);
    assert_eq!(
        error_code(&response),
        Some(SERVER_NOT_INITIALIZED),
        "{response}"
    );
    // Notifications before initialize are dropped, not queued.
    let early = "file:///tmp/claimls-protocol/early.claim";
    client.open(early, BAD);
    let response = client.initialize(json!({}), Value::Null);
    assert!(response.get("result").is_some(), "{response}");
    // A second initialize is refused.
    let again = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    assert!(again.get("error").is_some(), "{again}");
    assert!(
        client.hover(early, 7, 17).is_null(),
        "the early didOpen was dropped"
    );
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn positions_and_ranges_past_the_end_are_clamped() {
    let mut client = started();
    let uri = "file:///tmp/claimls-protocol/clamp.claim";
    client.open(uri, BAD);
    client.diagnostics(uri, Some(1));
    for (line, character) in [
        (0u32, 10_000u32),
        (7, 4_000_000_000),
        (10_000, 0),
        (4_000_000_000, 4_000_000_000),
    ] {
        let response = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        assert!(response.get("error").is_none(), "{response}");
    }
    // An edit far past the end appends; a second line 77371 on the same
    // date makes an NCCI pair with the 77372 line.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": 99_999, "character": 99_999 }, "end": { "line": 4_000_000_000u32, "character": 0 } },
              "text": "line 2026-11-02 77371 dx=A\n" }
        ] }),
    );
    let mut found = codes(&client.diagnostics(uri, Some(2)));
    found.sort();
    assert_eq!(found, ["ncci-ptp", "pctc-indicator"]);
    // A column past the end of line 7 lands at its end: appending a comment
    // there changes nothing; a reversed range (end before start) is ordered.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [
            { "range": { "start": { "line": 7, "character": 500 }, "end": { "line": 7, "character": 900 } }, "text": " # note" },
            { "range": { "start": { "line": 7, "character": 24 }, "end": { "line": 7, "character": 21 } }, "text": "" }
        ] }),
    );
    assert_eq!(codes(&client.diagnostics(uri, Some(3))), ["ncci-ptp"]);
    let hover = client.hover(uri, 7, 40);
    assert!(
        hover.is_null() || hover.get("contents").is_some(),
        "{hover}"
    );
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn positions_inside_a_surrogate_pair_go_to_the_start_of_the_character() {
    let mut client = started();
    let uri = "file:///tmp/claimls-protocol/emoji.claim";
    let text = "claim 🦀🦀\npayer Medicare\ndx A C79.31\nline 2026-11-02 77372 dx=A\n";
    client.open(uri, text);
    client.diagnostics(uri, Some(1));
    // Column 7 is inside the first crab (columns 6-7 in UTF-16).
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": 0, "character": 7 }, "end": { "line": 0, "character": 9 } }, "text": "X" }
        ] }),
    );
    client.diagnostics(uri, Some(2));
    let hover = client.hover(uri, 0, 7);
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("Claim X🦀"), "{hover}");
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn changes_to_unopened_documents_and_stale_versions_are_ignored() {
    let mut client = started();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///tmp/claimls-protocol/never-opened.claim", "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "x" }] }),
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///tmp/claimls-protocol/never-opened-either.claim" } }),
    );
    assert!(
        client
            .hover("file:///tmp/claimls-protocol/never-opened.claim", 0, 0)
            .is_null()
    );

    let uri = "file:///tmp/claimls-protocol/versions.claim";
    client.open(uri, BAD);
    client.diagnostics(uri, Some(1));
    let (line, col) = position_of(BAD, "-TC", 0);
    let remove_tc = |version: i64| {
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [
            { "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 3 } }, "text": "" }
        ] })
    };
    client.notify("textDocument/didChange", remove_tc(5));
    assert!(client.diagnostics(uri, Some(5)).is_empty());
    // The same change again (a duplicate) and an older one: applying either
    // would cut three more characters out of the line.
    client.notify("textDocument/didChange", remove_tc(5));
    client.notify("textDocument/didChange", remove_tc(3));
    client.notify("textDocument/didChange", remove_tc(-7));
    // Version 6 puts TC back: the text must be exactly the original again.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 6 }, "contentChanges": [
            { "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col } }, "text": "-TC" }
        ] }),
    );
    assert_eq!(codes(&client.diagnostics(uri, Some(6))), ["pctc-indicator"]);
    let (l, c) = position_of(BAD, "-TC", 1);
    let hover = client.hover(uri, l, c);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|t| t.contains("TC on 77372")),
        "{hover}"
    );
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn cancelled_requests_are_answered_once_and_unknown_cancels_are_ignored() {
    let mut client = started();
    let uri = "file:///tmp/claimls-protocol/cancel.claim";
    client.open(uri, BAD);
    client.diagnostics(uri, Some(1));
    let (l, c) = position_of(BAD, "77372", 1);
    let mut ids = Vec::new();
    for _ in 0..20 {
        let id = client.request_async(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": l, "character": c } }),
        );
        client.notify("$/cancelRequest", json!({ "id": id }));
        ids.push(id);
    }
    for id in ids {
        let response = client.wait_for(|m| m["id"] == id && m.get("method").is_none());
        assert!(
            response.get("result").is_some() || error_code(&response) == Some(REQUEST_CANCELLED),
            "{response}"
        );
    }
    let again = client.drain(Duration::from_millis(300));
    assert!(
        again
            .iter()
            .all(|m| m.get("id").is_none() || m.get("method").is_some()),
        "each request is answered once: {again:#?}"
    );
    client.notify("$/cancelRequest", json!({ "id": 987_654 }));
    client.notify("$/cancelRequest", json!({ "id": "not-a-request" }));
    client.notify("$/cancelRequest", json!({}));
    assert_serving(&mut client);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn requests_after_shutdown_get_invalid_request_and_exit_then_ends_with_0() {
    let mut client = started();
    let uri = "file:///tmp/claimls-protocol/after.claim";
    client.open(uri, BAD);
    client.diagnostics(uri, Some(1));
    let response = client.request("shutdown", Value::Null);
    assert!(response.get("error").is_none(), "{response}");
    let (l, c) = position_of(BAD, "77372", 1);
    let response = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": l, "character": c } }),
    );
    assert_eq!(error_code(&response), Some(INVALID_REQUEST), "{response}");
    let response = client.request("shutdown", Value::Null);
    assert_eq!(error_code(&response), Some(INVALID_REQUEST), "{response}");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": "" }] }),
    );
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(5)).expect("exits");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn exit_without_shutdown_ends_with_status_1_even_before_initialize() {
    let mut client = Client::spawn(&[]);
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(5)).expect("exits");
    assert_eq!(status.code(), Some(1));

    let mut client = started();
    let uri = "file:///tmp/claimls-protocol/busy.claim";
    client.open(uri, BAD);
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(5)).expect("exits");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn closed_stdin_ends_the_process_even_mid_message() {
    for tail in [
        &b""[..],
        b"Content-Le",
        b"Content-Length: 100\r\n\r\n{\"jsonrpc\"",
    ] {
        let mut client = started();
        client.send_raw(tail);
        client.close_stdin();
        assert!(
            client.wait_exit(Duration::from_secs(5)).is_some(),
            "the server ends when stdin closes after {:?}",
            String::from_utf8_lossy(tail)
        );
    }
}

#[test]
fn exit_ends_the_process_even_when_the_client_stopped_reading_stdout() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // A client that never reads what the server writes: once the pipe is
    // full, the server cannot write its last frames. `exit` must still end
    // the process (with 0, since `shutdown` came first).
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimls"))
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn claimls");
    let mut stdin = child.stdin.take().unwrap();
    let _unread_stdout = child.stdout.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut send = |message: Value| {
            let _ = stdin.write_all(&frame(&serde_json::to_vec(&message).unwrap()));
        };
        send(
            json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "processId": null, "rootUri": null, "capabilities": {} } }),
        );
        send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
        // Enough diagnostics to fill the pipe and every buffer behind it
        // many times over, and time for the server to get stuck on them.
        let problems = include_str!("../examples/srs-problems.claim").repeat(20);
        for i in 0..300 {
            send(
                json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
                "uri": format!("file:///tmp/claimls-protocol/unread-{i}.claim"), "languageId": "claim",
                "version": 1, "text": problems } } }),
            );
        }
        std::thread::sleep(Duration::from_secs(3));
        send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
        send(json!({ "jsonrpc": "2.0", "method": "exit" }));
        stdin
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = child.kill();
    let _ = child.wait();
    let _ = writer.join();
    let status = status.expect("the server ends after `exit` although nobody reads its output");
    assert_eq!(status.code(), Some(0));
}
