//! Procedure codes (CPT/HCPCS) with claimls's own plain-language summaries,
//! from `data/procedures.toml`. No AMA descriptor text is shipped; a user's
//! licensed descriptor file can be layered on top (see `Knowledge`).

use super::CodeMap;
use serde::Deserialize;
use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../../data/procedures.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub code: String,
    /// `CPT` or `HCPCS`.
    pub system: String,
    /// One line, for completion and inlay hints.
    pub summary: String,
    pub service_type: String,
    pub category: String,
    pub description: String,
    #[serde(default)]
    pub clinical_context: Option<String>,
    #[serde(default)]
    pub typical_pos: Vec<String>,
    #[serde(default)]
    pub typical_sites: Option<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub add_on: bool,
    /// An evaluation and management service (modifiers 24/25/57 apply).
    #[serde(default)]
    pub em: bool,
    #[serde(default)]
    pub payer_notes: Option<String>,
    #[serde(default)]
    pub modifier_guidance: Vec<ModifierGuidance>,
    #[serde(default)]
    pub source: Option<String>,
    /// First date of service the code is valid (ISO date), where sourced.
    #[serde(default)]
    pub valid_from: Option<String>,
    /// Last date of service the code is valid (ISO date), where sourced.
    #[serde(default)]
    pub valid_to: Option<String>,
    /// `valid_from` and `valid_to` parsed once at load (rules ask per line).
    #[serde(skip)]
    validity: (Option<time::Date>, Option<time::Date>),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifierGuidance {
    pub modifier: String,
    pub guidance: String,
}

#[derive(Deserialize)]
struct File {
    procedure: Vec<Procedure>,
}

static PROCEDURES: LazyLock<CodeMap<Procedure>> = LazyLock::new(|| {
    let file: File = toml::from_str(TABLE).expect("data/procedures.toml is checked by a unit test");
    file.procedure
        .into_iter()
        .map(|mut p| {
            let date =
                |d: &Option<String>| d.as_deref().and_then(|d| crate::values::parse_date(d).ok());
            p.validity = (date(&p.valid_from), date(&p.valid_to));
            (p.code.clone(), p)
        })
        .collect()
});

pub fn get(code: &str) -> Option<&'static Procedure> {
    PROCEDURES.get(code)
}

/// All built-in procedures, sorted by code.
pub fn all() -> Vec<&'static Procedure> {
    let mut all: Vec<_> = PROCEDURES.values().collect();
    all.sort_by(|a, b| a.code.cmp(&b.code));
    all
}

impl Procedure {
    /// The dates of service the code is valid for, where known.
    pub fn validity(&self) -> (Option<time::Date>, Option<time::Date>) {
        self.validity
    }

    pub fn guidance_for(&self, modifier: &str) -> Option<&str> {
        self.modifier_guidance
            .iter()
            .find(|g| g.modifier == modifier)
            .map(|g| g.guidance.as_str())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_parses_and_covers_the_srs_family() {
        let codes = [
            "77371", "77372", "77373", "77432", "77435", "61796", "61797", "61798", "61799",
            "61800", "20660", "G0339", "G0340", "77290", "77295", "77300", "77334", "77336",
            "77370",
        ];
        for code in codes {
            let p = super::get(code).unwrap_or_else(|| panic!("{code} is in data/procedures.toml"));
            assert!(!p.summary.is_empty() && !p.description.is_empty(), "{code}");
        }
        let srs = super::get("77372").unwrap();
        assert!(srs.clinical_context.is_some());
        assert!(!srs.modifier_guidance.is_empty());
        assert!(super::get("99213").unwrap().em);
        for p in super::all() {
            let (from, to) = p.validity();
            assert_eq!(
                from.is_some(),
                p.valid_from.is_some(),
                "{} valid_from is YYYY-MM-DD",
                p.code
            );
            assert_eq!(
                to.is_some(),
                p.valid_to.is_some(),
                "{} valid_to is YYYY-MM-DD",
                p.code
            );
        }
        assert!(super::get("61796").unwrap().validity().0.is_some());
    }

    /// Every "PC/TC indicator N" and "add-on" the catalog's prose states
    /// agrees with the CMS fee schedule, so hover never shows two answers.
    #[test]
    fn what_the_prose_says_of_the_fee_schedule_is_what_cms_says() {
        let schedule = crate::knowledge::mpfs::built_in_year(2026).unwrap();
        for p in super::all() {
            let Some(row) = schedule.get(&p.code) else {
                continue;
            };
            let texts = std::iter::once(p.description.as_str())
                .chain(p.payer_notes.as_deref())
                .chain(p.modifier_guidance.iter().map(|g| g.guidance.as_str()));
            for text in texts {
                for (at, _) in text.match_indices("PC/TC indicator ") {
                    let stated = text[at + "PC/TC indicator ".len()..].chars().next();
                    assert_eq!(
                        stated.and_then(|c| c.to_digit(10)).map(|d| d as u8),
                        row.pctc,
                        "{}: {text}",
                        p.code
                    );
                }
            }
            assert_eq!(p.add_on, row.is_add_on(), "{}: add_on", p.code);
        }
    }
}
