//! The modifier catalog, from `data/modifiers.toml`.

use super::CodeMap;
use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/modifiers.toml");

/// What a modifier does to a line (defined in `data/modifiers.toml`'s
/// header): sets which part or share of the fee is paid, names a body
/// site, informs, or makes a payment or liability policy apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModifierKind {
    Pricing,
    Anatomic,
    Informational,
    PaymentPolicy,
}

impl ModifierKind {
    /// The kind in words, as hover and messages say it.
    pub fn name(self) -> &'static str {
        match self {
            ModifierKind::Pricing => "pricing",
            ModifierKind::Anatomic => "anatomic",
            ModifierKind::Informational => "informational",
            ModifierKind::PaymentPolicy => "payment-policy",
        }
    }

    /// The order completion lists the kinds in: pricing first (CMS asks
    /// for pricing modifiers in the first positions), then anatomic, then
    /// the others.
    pub fn rank(self) -> u8 {
        match self {
            ModifierKind::Pricing => 0,
            ModifierKind::Anatomic => 1,
            ModifierKind::Informational => 2,
            ModifierKind::PaymentPolicy => 3,
        }
    }
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
    /// Where the modifier can apply: codes (`G0127`) and inclusive ranges
    /// of codes of one shape (`92920-92998`, `0001F-9007F`). claimls's own
    /// reading, used only to narrow completion, never for a finding;
    /// empty = anywhere.
    #[serde(default)]
    pub applies_to: Vec<String>,
    pub source: String,
}

impl Modifier {
    /// Whether `code` lies in one of the `applies_to` ranges (true when
    /// there are none).
    pub fn listed_for(&self, code: &str) -> bool {
        self.applies_to.is_empty()
            || self
                .applies_to
                .iter()
                .any(|range| range_contains(range, code) == Some(true))
    }
}

