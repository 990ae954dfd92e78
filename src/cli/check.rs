//! `claimls check`: files → analysis → text or JSON, and an exit status
//! (0 clean, 1 errors found, 2 usage problem or unreadable file).

use super::Format;
use crate::config::{Config, ConfigError};
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{ColumnUnit, LineIndex};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One reported problem, in the shape of the JSON output.
#[derive(Serialize, Debug)]
struct Record {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    code: &'static str,
    message: String,
}

#[derive(Default)]
struct Tally {
    by_severity: [usize; 4],
    files: usize,
    unreadable: bool,
}

/// Runs the check; returns the exit status.
pub fn check(
    paths: &[PathBuf],
    config: Option<&Path>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut tally = Tally::default();
    let mut records = Vec::new();
    let files = collect_files(paths, err, &mut tally);
    let mut configs = ConfigCache::new(config, &mut records);
    for file in files {
        let bytes = match read_input(&file) {
            Ok(bytes) => bytes,
            Err(why) => {
                let _ = writeln!(err, "claimls: cannot read {}: {why}", file.display());
                tally.unreadable = true;
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let _ = writeln!(
                    err,
                    "claimls: {}:{line}:{column}: not UTF-8 text (save the file as UTF-8); skipped",
                    file.display(),
                );
                tally.unreadable = true;
                continue;
            }
        };
        tally.files += 1;
        let config = configs.for_file(&file, &mut records);
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let analysis = crate::analysis::analyze_parallel(&text, &config, threads);
        let index = LineIndex::new(&text);
        let name = if file.as_os_str() == STDIN {
            "<stdin>".to_string()
        } else {
            file.display().to_string()
        };
        records.extend(
            analysis
                .diagnostics
                .iter()
                .map(|d| record(&name, &text, &index, d)),
        );
    }
    for r in &records {
        tally.by_severity[severity_rank(r.severity)] += 1;
    }
    match format {
        Format::Text => {
            for r in &records {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {}[{}]: {}",
                    r.file, r.line, r.column, r.severity, r.code, r.message
                );
            }
            let [e, w, i, h] = tally.by_severity;
            let plural = |n: usize, one: &str| {
                if n == 1 {
                    format!("{n} {one}")
                } else {
                    format!("{n} {one}s")
                }
            };
            let _ = writeln!(
                out,
                "{}, {}, {} information, {} in {}",
                plural(e, "error"),
                plural(w, "warning"),
                i,
                plural(h, "hint"),
                plural(tally.files, "file")
            );
        }
        Format::Json => {
            let _ = serde_json::to_writer_pretty(&mut *out, &records);
            let _ = writeln!(out);
        }
    }
    if tally.unreadable {
        2
    } else if tally.by_severity[0] > 0 {
        1
    } else {
        0
    }
}

fn severity_rank(s: &str) -> usize {
    ["error", "warning", "information", "hint"]
        .iter()
        .position(|x| *x == s)
        .unwrap_or(3)
}

fn record(file: &str, text: &str, index: &LineIndex, d: &Diagnostic) -> Record {
    let (line, column) = index.position(text, d.span.start, ColumnUnit::Char);
    let (end_line, end_column) = index.position(text, d.span.end, ColumnUnit::Char);
    Record {
        file: file.to_string(),
        line: line + 1,
        column: column + 1,
        end_line: end_line + 1,
        end_column: end_column + 1,
        severity: d.severity.as_str(),
        code: d.code,
        message: d.message.to_string(),
    }
}

fn config_record(e: &ConfigError) -> Record {
    Record {
        file: e.origin.clone(),
        line: e.line.max(1),
        column: e.column.max(1),
        end_line: e.line.max(1),
        end_column: e.column.max(1),
        severity: Severity::Error.as_str(),
        code: crate::rules::CONFIG.id,
        message: e.message.clone(),
    }
}

/// The name `-` stands for standard input, as in most command-line tools.
const STDIN: &str = "-";

/// The bytes of one input: standard input for `-`, else a regular file.
/// Anything else is refused before it is opened for reading: a FIFO would
/// block the check forever and `/dev/zero` would fill the memory.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    if path.as_os_str() == STDIN {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        return Ok(bytes);
    }
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    crate::knowledge::regular_file(&metadata)
        .map_err(|what| format!("it is {what}, not a regular file"))?;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    // Checked again on the opened file: the path may have changed since.
    let opened = file.metadata().map_err(|e| e.to_string())?;
    crate::knowledge::regular_file(&opened)
        .map_err(|what| format!("it is {what}, not a regular file"))?;
    let mut bytes = Vec::with_capacity(opened.len() as usize);
    (&file).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Files named on the command line, directories expanded to their
/// `*.claim` files (sorted, so output is stable), `-` kept for standard
/// input. Symbolic links are followed, each directory once (a link back
/// up the tree is not a loop); a directory without claim files, and a path
/// that is not there, are reported.
fn collect_files(paths: &[PathBuf], err: &mut dyn Write, tally: &mut Tally) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN {
            files.push(path.clone());
        } else if path.is_dir() {
            let mut found = Vec::new();
            let mut seen = std::collections::HashSet::new();
            walk(path, &mut found, &mut seen, err);
            if found.is_empty() {
                let _ = writeln!(
                    err,
                    "claimls: {} holds no .claim files (name files to check them whatever their extension)",
                    path.display()
                );
                tally.unreadable = true;
            }
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            let _ = writeln!(
                err,
                "claimls: cannot read {}: no such file or directory",
                path.display()
            );
            tally.unreadable = true;
        }
    }
    files
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
    err: &mut dyn Write,
) {
    // Each directory once, by its real path: symbolic links may lead back.
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        let _ = writeln!(err, "claimls: cannot read the folder {}", dir.display());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Follows symbolic links (a link to a claim file is a claim file).
        let Ok(metadata) = std::fs::metadata(&path) else {
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                let _ = writeln!(
                    err,
                    "claimls: {} is a symbolic link to nothing; skipped",
                    path.display()
                );
            }
            continue;
        };
        if metadata.is_dir() {
            walk(&path, out, seen, err);
        } else if path.extension().is_some_and(|e| e == "claim") {
            out.push(path);
        }
    }
}

/// Configuration per file: `--config` for all, else the nearest
/// `claimls.toml` above each file, each loaded (and reported) once.
struct ConfigCache {
    fixed: Option<Config>,
    by_path: HashMap<PathBuf, Config>,
}

impl ConfigCache {
    fn new(path: Option<&Path>, records: &mut Vec<Record>) -> Self {
        let fixed = path.map(|p| {
            let (config, errors) = Config::load_file(p);
            records.extend(errors.iter().map(config_record));
            config
        });
        ConfigCache {
            fixed,
            by_path: HashMap::new(),
        }
    }

    fn for_file(&mut self, file: &Path, records: &mut Vec<Record>) -> Config {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        // Standard input is checked as if it were a file in the current folder.
        let dir = if file.as_os_str() == STDIN {
            std::env::current_dir().unwrap_or_default()
        } else {
            file.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let Some(path) = Config::discover(&dir) else {
            return Config::default();
        };
        self.by_path
            .entry(path.clone())
            .or_insert_with(|| {
                let (config, errors) = Config::load_file(&path);
                records.extend(errors.iter().map(config_record));
                config
            })
            .clone()
    }
}
