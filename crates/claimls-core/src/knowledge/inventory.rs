//! Which tables claimls is using, where each comes from and what period it
//! covers: the answer to `claimls data`. The built-in tables describe
//! themselves in their `#` header lines (every table in `data/` names its
//! source and dates there); this module reads those lines rather than
//! repeating them, so the listing cannot drift from the files.

use super::{
    code_classes, coding_limits, filing_limits, icd_notes, icd_years, icd10, mce, modifiers, mpfs,
    mue, payers, pos, procedures, ptp, sessions,
};

/// One table in use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableInfo {
    /// What the table holds, in a few words.
    pub what: String,
    /// `data/…` for a built-in table, the path for a user's file.
    pub origin: String,
    /// Compiled into claimls (else loaded from the user's configuration).
    pub built_in: bool,
    /// Entries read: rows of a table, entries of a catalog.
    pub rows: usize,
    /// Where the facts come from, and its release.
    pub source: String,
    /// The dates of service (or the period) the table is for.
    pub effective: String,
    /// For tables with a `confirmed` column: how many rows were read from
    /// the source file (yes) and how many claimls inferred (no).
    pub confirmed: Option<(usize, usize)>,
}

/// How to count a built-in file's entries.
#[derive(Clone, Copy)]
enum Entries {
    /// Tab-separated rows after the column header.
    Rows,
    /// Tab-separated rows, no column header (the columns are described
    /// in a comment).
    HeaderlessRows,
    /// `[[name]]` tables of a TOML catalog.
    Toml(&'static str),
    /// `[name.rules]` tables (the payer profiles).
    Profiles,
}

/// Every table compiled into claimls: (what, path, text, how to count).
fn built_in_files() -> Vec<(&'static str, &'static str, &'static str, Entries)> {
    let mut files = vec![
        (
            "ICD-10-CM code set (FY2026)",
            "data/icd10cm.tsv",
            icd10::TABLE,
            Entries::HeaderlessRows,
        ),
        (
            "ICD-10-CM changes for FY2027",
            "data/icd10cm/fy2027-changes.tsv",
            icd_years::FY2027_CHANGES,
            Entries::Rows,
        ),
        (
            "ICD-10-CM Excludes1 notes",
            "data/icd10cm/excludes1.tsv",
            icd_notes::EXCLUDES1,
            Entries::Rows,
        ),
        (
            "ICD-10-CM code first and use additional code notes",
            "data/icd10cm/code-first-additional.tsv",
            icd_notes::CODE_FIRST_ADDITIONAL,
            Entries::Rows,
        ),
        (
            "Medicare Code Editor edits, FY2026",
            "data/mce/fy2026.tsv",
            mce::FY2026,
            Entries::Rows,
        ),
        (
            "Medicare Code Editor edits, FY2027",
            "data/mce/fy2027.tsv",
            mce::FY2027,
            Entries::Rows,
        ),
        (
            "Medicare Code Editor age ranges",
            "data/mce/age-ranges.tsv",
            mce::AGE_RANGES,
            Entries::Rows,
        ),
        (
            "ICD-10-CM search terms (completion)",
            "data/icd_search_terms.tsv",
            icd10::search_terms::TABLE,
            Entries::Rows,
        ),
    ];
    for (_, path, text) in mpfs::EMBEDDED {
        files.push(("Medicare physician fee schedule", path, text, Entries::Rows));
    }
    files.extend([
        (
            "fee schedule status and indicator legends",
            "data/mpfs/legend.tsv",
            mpfs::LEGEND,
            Entries::Rows,
        ),
        (
            "modifiers governed by fee-schedule indicators",
            "data/mpfs/indicator_modifiers.tsv",
            mpfs::INDICATOR_MODIFIERS,
            Entries::Rows,
        ),
        (
            "NCCI PTP edits (sample)",
            "data/ncci_ptp.tsv",
            ptp::EMBEDDED,
            Entries::Rows,
        ),
        (
            "Medically Unlikely Edits (sample)",
            "data/mue.tsv",
            mue::EMBEDDED,
            Entries::Rows,
        ),
        (
            "procedure code classes",
            "data/code_classes.tsv",
            code_classes::TABLE,
            Entries::Rows,
        ),
        (
            "places of service",
            "data/pos.tsv",
            pos::TABLE,
            Entries::HeaderlessRows,
        ),
        (
            "hospital places of service (technical parts)",
            "data/hospital_places.tsv",
            pos::HOSPITAL_PLACES,
            Entries::Rows,
        ),
        (
            "add-on codes and their primary codes",
            "data/add_on_primaries.tsv",
            coding_limits::ADD_ON_PRIMARIES,
            Entries::Rows,
        ),
        (
            "limits per course of treatment",
            "data/treatment_courses.tsv",
            coding_limits::TREATMENT_COURSES,
            Entries::Rows,
        ),
        (
            "payer prior authorisation policies",
            "data/prior_auth.tsv",
            coding_limits::PRIOR_AUTH,
            Entries::Rows,
        ),
        (
            "procedure catalog (claimls summaries)",
            "data/procedures.toml",
            procedures::TABLE,
            Entries::Toml("procedure"),
        ),
        (
            "modifier catalog",
            "data/modifiers.toml",
            modifiers::TABLE,
            Entries::Toml("modifier"),
        ),
        (
            "payer catalog",
            "data/payers.toml",
            payers::TABLE,
            Entries::Toml("payer"),
        ),
        (
            "codes given in one session",
            "data/session_codes.tsv",
            sessions::TABLE,
            Entries::Rows,
        ),
        (
            "timely filing limits per payer profile",
            "data/filing_limits.tsv",
            filing_limits::TABLE,
            Entries::Rows,
        ),
        (
            "payer edit profiles",
            "data/profiles.toml",
            crate::profiles::TABLE,
            Entries::Profiles,
        ),
    ]);
    files
}

/// The built-in tables, described from their own headers.
pub fn built_in() -> Vec<TableInfo> {
    built_in_files()
        .into_iter()
        .map(|(what, origin, text, entries)| TableInfo {
            what: what.to_string(),
            origin: origin.to_string(),
            built_in: true,
            rows: count(text, entries),
            confirmed: confirmed_counts(text),
            source: match entries {
                Entries::Toml(_) => {
                    "claimls's own catalog, hand-written; each entry names the sources of its facts"
                        .to_string()
                }
                _ => first_sentence(
                    &header_value(text, &["Source:", "Sources:"])
                        .or_else(|| first_comment(text))
                        .unwrap_or_default(),
                ),
            },
            effective: header_value(
                text,
                &[
                    "Effective:",
                    "Release effective date:",
                    "Fiscal year:",
                    "Fiscal years:",
                    "Version:",
                    "Compiled:",
                    "Compiled",
                ],
            )
            .map(|e| first_sentence(&e))
            .unwrap_or_else(|| "no fixed period (see the file's header)".to_string()),
        })
        .collect()
}

fn count(text: &str, entries: Entries) -> usize {
    let lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    match entries {
        // The first such line is the column header.
        Entries::Rows => lines.count().saturating_sub(1),
        Entries::HeaderlessRows => lines.count(),
        Entries::Toml(name) => {
            let table = format!("[[{name}]]");
            lines.filter(|l| l.trim() == table).count()
        }
        Entries::Profiles => lines
            .filter(|l| l.starts_with('[') && l.trim_end().ends_with(".rules]"))
            .count(),
    }
}

/// (read from the source, inferred) over the `confirmed` column, if any.
fn confirmed_counts(text: &str) -> Option<(usize, usize)> {
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let column = lines.next()?.split('\t').position(|c| c == "confirmed")?;
    let (mut yes, mut no) = (0, 0);
    for line in lines {
        match line.split('\t').nth(column).map(str::trim) {
            Some("yes") => yes += 1,
            _ => no += 1,
        }
    }
    Some((yes, no))
}

/// The rest of the first `#` header line that starts with one of `keys`
/// (in the order given: the first key found anywhere wins).
fn header_value(text: &str, keys: &[&str]) -> Option<String> {
    let comments: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix('#'))
        .map(str::trim)
        .collect();
    keys.iter().find_map(|key| {
        let at = comments.iter().position(|c| c.starts_with(key))?;
        let mut value = comments[at][key.len()..].trim().to_string();
        // A value wrapped over several lines goes on in lower case.
        for next in &comments[at + 1..] {
            if value.ends_with(['.', ';', ')']) || !next.starts_with(|c: char| c.is_lowercase()) {
                break;
            }
            value.push(' ');
            value.push_str(next);
        }
        let value = value.trim_end_matches('.').to_string();
        (!value.is_empty()).then_some(value)
    })
}

