//! Hover on a payer name.

use crate::knowledge::Knowledge;

pub fn describe(name: &str, kb: &Knowledge) -> String {
    let profile = crate::profiles::profile_for(kb, Some(name));
    match kb.payer(name) {
        Some(p) => format!(
            "**{}** · {} payer\n\n{}\n\nEdit profile: `{}` (see `data/profiles.toml`; override under `[payers.{}.rules]` in `claimls.toml`).",
            p.name,
            if p.kind == "medicare" {
                "Medicare"
            } else {
                "commercial"
            },
            p.summary,
            p.profile,
            p.profile
        ),
        None => format!(
            "**{name}** · payer not in claimls's list\n\nChecked with the `{profile}` profile: NCCI, MUE and PC/TC findings are warnings. Known payers: {}.",
            kb.payers()
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
