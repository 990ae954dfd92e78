//! `claimls check --format sarif`: the findings as a SARIF 2.1.0 log, the
//! format code-scanning tools read (one run, the rules that fired with
//! their documentation, each finding with its location, related places
//! and fixes). Columns count Unicode code points, as the run declares.

use super::check::Record;
use serde_json::{Value, json};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn log(records: &[Record]) -> Value {
    let mut rule_ids: Vec<&str> = records.iter().map(|r| r.code).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| match claimls_core::rules::get(id) {
            Some(rule) => json!({
                "id": rule.id,
                "name": rule.title,
                "shortDescription": { "text": rule.title },
                "fullDescription": { "text": rule.what },
                "help": {
                    "text": format!("{}\n\nWhy payers care: {}\n\nFix: {}", rule.what, rule.why, rule.fix),
                    "markdown": format!("**What it checks.** {}\n\n**Why payers care.** {}\n\n**Fix.** {}\n\nMore: `claimls explain {}`", rule.what, rule.why, rule.fix, rule.id),
                },
                "defaultConfiguration": { "level": level(rule.severity.as_str()) },
            }),
            None => json!({ "id": id }),
        })
        .collect();
    let results: Vec<Value> = records
        .iter()
        .map(|r| {
            let region = |line: usize, column: usize, end_line: usize, end_column: usize| {
                json!({ "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column })
            };
            let artifact = json!({ "uri": uri(&r.file) });
            json!({
                "ruleId": r.code,
                "ruleIndex": rule_ids.iter().position(|id| *id == r.code),
                "level": level(r.severity),
                "message": { "text": r.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(r.line, r.column, r.end_line, r.end_column),
                    }
                }],
                "relatedLocations": r.related.iter().enumerate().map(|(i, rel)| json!({
                    "id": i,
                    "message": { "text": rel.message },
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": region(rel.line, rel.column, rel.end_line, rel.end_column),
                    }
                })).collect::<Vec<_>>(),
                "fixes": r.fixes.iter().map(|f| json!({
                    "description": { "text": f.title },
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": f.edits.iter().map(|e| json!({
                            "deletedRegion": region(e.line, e.column, e.end_line, e.end_column),
                            "insertedContent": { "text": e.new_text },
                        })).collect::<Vec<_>>(),
                    }],
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "claimls",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// SARIF levels: error, warning, note (information and hints).
fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// A file name as a URI reference: an absolute path as a `file:` URI, a
/// relative one as a relative reference (forward slashes; reserved
/// characters, `:` among them, percent-encoded).
fn uri(file: &str) -> String {
    let path = file.replace('\\', "/");
    let windows_drive =
        path.len() > 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if windows_drive {
        // C:/x → file:///C:/x (the drive's colon is part of the path).
        return format!("file:///{}:{}", &path[..1], encode(&path[2..]));
    } else {
        ("", path.as_str())
    };
    format!("{prefix}{}", encode(rest))
}

fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri("examples/a b.claim"), "examples/a%20b.claim");
        assert_eq!(uri("/tmp/x:y.claim"), "file:///tmp/x%3Ay.claim");
        assert_eq!(uri("C:\\claims\\a.claim"), "file:///C:/claims/a.claim");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}
