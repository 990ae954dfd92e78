//! The documentation matches the repository: every example, file and
//! relative link it names exists, and the example publication loads.

mod common;

use common::repo;
use std::path::PathBuf;

/// The Markdown files users read.
fn documents() -> Vec<PathBuf> {
    let root = repo();
    let mut out = vec![
        root.join("README.md"),
        root.join("editors/README.md"),
        root.join("editors/vscode/README.md"),
        root.join("editors/vscode/DEVELOPING.md"),
    ];
    for folder in ["docs", "docs/editors"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The targets of `[text](target)` links that point into the repository.
fn relative_links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split('#').next().unwrap_or("").trim();
        if !target.is_empty() && !target.contains("://") && !target.starts_with("mailto:") {
            out.push(target.to_string());
        }
    }
    out
}

/// Paths written in the text as `examples/…`, `docs/…`, `tests/fixtures/…`,
/// `scripts/…` or `data/…` (a file name with an extension), relative to the
/// repository root.
fn named_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in ["examples/", "docs/", "tests/fixtures/", "scripts/", "data/"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            // Not part of a longer path (`../examples/` is a link, checked above).
            if start > 0
                && !text.as_bytes()[start - 1].is_ascii_whitespace()
                && text.as_bytes()[start - 1] != b'`'
            {
                continue;
            }
            let path: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "/._-".contains(*c))
                .collect();
            let path = path.trim_end_matches(['.', '/']);
            let file = path.rsplit('/').next().unwrap_or("");
            if file.contains('.') && !file.contains('*') {
                out.push(path.to_string());
            }
        }
    }
    out
}

#[test]
fn every_file_and_relative_link_the_docs_name_exists() {
    let root = repo();
    let mut missing = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        let dir = doc.parent().unwrap();
        for link in relative_links(&text) {
            if !dir.join(&link).exists() {
                missing.push(format!("{}: link {link}", doc.display()));
            }
        }
        for path in named_paths(&text) {
            // Relative to the repository, or to the page's own folder.
            if !root.join(&path).exists() && !dir.join(&path).exists() {
                missing.push(format!("{}: names {path}", doc.display()));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn the_format_page_lists_every_example() {
    let page = std::fs::read_to_string(repo().join("docs/claim-format.md")).unwrap();
    let mut examples: Vec<String> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".claim"))
        .collect();
    examples.sort();
    for name in &examples {
        assert!(
            page.contains(&format!("examples/{name}")),
            "docs/claim-format.md does not list {name}"
        );
    }
    let count = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ][examples.len().min(10)];
    assert!(
        page.contains(&format!("holds {count} claim files")),
        "docs/claim-format.md should say it holds {count} claim files"
    );
}

#[test]
fn the_example_publication_loads() {
    let dir = repo().join("docs/publication-example");
    let kb = claimls::knowledge::Knowledge::load(&claimls::knowledge::DataSources {
        docs: vec![dir],
        ..Default::default()
    });
    assert!(kb.load_errors.is_empty(), "{:?}", kb.load_errors);
    let p = kb
        .publication("77373")
        .expect("the example describes 77373");
    assert!(
        p.typical_site
            .as_deref()
            .unwrap_or("")
            .contains("freestanding")
    );
    assert_eq!(p.modifiers[0].modifier, "GA");
}

#[test]
fn the_vs_code_settings_are_the_servers_settings() {
    // package.json declares the extension's settings; those the server
    // reads are generated from the server (scripts/sync_vscode_settings.py).
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let mut declared = package["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap()
        .clone();
    for editor_only in ["claimls.server.path", "claimls.trace.server"] {
        assert!(declared.remove(editor_only).is_some(), "{editor_only}");
    }
    let schema = claimls::settings_schema::properties();
    assert_eq!(
        serde_json::Value::Object(declared),
        schema,
        "editors/vscode/package.json is out of date: run `python3 scripts/sync_vscode_settings.py`"
    );
}

#[test]
fn the_neovim_setup_in_the_docs_is_the_file_ci_runs() {
    let page = std::fs::read_to_string(repo().join("editors/README.md")).unwrap();
    let setup = std::fs::read_to_string(repo().join("editors/nvim/examples/init.lua")).unwrap();
    assert!(
        page.contains(&format!("```lua\n{setup}```")),
        "editors/README.md must include editors/nvim/examples/init.lua verbatim"
    );
    assert!(!page.contains("<owner>"), "no placeholders in the snippets");
}

#[test]
fn the_analysis_core_knows_neither_lsp_nor_an_async_runtime() {
    // docs/ARCHITECTURE.md: exactly one crate knows LSP and tokio. The
    // compiler enforces it as long as the core's manifest does not name them.
    // The names in a manifest's [dependencies] table (comments skipped).
    let dependencies = |manifest: &str| -> Vec<String> {
        let table = manifest.split("\n[dependencies]").nth(1).unwrap();
        let table = table.split("\n[").next().unwrap();
        table
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter_map(|l| l.split('=').next())
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty())
            .collect()
    };
    let core = dependencies(
        &std::fs::read_to_string(repo().join("crates/claimls-core/Cargo.toml")).unwrap(),
    );
    assert!(core.contains(&"serde".to_string()), "{core:?}");
    for forbidden in ["tokio", "tower-lsp-server", "ropey", "clap", "claimls-lsp"] {
        assert!(
            !core.iter().any(|d| d == forbidden),
            "claimls-core depends on {forbidden}"
        );
    }
    let cli = dependencies(&std::fs::read_to_string(repo().join("Cargo.toml")).unwrap());
    for forbidden in ["tokio", "tower-lsp-server"] {
        assert!(
            !cli.iter().any(|d| d == forbidden),
            "the CLI crate depends on {forbidden}"
        );
    }
}

#[test]
fn nothing_outside_knowledge_reads_a_table_module_directly() {
    // docs/ARCHITECTURE.md: Knowledge is the one façade over the tables.
    let root = repo().join("crates/claimls-core/src");
    let mut offenders = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "knowledge") {
                    stack.push(path);
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for table in [
                "procedures",
                "modifiers",
                "pos",
                "payers",
                "icd10",
                "mue",
                "pctc",
                "ptp",
                "coding_limits",
            ] {
                for call in [
                    "::all(",
                    "::get(",
                    "::find(",
                    "::table(",
                    "::source(",
                    "::add_on(",
                    "::course_limit",
                    "::prior_auth",
                ] {
                    // Named in full, or through an imported module.
                    let needle = format!("{table}{call}");
                    if text.contains(&needle) {
                        offenders.push(format!("{}: {needle}", path.display()));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}
