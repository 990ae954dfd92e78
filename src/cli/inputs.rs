//! What the commands read: the files and folders named on the command
//! line (folders expanded to their claim files), standard input for `-`,
//! and only regular files.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The name `-` stands for standard input, as in most command-line tools.
pub const STDIN: &str = "-";

/// The bytes of one input: standard input for `-`, else a regular file.
/// Anything else is refused before it is opened for reading: a FIFO would
/// block the check forever and `/dev/zero` would fill the memory.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    if path.as_os_str() == STDIN {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        return Ok(bytes);
    }
    claimls_core::files::read_regular(path, u64::MAX)
}

/// Files named on the command line, directories expanded to their
/// `*.claim` files (sorted, so output is stable), `-` kept for standard
/// input. Symbolic links are followed, each directory once (a link back
/// up the tree is not a loop); a directory without claim files, and a path
/// that is not there, are reported.
pub fn collect_files(paths: &[PathBuf], err: &mut dyn Write, failed: &mut bool) -> Vec<PathBuf> {
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
                *failed = true;
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
            *failed = true;
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

/// `bytes` as UTF-8 text, or a message that locates the first bad byte
/// (`path:line:column: not UTF-8 text …`).
pub fn decode(bytes: Vec<u8>, name: &str) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{name}:{line}:{column}: not UTF-8 text (save the file as UTF-8); skipped")
    })
}

/// How an input is named in output: `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == STDIN {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}
