//! Known payers and their profile ids, from `data/payers.toml`.

use serde::Deserialize;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/payers.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payer {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `medicare` or `commercial`.
    pub kind: String,
    /// Profile id used by configuration (`[payers.<profile>]`).
    pub profile: String,
    pub summary: String,
}

#[derive(Deserialize)]
struct File {
    payer: Vec<Payer>,
}

static PAYERS: LazyLock<Vec<Payer>> = LazyLock::new(|| {
    let file: File = toml::from_str(TABLE).expect("data/payers.toml is checked by a unit test");
    file.payer
});

pub fn all() -> &'static [Payer] {
    &PAYERS
}

/// The payer a claim's free-text `payer` names, matching name or alias
/// case-insensitively and ignoring extra spaces.
pub fn find(name: &str) -> Option<&'static Payer> {
    let wanted = fold(name);
    NAMES.get(wanted.as_str()).map(|&i| &PAYERS[i])
}

/// Folded name or alias → payer index, built once (every claim asks).
static NAMES: LazyLock<std::collections::HashMap<String, usize>> = LazyLock::new(|| {
    let mut names = std::collections::HashMap::new();
    for (i, p) in PAYERS.iter().enumerate() {
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            names.entry(fold(name)).or_insert(i);
        }
    }
    names
});

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_payers_by_name_and_alias() {
        assert_eq!(super::find("Medicare").unwrap().profile, "medicare");
        assert_eq!(super::find("medicare").unwrap().kind, "medicare");
        assert_eq!(
            super::find("Blue  Cross Blue Shield").unwrap().profile,
            "bcbs"
        );
        assert_eq!(super::find("UHC").unwrap().profile, "uhc");
        for name in ["Aetna", "Cigna", "UnitedHealthcare"] {
            assert!(super::find(name).is_some(), "{name}");
        }
        assert!(super::find("Acme Health").is_none());
    }
}
