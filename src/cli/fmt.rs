//! `claimls fmt [--check] PATH…`: the editor's formatter for scripts and CI.
//! Rewrites each claim file in its canonical layout (`ide::format`), or with
//! `--check` only says which files would change, and how, and exits 1.
//! `-` formats standard input to standard output.

use super::inputs::{STDIN, collect_files, decode, display_name, read_input};
use std::io::Write;
use std::path::PathBuf;

/// Runs the formatter; returns the exit status: 0 when every file is (or
/// now is) formatted, 1 when `--check` found a file to reformat, 2 when a
/// file could not be read or written.
pub fn fmt(paths: &[PathBuf], check: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut failed = false;
    let mut would_change = 0;
    let files = collect_files(paths, err, &mut failed);
    for file in files {
        let name = display_name(&file);
        let text = match read_input(&file).and_then(|b| decode(b, &name)) {
            Ok(text) => text,
            Err(why) => {
                let _ = writeln!(err, "claimls: cannot format {name}: {why}");
                failed = true;
                continue;
            }
        };
        let edits = claimls_core::ide::format::format(&text);
        let formatted = apply(&text, &edits);
        if file.as_os_str() == STDIN && !check {
            let _ = out.write_all(formatted.as_bytes());
            continue;
        }
        if edits.is_empty() {
            continue;
        }
        if check {
            would_change += 1;
            let _ = writeln!(out, "would reformat {name}:");
            for edit in &edits {
                let old = &text[edit.span.start..edit.span.end];
                let _ = writeln!(out, "  {}: -{old}", edit.line + 1);
                let _ = writeln!(out, "  {}: +{}", edit.line + 1, edit.new_text);
            }
            continue;
        }
        match std::fs::write(&file, formatted) {
            Ok(()) => {
                let _ = writeln!(out, "reformatted {name}");
            }
            Err(e) => {
                let _ = writeln!(err, "claimls: cannot write {name}: {e}");
                failed = true;
            }
        }
    }
    if check && would_change > 0 {
        let _ = writeln!(
            out,
            "{would_change} file{} would be reformatted; run `claimls fmt` on {}",
            if would_change == 1 { "" } else { "s" },
            if would_change == 1 { "it" } else { "them" }
        );
    }
    if failed {
        2
    } else if would_change > 0 {
        1
    } else {
        0
    }
}

/// The text with each line edit applied (edits do not overlap).
fn apply(text: &str, edits: &[claimls_core::ide::format::LineEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.new_text);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}
