//! Hover on a modifier, in the context of its line's code.

use crate::knowledge::Knowledge;
use crate::knowledge::mpfs::indicator_rule_for;
use crate::model::ServiceLine;
use crate::policy::indicator_in_words;
use std::fmt::Write;

pub fn describe(code: &str, line: Option<&ServiceLine<'_>>, kb: &Knowledge) -> String {
    let Some(m) = kb.modifier(code) else {
        return format!("**{code}** is not a modifier claimls knows (see `data/modifiers.toml`).");
    };
    let mut out = format!(
        "**{}** · {} · {} modifier\n\n{}\n\n**When to use:** {}\n",
        m.code,
        m.name,
        m.kind.name(),
        m.meaning,
        m.when_to_use
    );
    if !m.conflicts.is_empty() {
        let _ = writeln!(out, "\n**Not with:** {}", m.conflicts.join(", "));
    }
    if let Some(line) = line {
        // Facts about this modifier on this code, from claimls's data and
        // the user's publications. Whether it applies here is the rules'
        // verdict, which hover lists under "On this claim".
        let proc_code = line.code.text;
        let mut notes = Vec::new();
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
        // The fee-schedule indicator that governs this modifier (51 by the
        // multiple-procedure one, 62 by co-surgeons…), for the line's year.
        if let Some(rule) = indicator_rule_for(code) {
            let on = line.from_date.ok();
            if let Some(fees) = kb.fees(proc_code, on) {
                if let Some(value) = fees.row.indicator(&rule.field) {
                    notes.push(format!(
                        "Medicare's {} indicator for {proc_code} (CY{}) is {}",
                        rule.label,
                        fees.schedule.year,
                        indicator_in_words(&rule.field, &value.to_string())
                    ));
                }
            }
        }
        if !notes.is_empty() {
            let notes: Vec<&str> = notes.iter().map(|n| n.trim_end_matches('.')).collect();
            let _ = writeln!(out, "\n**{code} on {proc_code}:** {}.", notes.join(". "));
        }
    }
    let _ = write!(out, "\n_Source: {}_", m.source);
    out
}
