//! Hover on a claim id: the claim at a glance.

use crate::model::Claim;
use crate::values::{format_amount, parse_amount};

pub fn describe(claim: &Claim<'_>) -> String {
    let total: i64 = claim
        .lines
        .iter()
        .filter_map(|l| l.charge.and_then(|c| parse_amount(c.text).ok()))
        .sum();
    let mut out = format!(
        "**Claim {}**\n\n| | |\n|---|---|\n| Payer | {} |\n| Diagnoses | {} |\n| Service lines | {} |\n| Total charges | {} |\n",
        claim.id.map_or("", |i| i.text),
        claim.payer.map_or("(none yet)", |p| p.text),
        claim.diagnoses.len(),
        claim.lines.len(),
        format_amount(total, true),
    );
    if let Some(pos) = claim.pos {
        out.push_str(&format!("| Place of service | {} |\n", pos.text));
    }
    out
}
