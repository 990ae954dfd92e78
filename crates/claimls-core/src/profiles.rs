//! Payer profiles: per-payer changes to rule severities, as data
//! (`data/profiles.toml`), never as code branches.

use crate::diagnostic::Severity;
use crate::rules::Level;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

pub(crate) const TABLE: &str = include_str!("../../../data/profiles.toml");

#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    rules: HashMap<String, String>,
}

static PROFILES: LazyLock<HashMap<String, HashMap<String, Level>>> = LazyLock::new(|| {
    let raw: HashMap<String, Profile> =
        toml::from_str(TABLE).expect("data/profiles.toml is checked by a unit test");
    raw.into_iter()
        .map(|(id, p)| {
            let levels = p
                .rules
                .into_iter()
                .map(|(rule, level)| {
                    let level = match level.as_str() {
                        "off" => Level::Off,
                        other => Level::On(
                            Severity::parse(other).expect("valid severity in data/profiles.toml"),
                        ),
                    };
                    (rule, level)
                })
                .collect();
            (id, levels)
        })
        .collect()
});

/// The profile's level for `rule`, when the profile changes it.
pub fn level(profile: &str, rule: &str) -> Option<Level> {
    PROFILES.get(profile).and_then(|p| p.get(rule)).copied()
}

/// Each profile's level of every rule in `rules::RULES` order (the
/// profile's own, else the rule's default severity), built once: every
/// claim needs a whole row.
static BY_RULE: LazyLock<HashMap<&'static str, Box<[Level]>>> = LazyLock::new(|| {
    PROFILES
        .iter()
        .map(|(id, levels)| {
            let row = crate::rules::RULES
                .iter()
                .map(|rule| {
                    levels
                        .get(rule.id)
                        .copied()
                        .unwrap_or(Level::On(rule.severity))
                })
                .collect();
            (id.as_str(), row)
        })
        .collect()
});

/// The levels of every rule for `profile` with no user configuration, in
/// `rules::RULES` order; `None` for a profile that does not exist.
pub fn default_levels(profile: &str) -> Option<&'static [Level]> {
    BY_RULE.get(profile).map(|row| &row[..])
}

/// The profile id for a claim's payer text: the known payer's profile, or `default`.
pub fn profile_for(kb: &crate::knowledge::Knowledge, payer: Option<&str>) -> &'static str {
    payer
        .and_then(|name| kb.payer(name))
        .map_or("default", |p| p.profile.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_parse_name_real_rules_and_cover_every_payer() {
        for (id, levels) in PROFILES.iter() {
            for rule in levels.keys() {
                assert!(
                    crate::rules::get(rule).is_some(),
                    "profile {id} names unknown rule {rule}"
                );
            }
        }
        for payer in crate::knowledge::Knowledge::embedded().payers() {
            assert!(
                PROFILES.contains_key(&payer.profile),
                "{} has a profile",
                payer.name
            );
        }
        assert!(PROFILES.contains_key("default"));
        assert_eq!(
            level("aetna", "ncci-ptp"),
            Some(Level::On(Severity::Warning))
        );
        assert_eq!(level("medicare", "ncci-ptp"), None);
        assert_eq!(
            profile_for(&crate::knowledge::Knowledge::embedded(), Some("UHC")),
            "uhc"
        );
        assert_eq!(
            profile_for(&crate::knowledge::Knowledge::embedded(), Some("Acme")),
            "default"
        );
    }
}
