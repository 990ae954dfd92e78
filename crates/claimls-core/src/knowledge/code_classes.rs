//! Ranges of procedure codes that billing rules treat alike (E/M services;
//! codes that may carry the E/M-only modifiers), from
//! `data/code_classes.tsv`. Facts about the code set live in data, not in
//! the rules that use them.

use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/code_classes.tsv");

/// What a range of codes is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeClass {
    /// Evaluation and management services.
    Em,
    /// Not E/M, but may carry the E/M-only modifiers 24 and 25.
    EmModifiers,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRange {
    pub first: &'static str,
    pub last: &'static str,
    pub class: CodeClass,
    pub why: &'static str,
    pub confirmed: bool,
    pub source: &'static str,
}

static RANGES: LazyLock<Vec<CodeRange>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("first\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let class = match *f.get(2)? {
                "em" => CodeClass::Em,
                "em_modifiers" => CodeClass::EmModifiers,
                _ => return None,
            };
            Some(CodeRange {
                first: f.first()?,
                last: f.get(1)?,
                class,
                why: f.get(3)?,
                confirmed: *f.get(4)? == "yes",
                source: f.get(5)?,
            })
        })
        .collect()
});

/// The range of `class` that holds `code`, if any (five-character codes
/// compare as text within a range of the same shape).
pub fn range_of(code: &str, class: CodeClass) -> Option<&'static CodeRange> {
    RANGES.iter().find(|r| {
        r.class == class && code.len() == r.first.len() && (r.first..=r.last).contains(&code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_names_its_ranges() {
        assert_eq!(RANGES.len(), 2);
        assert!(range_of("99213", CodeClass::Em).is_some());
        assert!(range_of("99213", CodeClass::EmModifiers).is_none());
        assert!(range_of("92014", CodeClass::EmModifiers).is_some());
        assert!(range_of("92015", CodeClass::EmModifiers).is_none());
        assert!(range_of("9921", CodeClass::Em).is_none(), "four characters");
        assert!(
            RANGES
                .iter()
                .all(|r| !r.source.is_empty() && !r.why.is_empty())
        );
    }
}
