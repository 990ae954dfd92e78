//! Hover on a diagnosis: letter or ICD-10-CM code.

use crate::knowledge::Knowledge;
use crate::knowledge::icd10;
use crate::model::Claim;
use std::fmt::Write;

/// How many billable children a header's hover lists.
const CHILDREN_SHOWN: usize = 12;

pub fn describe(code: &str, at: Option<(&Claim<'_>, &str)>, kb: &Knowledge) -> String {
    let mut out = String::new();
    if let Some((_, letter)) = at {
        let _ = write!(out, "**dx {letter}** → ");
    }
    let Some(entry) = kb.icd(code) else {
        let _ = write!(
            out,
            "**{code}** is not an ICD-10-CM code.\n\n_Source: {}_",
            kb.icd_table().source()
        );
        return out;
    };
    let _ = writeln!(out, "**{}** {}\n", entry.code, entry.description);
    if entry.code != code {
        let _ = writeln!(
            out,
            "Written `{code}`; the standard form is `{}`.\n",
            entry.code
        );
    }
    // Ancestors, broadest first: C79 › C79.3 › C79.31.
    let key = icd10::normalize(entry.code);
    let ancestors: Vec<String> = (3..key.len())
        .filter_map(|n| kb.icd(&key[..n]))
        .map(|a| format!("{} {}", a.code, a.description))
        .collect();
    if !ancestors.is_empty() {
        let _ = writeln!(out, "Under: {}\n", ancestors.join(" › "));
    }
    if entry.billable {
        let _ = writeln!(out, "Billable: yes (a complete code)\n");
    } else {
        let children: Vec<_> = kb.icd_table().billable_children(entry.code).collect();
        let _ = writeln!(
            out,
            "Billable: **no** — a header; use one of its {} complete codes:\n",
            children.len()
        );
        for c in children.iter().take(CHILDREN_SHOWN) {
            let _ = writeln!(out, "- {} {}", c.code, c.description);
        }
        if children.len() > CHILDREN_SHOWN {
            let _ = writeln!(out, "- … and {} more", children.len() - CHILDREN_SHOWN);
        }
        out.push('\n');
    }
    if let Some((claim, letter)) = at {
        let users: Vec<String> = claim
            .lines
            .iter()
            .filter(|l| l.pointers.iter().any(|p| p.text == letter))
            .map(|l| format!("{} on {}", l.code.text, l.from.text))
            .collect();
        if users.is_empty() {
            let _ = writeln!(out, "No line of this claim points to {letter}.\n");
        } else {
            let _ = writeln!(out, "Pointed to by: {}\n", users.join(", "));
        }
    }
    let _ = write!(out, "_Source: {}_", kb.icd_table().source());
    out
}