/// A five-character procedure code read as its letter (before or after
/// the digits) and number: `G0127` is (`G`, 127, none), `0001F` is (none,
/// 1, `F`), `77372` is (none, 77372, none).
fn code_parts(code: &str) -> Option<(Option<u8>, u32, Option<u8>)> {
    let b = code.as_bytes();
    if b.len() != 5 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let up = |c: u8| c.to_ascii_uppercase();
    let (prefix, digits, suffix) = if b[0].is_ascii_alphabetic() {
        (Some(up(b[0])), &b[1..], None)
    } else if b[4].is_ascii_alphabetic() {
        (None, &b[..4], Some(up(b[4])))
    } else {
        (None, b, None)
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = digits
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some((prefix, number, suffix))
}

/// Whether `range` (`92920-92998` or one code) holds `code`: `None` when
/// the range is not well formed (two codes of one shape, first ≤ last).
pub fn range_contains(range: &str, code: &str) -> Option<bool> {
    let (first, last) = range.split_once('-').unwrap_or((range, range));
    let (p1, lo, s1) = code_parts(first)?;
    let (p2, hi, s2) = code_parts(last)?;
    if p1 != p2 || s1 != s2 || lo > hi {
        return None;
    }
    Some(code_parts(code).is_some_and(|(p, n, s)| p == p1 && s == s1 && (lo..=hi).contains(&n)))
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
        assert_eq!(get("59").unwrap().kind, ModifierKind::Informational);
        assert_eq!(get("GA").unwrap().kind, ModifierKind::PaymentPolicy);
        assert_eq!(get("LT").unwrap().kind, ModifierKind::Anatomic);
    }

    /// Issue 12: the modifiers that were "unknown", and the others in
    /// common use on professional and outpatient claims.
    #[test]
    fn the_catalog_holds_the_modifiers_in_common_use() {
        let issue_12 = [
            "QW", "90", "92", "AI", "FS", "FT", "GV", "GW", "GE", "SA", "SB", "CO", "CQ", "KO",
            "63", "23", "47", "32", "96", "97", "JG", "TB", "PT", "QK", "QX", "QZ", "P1", "AA",
            "GG", "99",
        ];
        let common = [
            "AD", "QY", "QS", "G8", "G9", "P2", "P3", "P4", "P5", "P6", "93", "95", "FQ", "FR",
            "GQ", "GT", "G0", "GN", "GO", "GP", "KX", "GC", "AS", "XE", "XS", "XP", "XU", "1P",
            "2P", "3P", "8P", "Q5", "Q6", "PD", "PI", "PS", "PA", "PB", "PC", "NU", "RR", "UE",
            "GK", "GU", "EY", "AQ", "QJ",
        ];
        for code in issue_12.into_iter().chain(common) {
            assert!(get(code).is_some(), "modifier {code} is in the catalog");
        }
        assert!(all().len() >= 150, "{}", all().len());
    }

    #[test]
    fn every_modifier_has_one_of_the_four_kinds_and_its_own_words() {
        let mut anatomic: Vec<String> = ["LT", "RT", "FA", "TA", "LC", "LD", "LM", "RC", "RI"]
            .map(String::from)
            .to_vec();
        anatomic.extend((1..=4).map(|n| format!("E{n}")));
        anatomic.extend((1..=9).flat_map(|n| [format!("F{n}"), format!("T{n}")]));
        for m in all() {
            let kind = m.kind.name();
            assert!(
                ["pricing", "anatomic", "informational", "payment-policy"].contains(&kind),
                "{}",
                m.code
            );
            assert_eq!(
                m.kind == ModifierKind::Anatomic,
                anatomic.contains(&m.code),
                "{} is {kind}: the anatomic modifiers are the ones that name a body site",
                m.code
            );
            assert_eq!(m.code.len(), 2, "{}", m.code);
            for text in [&m.name, &m.meaning, &m.when_to_use, &m.source] {
                assert!(!text.trim().is_empty(), "{} has an empty field", m.code);
            }
        }
        for (code, kind) in [
            ("QK", ModifierKind::Pricing),
            ("AA", ModifierKind::Pricing),
            ("P3", ModifierKind::Informational),
            ("QW", ModifierKind::PaymentPolicy),
            ("JW", ModifierKind::PaymentPolicy),
            ("FX", ModifierKind::PaymentPolicy),
            ("CQ", ModifierKind::PaymentPolicy),
            ("F5", ModifierKind::Anatomic),
        ] {
            assert_eq!(get(code).unwrap().kind, kind, "{code}");
        }
    }

    #[test]
    fn every_applies_to_range_is_well_formed() {
        for m in all() {
            for range in &m.applies_to {
                assert!(
                    range_contains(range, "00000").is_some(),
                    "{}: `{range}` is not a code or a range of codes of one shape",
                    m.code
                );
            }
        }
        for (range, code, holds) in [
            ("92920-92998", "92928", Some(true)),
            ("92920-92998", "92919", Some(false)),
            ("0001F-9007F", "3074F", Some(true)),
            ("0001F-9007F", "0042T", Some(false)),
            ("G0127", "G0127", Some(true)),
            ("G0127", "g0127", Some(true)),
            ("G0000-G9999", "J1100", Some(false)),
            ("G0000-G9999", "7737", Some(false)),
            ("92998-92920", "92928", None),
            ("G0000-J9999", "G0001", None),
            ("0001F-9007T", "3074F", None),
            ("9292", "9292", None),
        ] {
            assert_eq!(range_contains(range, code), holds, "{range} {code}");
        }
        let f5 = get("F5").unwrap();
        assert!(f5.listed_for("26750") && !f5.listed_for("77372"));
        assert!(
            get("GA").unwrap().listed_for("77372"),
            "no ranges: anywhere"
        );
    }

    #[test]
    fn conflicts_are_symmetric() {
        for m in all() {
            for other in &m.conflicts {
                assert!(
                    get(other).is_some_and(|o| o.conflicts.contains(&m.code)),
                    "{} lists {other} as a conflict, but not the other way round",
                    m.code
                );
            }
        }
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
