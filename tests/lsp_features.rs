//! Editing features over stdio: completion, outline, navigation, inlay
//! hints, formatting, pull diagnostics.

mod common;

use common::{Client, SpawnClaimls, position_of};
use serde_json::{Value, json};
use std::time::Duration;

const TEXT: &str = "claim SRS-0001\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\ndx B C34.11\n\nline 2026-11-02 77372 units=1 dx=A,B charge=8950.00\nline 11/02/2026  77432 units=1 dx=A charge=$1,200.00\n";

fn start(text: &str) -> (Client, &'static str) {
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-features/a.claim";
    client.open(uri, text);
    client.diagnostics(uri, Some(1));
    (client, uri)
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

#[test]
fn completion_offers_valid_modifiers_and_resolves_docs() {
    let text = TEXT.replace("77432 units", "77295- units");
    let (mut client, uri) = start(&text);
    let (l, c) = position_of(&text, "77295-", 6);
    let response = client.request("textDocument/completion", at(uri, l, c));
    let items = response["result"]["items"].as_array().unwrap().clone();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(
        labels.contains(&"26") && labels.contains(&"TC"),
        "{labels:?}"
    );
    let first = items.iter().find(|i| i["label"] == "26").unwrap().clone();
    assert_eq!(
        first["textEdit"]["range"]["start"],
        json!({ "line": l, "character": c })
    );
    let resolved = client.request("completionItem/resolve", first);
    assert!(
        resolved["result"]["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("**26**")
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn outline_folding_definition_references_and_rename() {
    let (mut client, uri) = start(TEXT);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    )["result"]
        .clone();
    assert_eq!(symbols[0]["name"], "SRS-0001");
    assert_eq!(symbols[0]["detail"], "Medicare · $10,150.00");
    assert_eq!(symbols[0]["children"].as_array().unwrap().len(), 4);

    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    )["result"]
        .clone();
    assert_eq!(folds[0]["startLine"], 0);
    assert_eq!(folds[0]["endLine"], 9);

    let (l, c) = position_of(TEXT, "dx=A,B", 3);
    let def = client.request("textDocument/definition", at(uri, l, c))["result"].clone();
    assert_eq!(def["range"]["start"], json!({ "line": 5, "character": 3 }));

    let mut params = at(uri, 5, 3);
    params["context"] = json!({ "includeDeclaration": false });
    let refs = client.request("textDocument/references", params)["result"].clone();
    assert_eq!(refs.as_array().unwrap().len(), 2);

    let prepare = client.request("textDocument/prepareRename", at(uri, 5, 3))["result"].clone();
    assert_eq!(prepare["start"], json!({ "line": 5, "character": 3 }));
    let mut params = at(uri, 5, 3);
    params["newName"] = json!("C");
    let edit = client.request("textDocument/rename", params)["result"].clone();
    assert_eq!(edit["changes"][uri].as_array().unwrap().len(), 3);
    let mut params = at(uri, 5, 3);
    params["newName"] = json!("B");
    let refused = client.request("textDocument/rename", params);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already declares"),
        "{refused}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn inlay_hints_and_formatting() {
    let (mut client, uri) = start(TEXT);
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 10, "character": 0 } } }),
    )["result"]
        .clone();
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[0], " 2 lines · $10,150.00");
    assert_eq!(labels.len(), 3, "{labels:?}");

    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
    )["result"]
        .clone();
    let edits = edits.as_array().unwrap();
    assert_eq!(
        edits.len(),
        1,
        "the first service line is canonical already: {edits:?}"
    );
    assert_eq!(
        edits[0]["newText"],
        "line 2026-11-02 77432 units=1 dx=A   charge=1200.00"
    );
    let ranged = client.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 8, "character": 0 } },
                "options": { "tabSize": 4, "insertSpaces": true } }),
    )["result"]
        .clone();
    assert_eq!(ranged, json!([]), "the messy line 9 is outside the range");
    let ranged = client.request(
        "textDocument/rangeFormatting",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 9, "character": 0 }, "end": { "line": 9, "character": 5 } },
                "options": { "tabSize": 4, "insertSpaces": true } }),
    )["result"]
        .clone();
    assert_eq!(ranged.as_array().unwrap().len(), 1);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn pull_diagnostics_when_the_client_supports_them_and_never_push() {
    let mut client = Client::spawn(&[]);
    let caps = json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } });
    let response = client.initialize(caps, Value::Null);
    assert_eq!(
        response["result"]["capabilities"]["diagnosticProvider"]["identifier"],
        "claimls"
    );
    let uri = "file:///tmp/claimls-features/pull.claim";
    let text = TEXT.replace("77372 units", "77372-TC units");
    client.open(uri, &text);
    let report = client.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri } }),
    )["result"]
        .clone();
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "pctc-indicator");
    assert_eq!(report["resultId"], "1");
    let pushed = client.drain(Duration::from_millis(400));
    assert!(
        pushed
            .iter()
            .all(|m| m["method"] != "textDocument/publishDiagnostics"),
        "no push in pull mode: {pushed:?}"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn pair_conflicts_point_to_the_other_line() {
    let text = TEXT.replace("77432", "77371");
    let (mut client, _) = start("claim X\n");
    let uri = "file:///tmp/claimls-features/pair.claim";
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, Some(1));
    let ptp = diagnostics
        .iter()
        .find(|d| d["code"] == "ncci-ptp")
        .expect("an NCCI finding");
    let related = &ptp["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri);
    assert_eq!(
        related["location"]["range"]["start"]["line"], 8,
        "the column-1 line"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn quick_fixes_edit_in_utf16_and_clear_the_finding() {
    // An emoji before the modifier: the edit's columns must count UTF-16 units.
    let text = TEXT
        .replace("77372 units=1 dx=A,B", "77372-TC units=1 dx=A,B # 🦀")
        .replace("SRS-0001", "SRS-🦀");
    let mut client = Client::initialized();
    let uri = "file:///tmp/claimls-features/fix.claim";
    client.open(uri, &text);
    let diagnostics = client.diagnostics(uri, Some(1));
    let pctc = diagnostics
        .iter()
        .find(|d| d["code"] == "pctc-indicator")
        .unwrap()
        .clone();
    assert!(
        pctc.get("codeDescription").is_none(),
        "no link to a page that does not exist: {pctc}"
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": pctc["range"], "context": { "diagnostics": [pctc] } }),
    )["result"]
        .clone();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Remove modifier TC from 77372",
            "Ignore pctc-indicator on this line"
        ]
    );
    let remove = &actions[0];
    assert_eq!(remove["kind"], "quickfix");
    assert_eq!(remove["isPreferred"], true);
    let edit = &remove["edit"]["changes"][uri][0];
    let (line, col) = position_of(&text, "-TC", 0);
    assert_eq!(
        edit["range"]["start"],
        json!({ "line": line, "character": col })
    );
    assert_eq!(
        edit["range"]["end"],
        json!({ "line": line, "character": col + 3 })
    );
    // Apply it as an editor would and see the finding go.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": edit["range"], "text": edit["newText"] }] }),
    );
    let after = client.diagnostics(uri, Some(2));
    assert!(
        after.iter().all(|d| d["code"] != "pctc-indicator"),
        "{after:?}"
    );

    // Only refactors asked for: 59 → X modifiers.
    let with59 = TEXT.replace("77432 units", "77300-59 units");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": with59 }] }),
    );
    client.diagnostics(uri, Some(3));
    let (l, c) = position_of(&with59, "-59", 1);
    let refactors = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": l, "character": c }, "end": { "line": l, "character": c } },
                "context": { "diagnostics": [], "only": ["refactor"] } }),
    )["result"]
        .clone();
    let titles: Vec<&str> = refactors
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    // The catalog's order: the commonest distinction first.
    assert!(titles[0].starts_with("Replace 59 with XS"), "{titles:?}");
    assert!(titles[3].starts_with("Replace 59 with XU"), "{titles:?}");
    assert!(client.shutdown_and_exit().success());
}
