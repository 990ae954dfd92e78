//! The modifier catalog, from `data/modifiers.toml`.

use super::CodeMap;
use serde::Deserialize;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../../../data/modifiers.toml");

/// Whether a modifier changes what is paid or only informs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModifierKind {
    Pricing,
    Informational,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    pub code: String,
    pub name: String,
    pub kind: ModifierKind,
    pub meaning: String,
    pub when_to_use: String,
    #[serde(default)]
    pub conflicts: Vec<String>,
    /// Accepted by NCCI to bypass a procedure-to-procedure edit whose
    /// modifier indicator is 1.
    #[serde(default)]
    pub ncci_associated: bool,
    /// Only valid on evaluation and management codes (24, 25, 57).
    #[serde(default)]
    pub em_only: bool,
    /// Never valid on evaluation and management codes (59, XE/XS/XP/XU).
    #[serde(default)]
    pub not_on_em: bool,
    pub source: String,
}

#[derive(Deserialize)]
struct File {
    modifier: Vec<Modifier>,
}

static MODIFIERS: LazyLock<CodeMap<Modifier>> = LazyLock::new(|| {
    let file: File = toml::from_str(TABLE).expect("data/modifiers.toml is checked by a unit test");
    file.modifier
        .into_iter()
        .map(|m| (m.code.clone(), m))
        .collect()
});

pub fn get(code: &str) -> Option<&'static Modifier> {
    MODIFIERS.get(code)
}

/// All modifiers, sorted by code.
pub fn all() -> Vec<&'static Modifier> {
    let mut all: Vec<_> = MODIFIERS.values().collect();
    all.sort_by(|a, b| a.code.cmp(&b.code));
    all
}

/// Whether `a` and `b` may not stand on one line together (either side's
/// list counts, so a one-sided entry in the data still works).
pub fn conflict(a: &str, b: &str) -> bool {
    let lists = |x: &str, y: &str| get(x).is_some_and(|m| m.conflicts.iter().any(|c| c == y));
    lists(a, b) || lists(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_parses_and_has_the_required_modifiers() {
        for code in [
            "22", "24", "25", "26", "50", "51", "52", "53", "54", "55", "57", "58", "59", "62",
            "66", "76", "77", "78", "79", "80", "82", "91", "95", "TC", "XE", "XS", "XP", "XU",
            "GA", "GX", "GY", "GZ", "KX", "LT", "RT", "JW", "JZ", "Q0", "Q1", "AS",
        ] {
            assert!(get(code).is_some(), "modifier {code} is in the catalog");
        }
        assert_eq!(get("26").unwrap().kind, ModifierKind::Pricing);
        assert_eq!(get("GA").unwrap().kind, ModifierKind::Informational);
    }

    #[test]
    fn conflicts_are_found_from_either_side() {
        for (a, b) in [
            ("26", "TC"),
            ("59", "XE"),
            ("59", "XU"),
            ("GA", "GY"),
            ("GY", "GZ"),
            ("GA", "GX"),
            ("JW", "JZ"),
            ("54", "55"),
            ("50", "LT"),
            ("LT", "RT"),
        ] {
            assert!(conflict(a, b) && conflict(b, a), "{a} and {b} conflict");
        }
        assert!(!conflict("26", "59"));
    }
}
