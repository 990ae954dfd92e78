//! Hover on a modifier, in the context of its line's code.

use crate::knowledge::pctc::{allows_split, pctc_meaning};
use crate::knowledge::{Knowledge, ModifierKind};
use crate::syntax::ServiceLine;
use std::fmt::Write;

pub fn describe(code: &str, line: Option<&ServiceLine<'_>>, kb: &Knowledge) -> String {
    let Some(m) = kb.modifier(code) else {
        return format!("**{code}** is not a modifier claimls knows (see `data/modifiers.toml`).");
    };
    let kind = match m.kind {
        ModifierKind::Pricing => "pricing modifier",
        ModifierKind::Informational => "informational modifier",
    };
    let mut out = format!(
        "**{}** · {} · {kind}\n\n{}\n\n**When to use:** {}\n",
        m.code, m.name, m.meaning, m.when_to_use
    );
    if !m.conflicts.is_empty() {
        let _ = writeln!(out, "\n**Not with:** {}", m.conflicts.join(", "));
    }
    if let Some(line) = line {
        let proc_code = line.code.text;
        let mut notes = Vec::new();
        if matches!(code, "26" | "TC") {
            if let Some(ind) = kb.fees(proc_code).and_then(|f| f.pctc) {
                if allows_split(ind) {
                    notes.push(format!(
                        "applicable: {proc_code} has PC/TC indicator 1 ({})",
                        pctc_meaning(1)
                    ));
                } else {
                    let what = match ind {
                        3 => format!("{proc_code} is technical-only"),
                        2 => format!("{proc_code} is professional-only"),
                        _ => format!("{proc_code} has no professional/technical split"),
                    };
                    notes.push(format!(
                        "not applicable, {what} (PC/TC indicator {ind}: {})",
                        pctc_meaning(ind)
                    ));
                }
            }
        }
        let em = kb.is_em(proc_code);
        if m.em_only && !em {
            notes.push(format!(
                "not applicable: {code} belongs on an E/M code and {proc_code} is not one"
            ));
        }
        if m.not_on_em && em {
            notes.push(format!(
                "not applicable: {code} is not used on E/M codes such as {proc_code}"
            ));
        }
        for other in &line.modifiers {
            if other.text != code && kb.modifier_conflict(code, other.text) {
                notes.push(format!("conflicts with {} on this line", other.text));
            }
        }
        if let Some(g) = kb.procedure(proc_code).and_then(|p| p.guidance_for(code)) {
            notes.push(g.to_string());
        }
        if let Some(p) = kb.publication(proc_code) {
            if let Some(pm) = p.modifiers.iter().find(|pm| pm.modifier == code) {
                notes.push(format!(
                    "your publication: {} — {}",
                    pm.description, pm.when_to_use
                ));
            }
        }
        if notes.is_empty() {
            notes.push("no conflict found".to_string());
        }
        let _ = writeln!(out, "\n**{code} on {proc_code}:** {}", notes.join("; "));
    }
    let _ = write!(out, "\n_Source: {}_", m.source);
    out
}
