//! Known payers and their profile ids, from `data/payers.toml`.

use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/payers.toml");

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
    let found = if name.is_ascii() {
        // Every claim asks: fold ASCII names on the stack, as `fold` would.
        let mut folded: smallvec::SmallVec<[u8; 64]> = smallvec::SmallVec::new();
        for word in name
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
        {
            if !folded.is_empty() {
                folded.push(b' ');
            }
            folded.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
        }
        NAMES.get(std::str::from_utf8(&folded).expect("ASCII stays ASCII"))
    } else {
        NAMES.get(fold(name).as_str())
    };
    found.map(|&i| &PAYERS[i])
}

/// Folded name or alias → payer index, built once.
static NAMES: LazyLock<rustc_hash::FxHashMap<String, usize>> = LazyLock::new(|| {
    let mut names = rustc_hash::FxHashMap::default();
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
        assert_eq!(
            super::find("  MEDICARE\t").unwrap().profile,
            "medicare",
            "case and surrounding blanks do not matter"
        );
        assert!(
            super::find("Médicare").is_none(),
            "non-ASCII names fold too"
        );
        assert!(super::find("").is_none());
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
