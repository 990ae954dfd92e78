//! `claimls check`: files → analysis → text, JSON or SARIF, and an exit
//! status (0 clean, 1 errors found, 2 usage problem or unreadable file).

use super::Format;
use super::inputs::{STDIN, collect_files, decode, display_name, read_input};
use claimls_core::config::{Config, ConfigError};
use claimls_core::diagnostic::{Diagnostic, Severity};
use claimls_core::text::{ColumnUnit, LineIndex};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One reported problem, in the shape of the JSON output. Lines and
/// columns are 1-based; columns count characters.
#[derive(Serialize, Debug)]
pub struct Record {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    /// Other places that explain it (the other line of a conflicting pair).
    pub related: Vec<RelatedRecord>,
    /// The fixes an editor offers, best first.
    pub fixes: Vec<FixRecord>,
}

/// A place in the same file, with what it shows.
#[derive(Serialize, Debug)]
pub struct RelatedRecord {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

/// A fix: a titled set of replacements in the same file.
#[derive(Serialize, Debug)]
pub struct FixRecord {
    pub title: String,
    /// The one an editor may apply without asking.
    pub preferred: bool,
    pub edits: Vec<EditRecord>,
}

/// Replace the text between two positions (1-based, characters) with `new_text`.
#[derive(Serialize, Debug)]
pub struct EditRecord {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: String,
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
    as_of: Option<claimls_core::values::Date>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut tally = Tally::default();
    let mut records = Vec::new();
    let files = collect_files(paths, err, &mut tally.unreadable);
    let mut configs = ConfigCache::new(config, &mut records);
    for file in files {
        let bytes = match read_input(&file) {
            Ok(bytes) => bytes,
            Err(why) => {
                let _ = writeln!(err, "claimls: cannot read {}: {why}", display_name(&file));
                tally.unreadable = true;
                continue;
            }
        };
        let text = match decode(bytes, &display_name(&file)) {
            Ok(text) => text,
            Err(why) => {
                let _ = writeln!(err, "claimls: {why}");
                tally.unreadable = true;
                continue;
            }
        };
        tally.files += 1;
        let mut config = configs.for_file(&file, &mut records);
        if as_of.is_some() {
            config.today = as_of;
        }
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let analysis = claimls_core::analysis::analyze_parallel(&text, &config, threads);
        let index = LineIndex::new(&text);
        let name = display_name(&file);
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
        Format::Sarif => {
            let _ = serde_json::to_writer_pretty(&mut *out, &super::sarif::log(&records));
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
    let at = |offset: usize| {
        let (line, column) = index.position(text, offset, ColumnUnit::Char);
        (line + 1, column + 1)
    };
    let ((line, column), (end_line, end_column)) = (at(d.span.start), at(d.span.end));
    Record {
        file: file.to_string(),
        line,
        column,
        end_line,
        end_column,
        severity: d.severity.as_str(),
        code: d.code,
        message: d.message.to_string(),
        related: d
            .related
            .iter()
            .map(|r| {
                let ((line, column), (end_line, end_column)) = (at(r.span.start), at(r.span.end));
                RelatedRecord {
                    line,
                    column,
                    end_line,
                    end_column,
                    message: r.message.clone(),
                }
            })
            .collect(),
        fixes: d
            .fixes
            .iter()
            .map(|f| FixRecord {
                title: f.title.clone(),
                preferred: f.preferred,
                edits: f
                    .edits(text)
                    .into_iter()
                    .map(|(span, new_text)| {
                        let ((line, column), (end_line, end_column)) =
                            (at(span.start), at(span.end));
                        EditRecord {
                            line,
                            column,
                            end_line,
                            end_column,
                            new_text,
                        }
                    })
                    .collect(),
            })
            .collect(),
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
        code: claimls_core::rules::CONFIG.id,
        message: e.message.clone(),
        related: Vec::new(),
        fixes: Vec::new(),
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
