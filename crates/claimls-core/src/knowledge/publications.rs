//! Users' publication folders: documents that describe one procedure code
//! each, laid out in sections ("Summary & Overview", "Billing Code
//! Overview", "Clinical & Coding Specifications" with a modifier table).
//! Each one found enriches hover for its code. Files are only read, never
//! executed; a file that does not look like a publication is skipped with
//! a located message.

use super::table::LoadError;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Publication {
    pub path: PathBuf,
    pub code: String,
    pub title: String,
    pub overview: String,
    pub billing_overview: String,
    pub service_type: Option<String>,
    pub typical_site: Option<String>,
    pub clinical_context: String,
    pub modifiers: Vec<PublishedModifier>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedModifier {
    pub modifier: String,
    pub description: String,
    pub when_to_use: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Summary,
    Billing,
    Clinical,
    Coding,
}

/// Parses one publication. `None` when no procedure code can be found.
pub fn parse(text: &str, path: &Path) -> Option<Publication> {
    let mut publication = Publication {
        path: path.to_path_buf(),
        ..Publication::default()
    };
    let mut section = Section::None;
    let mut paragraphs: Vec<(Section, String)> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let heading = match line.to_ascii_lowercase().as_str() {
            "summary & overview" | "summary and overview" => Some(Section::Summary),
            "billing code overview" => Some(Section::Billing),
            "clinical & coding specifications" | "clinical context" => Some(Section::Clinical),
            "coding specifications" => Some(Section::Coding),
            _ => None,
        };
        if let Some(next) = heading {
            section = next;
            continue;
        }
        if publication.title.is_empty() && section == Section::Summary && find_code(line).is_some()
        {
            publication.title = line.to_string();
            publication.code = find_code(line).unwrap_or_default();
            continue;
        }
        if let Some(value) = field(line, "service type") {
            publication.service_type = Some(value);
            continue;
        }
        if let Some(value) = field(line, "typical site of service") {
            publication.typical_site = Some(value);
            continue;
        }
        if section == Section::Coding || line.contains('|') {
            if let Some(row) = modifier_row(line) {
                publication.modifiers.push(row);
            }
            continue;
        }
        paragraphs.push((section, line.to_string()));
    }
    if publication.code.is_empty() {
        publication.code = text.lines().find_map(find_code)?;
    }
    let join = |wanted: Section| {
        paragraphs
            .iter()
            .filter(|(s, _)| *s == wanted)
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    publication.overview = paragraphs
        .iter()
        .find(|(s, _)| *s == Section::Summary)
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    publication.billing_overview = join(Section::Billing);
    publication.clinical_context = join(Section::Clinical);
    Some(publication)
}

/// `CPT 77372`, `HCPCS G0339` or `code 77372` in a title line.
fn find_code(line: &str) -> Option<String> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|pair| {
        let system = pair[0].to_ascii_uppercase();
        let candidate = pair[1];
        (matches!(system.as_str(), "CPT" | "HCPCS" | "CODE")
            && crate::values::code_shape(candidate).is_some())
        .then(|| candidate.to_string())
    })
}

/// `Service type: X` (any case of the label).
fn field(line: &str, label: &str) -> Option<String> {
    let (key, value) = line.split_once(':')?;
    (key.trim().eq_ignore_ascii_case(label) && !value.trim().is_empty())
        .then(|| value.trim().to_string())
}

/// A modifier table row: `26 | Professional component | Use when …`
/// (leading/trailing pipes optional); header and separator rows are skipped.
fn modifier_row(line: &str) -> Option<PublishedModifier> {
    let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
    let [modifier, description, when_to_use, ..] = cells[..] else {
        return None;
    };
    let looks_like_modifier =
        (1..=2).contains(&modifier.len()) && modifier.chars().all(|c| c.is_ascii_alphanumeric());
    looks_like_modifier.then(|| PublishedModifier {
        modifier: modifier.to_ascii_uppercase(),
        description: description.to_string(),
        when_to_use: when_to_use.to_string(),
    })
}

/// Reads every `.txt`/`.md` file under `dir` (recursively, in name order).
/// Files that are not publications or cannot be read are reported.
pub fn load_dir(dir: &Path, errors: &mut Vec<LoadError>) -> Vec<Publication> {
    let mut files = Vec::new();
    collect(dir, &mut files, errors);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let origin = path.display().to_string();
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size > MAX_PUBLICATION_BYTES {
            errors.push(LoadError {
                origin,
                line: 0,
                message: format!(
                    "a publication of {} MB is too large (at most {} MB); skipped",
                    size / (1024 * 1024),
                    MAX_PUBLICATION_BYTES / (1024 * 1024)
                ),
            });
            continue;
        }
        match std::fs::read(&path) {
            Err(e) => errors.push(LoadError {
                origin,
                line: 0,
                message: format!("cannot read publication: {e}"),
            }),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(_) => errors.push(LoadError {
                    origin,
                    line: 0,
                    message: "publication is not UTF-8 text; skipped".to_string(),
                }),
                Ok(text) => match parse(&text, &path) {
                    Some(p) => out.push(p),
                    None => errors.push(LoadError {
                        origin,
                        line: 1,
                        message: "no procedure code found (expected a title like `CPT 77372: …`); skipped".to_string(),
                    }),
                },
            },
        }
    }
    out
}

/// A publication describes one code in a few pages; anything larger is not one.
const MAX_PUBLICATION_BYTES: u64 = 4 * 1024 * 1024;

/// The publication files under `dir` (regular `.txt`/`.md` files, found
/// recursively without following symbolic links), sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(dir, &mut files, &mut Vec::new());
    files.sort();
    files
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(LoadError {
                origin: dir.display().to_string(),
                line: 0,
                message: format!("cannot read publications folder: {e}"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, files, errors);
        } else if kind.is_file()
            && path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
        {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A made-up publication in the same layout (not the seeds' text).
    const SAMPLE: &str = "Summary & Overview\nCPT 99999: Example Service\nAn example overview paragraph.\nBilling Code Overview\nThe code covers an example.\nService type: Example type\nTypical site of service: Example clinic\nClinical & Coding Specifications\nClinical Context\nA patient needs the example.\nCoding Specifications\n| Modifier | Description | When to Use |\n|---|---|---|\nTC | Technical component | When only the equipment part is billed. |\n26 | Professional component | When only the reading is billed.|";

    #[test]
    fn parses_sections_fields_and_the_modifier_table() {
        let p = parse(SAMPLE, Path::new("x.txt")).unwrap();
        assert_eq!(p.code, "99999");
        assert_eq!(p.title, "CPT 99999: Example Service");
        assert_eq!(p.overview, "An example overview paragraph.");
        assert_eq!(p.service_type.as_deref(), Some("Example type"));
        assert_eq!(p.typical_site.as_deref(), Some("Example clinic"));
        assert_eq!(p.clinical_context, "A patient needs the example.");
        let mods: Vec<_> = p.modifiers.iter().map(|m| m.modifier.as_str()).collect();
        assert_eq!(mods, ["TC", "26"]);
        assert_eq!(
            p.modifiers[1].when_to_use,
            "When only the reading is billed."
        );
    }

    #[test]
    fn a_document_without_a_code_is_not_a_publication() {
        assert!(parse("Summary & Overview\nNothing here\n", Path::new("x.txt")).is_none());
    }
}
