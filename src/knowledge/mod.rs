//! What claimls knows: code sets and billing tables.
//!
//! The embedded tables (`data/`, compiled into the binary) are parsed once,
//! lazily, on first use. A [`Knowledge`] value layers the user's own files
//! on top (publication folders today; CMS tables and licensed descriptors
//! as configured), so a lookup asks one object and never cares where a fact
//! came from. Lookups take `&str` and allocate nothing on the hot path.

pub mod icd10;
pub mod modifiers;
pub mod mue;
pub mod payers;
pub mod pctc;
pub mod pos;
pub mod procedures;
pub mod ptp;
pub mod publications;
pub mod table;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

pub use icd10::IcdCode;
pub use modifiers::{Modifier, ModifierKind};
pub use mue::Mue;
pub use payers::Payer;
pub use pctc::FeeIndicators;
pub use pos::PlaceOfService;
pub use procedures::Procedure;
pub use ptp::PtpEdit;
pub use publications::Publication;
pub use table::LoadError;

/// Where to find the user's own data, resolved to absolute paths by the
/// configuration layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataSources {
    /// Publication folders (`docs = [...]`).
    pub docs: Vec<PathBuf>,
}

/// Everything the rules and hover may look up.
#[derive(Debug, Default)]
pub struct Knowledge {
    fees: HashMap<String, FeeIndicators>,
    mue: HashMap<String, Mue>,
    /// Keyed by (column 1, column 2).
    ptp: HashMap<(String, String), PtpEdit>,
    publications: HashMap<String, Publication>,
    /// Problems met while loading the user's files (and, should one slip
    /// through review, the embedded ones).
    pub load_errors: Vec<LoadError>,
}

static EMBEDDED: LazyLock<Arc<Knowledge>> =
    LazyLock::new(|| Arc::new(Knowledge::load(&DataSources::default())));

impl Knowledge {
    /// The embedded tables alone (shared; built on first call).
    pub fn embedded() -> Arc<Knowledge> {
        EMBEDDED.clone()
    }

    /// The embedded tables plus the user's files.
    pub fn load(sources: &DataSources) -> Knowledge {
        let mut errors = Vec::new();
        let fees = pctc::parse(pctc::EMBEDDED, "data/pctc.tsv", &mut errors)
            .into_iter()
            .map(|f| (f.code.clone(), f))
            .collect();
        let mue = mue::parse(mue::EMBEDDED, "data/mue.tsv", &mut errors)
            .into_iter()
            .map(|m| (m.code.clone(), m))
            .collect();
        let ptp = ptp::parse(ptp::EMBEDDED, "data/ncci_ptp.tsv", &mut errors)
            .into_iter()
            .map(|e| ((e.column1.clone(), e.column2.clone()), e))
            .collect();
        let mut publications = HashMap::new();
        for dir in &sources.docs {
            for publication in publications::load_dir(dir, &mut errors) {
                publications.insert(publication.code.clone(), publication);
            }
        }
        Knowledge {
            fees,
            mue,
            ptp,
            publications,
            load_errors: errors,
        }
    }

    pub fn procedure(&self, code: &str) -> Option<&'static Procedure> {
        procedures::get(code)
    }

    pub fn modifier(&self, code: &str) -> Option<&'static Modifier> {
        modifiers::get(code)
    }

    /// Whether two modifiers may not stand on one line together.
    pub fn modifier_conflict(&self, a: &str, b: &str) -> bool {
        modifiers::conflict(a, b)
    }

    pub fn icd(&self, code: &str) -> Option<&'static IcdCode> {
        icd10::table().get(code)
    }

    pub fn place_of_service(&self, code: &str) -> Option<&'static PlaceOfService> {
        pos::get(code)
    }

    pub fn payer(&self, name: &str) -> Option<&'static Payer> {
        payers::find(name)
    }

    pub fn fees(&self, code: &str) -> Option<&FeeIndicators> {
        self.fees.get(code)
    }

    pub fn mue(&self, code: &str) -> Option<&Mue> {
        self.mue.get(code)
    }

    /// The active NCCI edit between two codes, whichever is column 1.
    pub fn ptp_between(&self, a: &str, b: &str) -> Option<&PtpEdit> {
        let lookup = |x: &str, y: &str| {
            self.ptp
                .get(&(x.to_string(), y.to_string()))
                .filter(|e| e.is_active())
        };
        lookup(a, b).or_else(|| lookup(b, a))
    }

    /// Every active edit that involves `code`.
    pub fn ptp_involving<'s>(&'s self, code: &'s str) -> impl Iterator<Item = &'s PtpEdit> + 's {
        self.ptp
            .values()
            .filter(move |e| e.is_active() && (e.column1 == code || e.column2 == code))
    }

    pub fn publication(&self, code: &str) -> Option<&Publication> {
        self.publications.get(code)
    }

    /// Whether `code` is an evaluation and management service.
    pub fn is_em(&self, code: &str) -> bool {
        self.procedure(code).is_some_and(|p| p.em)
            || (code.len() == 5 && ("99202"..="99499").contains(&code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load_without_errors() {
        let kb = Knowledge::embedded();
        assert!(kb.load_errors.is_empty(), "{:?}", kb.load_errors);
        assert_eq!(kb.fees("77372").and_then(|f| f.pctc), Some(3));
        assert_eq!(kb.fees("77295").and_then(|f| f.pctc), Some(1));
        assert!(kb.mue("77372").is_some());
        assert!(kb.ptp_between("77371", "77372").is_some());
        assert!(kb.ptp_between("77372", "77371").is_some());
    }

    #[test]
    fn publication_folders_enrich_knowledge() {
        // The seed publications live beside the repo, on developers' machines and in CI.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        assert!(
            dir.is_dir(),
            "expected the seed publications at {}",
            dir.display()
        );
        let kb = Knowledge::load(&DataSources { docs: vec![dir] });
        assert!(kb.load_errors.is_empty(), "{:?}", kb.load_errors);
        let p = kb.publication("77372").expect("77372 publication");
        assert!(
            p.typical_site
                .as_deref()
                .unwrap_or("")
                .contains("linear accelerator")
        );
        assert_eq!(p.modifiers[0].modifier, "26");
        assert_eq!(kb.publication("77371").unwrap().modifiers[0].modifier, "TC");
    }
}