/// Up to the end of the first sentence: header lines wrap, and the rest of
/// a source note is in the file for whoever opens it.
fn first_sentence(text: &str) -> String {
    // ". " before a capital ends a sentence; "Pub. 100-04" does not.
    let end = text
        .match_indices(". ")
        .find(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_uppercase()))
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim_end_matches([';', ',', '.']).to_string()
}

fn first_comment(text: &str) -> Option<String> {
    text.lines()
        .next()?
        .strip_prefix('#')
        .map(|c| c.trim().trim_end_matches('.').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_table_names_its_source_and_has_rows() {
        let tables = built_in();
        assert!(tables.len() >= 18, "{}", tables.len());
        for t in &tables {
            assert!(t.rows > 0, "{}: no rows", t.origin);
            assert!(!t.source.is_empty(), "{}: no source", t.origin);
        }
        let cy2026 = tables
            .iter()
            .find(|t| t.origin == "data/mpfs/cy2026.tsv")
            .unwrap();
        assert_eq!(cy2026.rows, 19_356);
        assert!(cy2026.source.contains("RVU26C"), "{}", cy2026.source);
        assert!(cy2026.effective.starts_with("2026-01-01 to 2026-12-31"));
        let icd = tables
            .iter()
            .find(|t| t.origin == "data/icd10cm.tsv")
            .unwrap();
        assert_eq!(icd.rows, 98_186);
        let pos = tables.iter().find(|t| t.origin == "data/pos.tsv").unwrap();
        assert!(pos.rows > 50, "{}", pos.rows);
        // Provenance per row: the MPFS rows are all read from the CMS file,
        // the sample PTP edits all inferred.
        assert_eq!(cy2026.confirmed, Some((19_356, 0)));
        let ptp = tables
            .iter()
            .find(|t| t.origin == "data/ncci_ptp.tsv")
            .unwrap();
        assert_eq!(ptp.confirmed, Some((0, ptp.rows)));
        assert!(icd.effective.starts_with("2026-04-01"), "{}", icd.effective);
    }

    #[test]
    fn every_embedded_data_file_is_listed() {
        // A table added to data/ must be added to the inventory too.
        let listed: Vec<String> = built_in().into_iter().map(|t| t.origin).collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut missing = Vec::new();
        let mut dirs = vec![root.join("data")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let relative = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if !listed.contains(&relative) {
                    missing.push(relative);
                }
            }
        }
        assert!(missing.is_empty(), "not in the inventory: {missing:?}");
    }
}
