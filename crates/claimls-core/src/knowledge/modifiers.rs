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
    /// For a modifier a coder adds to set an NCCI pair apart: the
    /// distinction it states, and the order such fixes are offered in.
    #[serde(default)]
    pub ncci_separates: Option<String>,
    #[serde(default)]
    pub ncci_rank: u8,
    /// The less specific modifier this one may be written instead of (XS
    /// for 59).
    #[serde(default)]
    pub replaces: Option<String>,
    pub source: String,
}

/// Why the modifiers of a set cannot stand together on one line.
#[derive(Debug, Deserialize)]
pub struct ConflictReason {
    pub modifiers: Vec<String>,
    pub why: String,
}

#[derive(Deserialize)]
struct File {
    modifier: Vec<Modifier>,
    #[serde(default)]
    conflict_reason: Vec<ConflictReason>,
}

struct Catalog {
    modifiers: CodeMap<Modifier>,
    conflict_reasons: Vec<ConflictReason>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let file: File = toml::from_str(TABLE).expect("data/modifiers.toml is checked by a unit test");
    Catalog {
        modifiers: file
            .modifier
            .into_iter()
            .map(|m| (m.code.clone(), m))
            .collect(),
        conflict_reasons: file.conflict_reason,
    }
});

pub fn get(code: &str) -> Option<&'static Modifier> {
    CATALOG.modifiers.get(code)
}

/// Why `a` and `b` cannot stand together: the first reason naming both.
pub fn conflict_reason(a: &str, b: &str) -> Option<&'static str> {
    CATALOG
        .conflict_reasons
        .iter()
        .find(|r| r.modifiers.iter().any(|m| m == a) && r.modifiers.iter().any(|m| m == b))
        .map(|r| r.why.as_str())
}

/// All modifiers, sorted by code.
pub fn all() -> Vec<&'static Modifier> {
    let mut all: Vec<_> = CATALOG.modifiers.values().collect();
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

    #[test]
    fn every_conflict_has_a_reason_and_every_reason_names_catalog_modifiers() {
        for m in all() {
            for other in &m.conflicts {
                assert!(
                    get(other).is_some(),
                    "{} conflicts with unknown {other}",
                    m.code
                );
                assert!(
                    conflict_reason(&m.code, other).is_some(),
                    "no conflict_reason for {} and {other}",
                    m.code
                );
            }
        }
        for reason in &CATALOG.conflict_reasons {
            for m in &reason.modifiers {
                assert!(get(m).is_some(), "conflict_reason names unknown {m}");
            }
        }
        assert_eq!(
            conflict_reason("50", "LT"),
            Some("50 already means both sides; LT/RT name one side")
        );
    }

    #[test]
    fn the_specific_modifiers_name_what_they_replace_and_what_they_separate() {
        for x in ["XE", "XS", "XP", "XU"] {
            let m = get(x).unwrap();
            assert_eq!(m.replaces.as_deref(), Some("59"), "{x}");
            assert!(m.ncci_separates.is_some() && m.ncci_associated, "{x}");
        }
        for m in all() {
            assert_eq!(m.ncci_separates.is_some(), m.ncci_rank > 0, "{}", m.code);
            if m.ncci_separates.is_some() {
                assert!(
                    m.ncci_associated,
                    "{} separates but is not NCCI-associated",
                    m.code
                );
            }
        }
    }
}
