//! One answer per billing question, from data: does this modifier apply to
//! this code, is this code E/M, which modifiers set apart an NCCI pair. The
//! rules, hover, completion and quick fixes all ask here, so they cannot
//! disagree; no billing fact is written into them.
//!
//! Questions that depend on the fee schedule take the date of service
//! (`on`): its calendar year picks the year's schedule.

use crate::knowledge::code_classes::{CodeClass, range_of};
use crate::knowledge::mpfs::{indicator_rule_for, legend};
use crate::knowledge::{Knowledge, Modifier};
use crate::values::{CodeShape, code_shape};

/// Whether `code` is an evaluation and management service: claimls's own
/// entry says so, or the code lies in an E/M range of `data/code_classes.tsv`.
pub fn is_em(kb: &Knowledge, code: &str) -> bool {
    kb.procedure(code).is_some_and(|p| p.em) || range_of(code, CodeClass::Em).is_some()
}

/// The order a line's modifiers are written in: the pricing modifiers
/// (kind `pricing` in `data/modifiers.toml`) first, then the others in the
/// order given. The order of the other kinds among themselves varies by
/// payer, so it is kept. `modifier-order` reports a line whose order
/// differs, and the formatter writes this order.
pub fn modifier_order<'m>(kb: &Knowledge, modifiers: &[&'m str]) -> Vec<&'m str> {
    let pricing = |m: &str| {
        kb.modifier(m)
            .is_some_and(|m| m.kind == crate::knowledge::ModifierKind::Pricing)
    };
    let (mut first, rest): (Vec<&str>, Vec<&str>) = modifiers.iter().partition(|m| pricing(m));
    first.extend(rest);
    first
}

/// Whether the E/M-only modifiers (24, 25, 57) may stand on `code`: an E/M
/// code; a code in an `em_modifiers` range (the eye visits 92002–92014);
/// or a HCPCS code, or a code of no known shape, that claimls does not
/// know, given the benefit of the doubt (the facility visit G0463 takes 25).
pub fn takes_em_modifiers(kb: &Knowledge, code: &str) -> bool {
    is_em(kb, code)
        || range_of(code, CodeClass::EmModifiers).is_some()
        || (code_shape(code) == Some(CodeShape::Hcpcs) && kb.procedure(code).is_none())
        || code_shape(code).is_none()
}

/// Why a modifier does not apply to a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Misfit {
    /// An E/M-only modifier (24, 25, 57) on a code that does not take them.
    EmOnly,
    /// 59 or an X modifier on an E/M code.
    NotOnEm,
    /// A fee-schedule indicator of the code refuses the modifier: 26/TC by
    /// PC/TC, 50 by bilateral surgery, 80/81/82/AS by assistant at surgery,
    /// 62 by co-surgeons, 66 by team surgery
    /// (`data/mpfs/indicator_modifiers.tsv`).
    Indicator {
        /// The legend field: `pctc`, `bilat`, `asst`, `co`, `team`.
        field: &'static str,
        /// Its name in messages.
        label: &'static str,
        value: u8,
        /// The fee-schedule row was read from a CMS file.
        confirmed: bool,
    },
}

/// Whether an indicator refuses `modifier` on a code carrying `value`:
/// the one place that reads `data/mpfs/indicator_modifiers.tsv`'s verdicts.
pub fn indicator_refuses(modifier: &str, value: u8) -> bool {
    indicator_rule_for(modifier).is_some_and(|rule| rule.refused.contains(&value))
}

/// Whether modifier 26 or TC may be billed on a code with this PC/TC
/// indicator (only 1 splits into a professional and a technical part).
pub fn allows_split(indicator: u8) -> bool {
    !indicator_refuses("26", indicator) && !indicator_refuses("TC", indicator)
}

/// An indicator value in words: "3, technical-only code: …".
pub fn indicator_in_words(field: &str, value: &str) -> String {
    match legend(field, value) {
        Some(l) => format!(
            "{value}, {}: {}",
            l.name,
            lowercase_first(l.meaning.trim_end_matches('.'))
        ),
        None => value.to_string(),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `modifier` applies to `code` on date of service `on`: `None`
/// when nothing claimls knows speaks against it. Conflicts between
/// modifiers on one line are a separate question
/// ([`Knowledge::modifier_conflict`]).
pub fn modifier_misfit(
    kb: &Knowledge,
    code: &str,
    on: Option<time::Date>,
    modifier: &str,
) -> Option<Misfit> {
    if let Some(rule) = indicator_rule_for(modifier) {
        if rule.refused.is_empty() {
            return None;
        }
        let fees = kb.fees(code, on)?;
        let value = fees.row.indicator(&rule.field)?;
        return rule.refused.contains(&value).then_some(Misfit::Indicator {
            field: &rule.field,
            label: &rule.label,
            value,
            confirmed: fees.row.confirmed,
        });
    }
    let m: &Modifier = kb.modifier(modifier)?;
    if m.em_only && !takes_em_modifiers(kb, code) {
        return Some(Misfit::EmOnly);
    }
    if m.not_on_em && is_em(kb, code) {
        return Some(Misfit::NotOnEm);
    }
    None
}

/// Whether `modifier` can apply to `code` on date of service `on`: the
/// question completion asks before it offers a modifier. No, when
/// [`modifier_misfit`] finds a definite misfit; yes, when the code's
/// fee-schedule indicator that governs the modifier says its role is paid
/// (the `offered` values of `data/mpfs/indicator_modifiers.tsv`: assistant
/// 2, co-surgeon or team 1 or 2); otherwise the catalog's `applies_to`
/// ranges (claimls's own reading of where a modifier belongs; none =
/// anywhere). A modifier claimls does not know is not judged. The ranges
/// are inferred, so rules never report from them: only completion narrows
/// by them.
pub fn modifier_may_apply(
    kb: &Knowledge,
    code: &str,
    on: Option<time::Date>,
    modifier: &str,
) -> bool {
    if modifier_misfit(kb, code, on, modifier).is_some() {
        return false;
    }
    let Some(m) = kb.modifier(modifier) else {
        return true;
    };
    let paid_role = indicator_rule_for(modifier)
        .filter(|rule| !rule.offered.is_empty())
        .and_then(|rule| {
            let value = kb.fees(code, on)?.row.indicator(&rule.field)?;
            Some(rule.offered.contains(&value))
        });
    paid_role == Some(true) || m.listed_for(code)
}

impl Misfit {
    /// The rule that reports this misfit.
    pub fn rule(&self) -> &'static str {
        match self {
            Misfit::Indicator { field, .. } => match *field {
                "pctc" => "pctc-indicator",
                "bilat" => "bilateral-indicator",
                "asst" => "assistant-indicator",
                "co" => "co-surgeon-indicator",
                "team" => "team-surgery-indicator",
                _ => "modifier-not-applicable",
            },
            Misfit::EmOnly | Misfit::NotOnEm => "modifier-not-applicable",
        }
    }

    /// Why `modifier` does not apply to `code`, in words (the finding's message).
    pub fn explain(&self, kb: &Knowledge, code: &str, modifier: &str) -> String {
        match self {
            Misfit::Indicator {
                field,
                label,
                value,
                confirmed,
            } => {
                let caveat = if *confirmed {
                    ""
                } else {
                    " (claimls's table; not yet confirmed against the CMS file)"
                };
                format!(
                    "{modifier} is not allowed on {code}: its {label} indicator is {}{caveat}",
                    indicator_in_words(field, &value.to_string())
                )
            }
            Misfit::EmOnly => {
                let name = kb
                    .modifier(modifier)
                    .map_or(String::new(), |m| format!(" ({})", m.name.to_lowercase()));
                format!(
                    "{modifier}{name} applies only to evaluation and management codes, and {code} is not one; put it on the E/M line of the same day or remove it"
                )
            }
            Misfit::NotOnEm => format!(
                "{modifier} is not used on E/M codes such as {code}: to show the visit was separate from a procedure the same day, use 25 (or 57 for the decision for surgery)"
            ),
        }
    }
}

/// What a line bills of a service's technical part, when it bills one at a
/// hospital place of service on a professional claim: Medicare pays that
/// part only to the hospital (`data/hospital_places.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HospitalTechnicalPart {
    /// A technical-only code (PC/TC indicator 3).
    TechnicalOnlyCode,
    /// TC on a code that splits (PC/TC indicator 1).
    TcModifier,
}

/// Whether `code` with `modifiers` on date `on` at place of service `pos`
/// bills a technical part that only the hospital is paid for. Codes with
/// another PC/TC indicator are `pctc-indicator`'s business, not this.
pub fn hospital_technical_part(
    kb: &Knowledge,
    code: &str,
    modifiers: &[&str],
    on: Option<time::Date>,
    pos: &str,
) -> Option<HospitalTechnicalPart> {
    if !crate::knowledge::pos::is_hospital(pos) {
        return None;
    }
    match kb.fees(code, on)?.row.pctc? {
        3 => Some(HospitalTechnicalPart::TechnicalOnlyCode),
        // 26 and TC together is `modifier-conflict`'s one finding.
        1 if modifiers.contains(&"TC") && !modifiers.contains(&"26") => {
            Some(HospitalTechnicalPart::TcModifier)
        }
        _ => None,
    }
}

/// The NCCI-associated modifiers a coder adds to a column-2 line to set
/// the pair apart, with the distinction each states, in the catalog's
/// order (`ncci_rank`): those that apply to the code, so 25 and 57 on an
/// E/M code and the X modifiers, then 59, on anything else.
pub fn ncci_bypass_modifiers(
    kb: &Knowledge,
    column2: &str,
    on: Option<time::Date>,
) -> Vec<(&'static str, &'static str)> {
    let mut choices: Vec<_> = kb
        .modifiers()
        .into_iter()
        .filter(|m| m.ncci_separates.is_some())
        .filter(|m| modifier_misfit(kb, column2, on, &m.code).is_none())
        .collect();
    choices.sort_by_key(|m| m.ncci_rank);
    choices
        .into_iter()
        .filter_map(|m| Some((m.code.as_str(), m.ncci_separates.as_deref()?)))
        .collect()
}

/// The more specific modifiers that may be written instead of `general`
/// (XE, XS, XP and XU for 59), in the catalog's order, with what each
/// states.
pub fn specific_modifiers_for(kb: &Knowledge, general: &str) -> Vec<(&'static str, &'static str)> {
    let mut specific: Vec<_> = kb
        .modifiers()
        .into_iter()
        .filter(|m| m.replaces.as_deref() == Some(general))
        .collect();
    specific.sort_by_key(|m| m.ncci_rank);
    specific
        .into_iter()
        .map(|m| {
            (
                m.code.as_str(),
                m.ncci_separates.as_deref().unwrap_or(&m.name),
            )
        })
        .collect()
}

/// Whether `modifier` on a column-2 line with code `column2` sets an NCCI
/// pair with modifier indicator 1 apart: an NCCI-associated modifier that
/// applies to that code (25/57 on E/M, 59/X and the anatomic ones elsewhere).
pub fn bypasses_ncci(
    kb: &Knowledge,
    column2: &str,
    on: Option<time::Date>,
    modifier: &str,
) -> bool {
    kb.modifier(modifier)
        .is_some_and(|m| m.ncci_associated && modifier_misfit(kb, column2, on, modifier).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> std::sync::Arc<Knowledge> {
        Knowledge::embedded()
    }

    #[test]
    fn one_answer_for_each_modifier_question() {
        let kb = kb();
        assert_eq!(
            modifier_misfit(&kb, "77372", None, "TC"),
            Some(Misfit::Indicator {
                field: "pctc",
                label: "PC/TC",
                value: 3,
                confirmed: true
            })
        );
        assert_eq!(modifier_misfit(&kb, "77295", None, "26"), None);
        assert_eq!(
            modifier_misfit(&kb, "77300", None, "25"),
            Some(Misfit::EmOnly)
        );
        assert_eq!(modifier_misfit(&kb, "99213", None, "25"), None);
        assert_eq!(
            modifier_misfit(&kb, "99213", None, "59"),
            Some(Misfit::NotOnEm)
        );
        assert_eq!(
            modifier_misfit(&kb, "92014", None, "25"),
            None,
            "eye visits take 25"
        );
        assert_eq!(
            modifier_misfit(&kb, "G0463", None, "25"),
            None,
            "unknown HCPCS: benefit of the doubt"
        );
        // CY2026: 77372 has bilateral indicator 0, co-surgeon 0, team 0.
        for (modifier, rule) in [
            ("50", "bilateral-indicator"),
            ("62", "co-surgeon-indicator"),
            ("66", "team-surgery-indicator"),
        ] {
            let misfit = modifier_misfit(&kb, "77372", None, modifier).expect(modifier);
            assert_eq!(misfit.rule(), rule);
        }
        // Its assistant indicator is 0 (paid with documentation): no misfit.
        assert_eq!(modifier_misfit(&kb, "77372", None, "80"), None);
        // 10060 (CY2026): assistant indicator 1, never paid.
        assert_eq!(
            modifier_misfit(&kb, "10060", None, "AS").map(|m| m.rule()),
            Some("assistant-indicator")
        );
        // 51 and LT/RT are governed but never refused.
        assert_eq!(modifier_misfit(&kb, "77372", None, "51"), None);
        assert_eq!(modifier_misfit(&kb, "77372", None, "RT"), None);
    }

    #[test]
    fn may_apply_combines_misfits_indicators_and_ranges() {
        let kb = kb();
        let may = |code, m| modifier_may_apply(&kb, code, None, m);
        // Definite misfits first.
        assert!(!may("77372", "TC") && !may("77300", "25"));
        // The inferred ranges.
        assert!(may("26750", "F5") && may("28285", "T5") && !may("77372", "F5"));
        assert!(may("67904", "E3") && !may("26750", "E3"));
        assert!(may("92928", "LD") && !may("77372", "LD"));
        assert!(may("00100", "QK") && !may("77372", "QK") && !may("77372", "P3"));
        assert!(may("87880", "QW") && !may("77372", "QW"));
        assert!(may("3074F", "8P") && !may("0042T", "8P"));
        // Indicators: 1 or 9 say no even inside the ranges (26750: 1); a
        // permitting value says yes outside them (93590 allows an assistant
        // and co-surgeons); 0 (documentation) leaves it to the ranges.
        assert!(!may("00100", "80") && !may("26750", "80"));
        assert!(may("27447", "80") && !may("77372", "80"));
        assert!(may("93590", "80") && may("93590", "62"));
        // No ranges: anywhere; unknown modifiers are not judged.
        assert!(may("77372", "GA") && may("77372", "ZZ"));
    }

    #[test]
    fn ncci_bypass_depends_on_the_column_2_code() {
        let kb = kb();
        let codes = |c| {
            ncci_bypass_modifiers(&kb, c, None)
                .into_iter()
                .map(|(m, _)| m)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("99213"), ["25", "57"]);
        assert_eq!(codes("77373"), ["XS", "XE", "XP", "XU", "59"]);
        let x: Vec<_> = specific_modifiers_for(&kb, "59")
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(x, ["XS", "XE", "XP", "XU"]);
        assert!(bypasses_ncci(&kb, "99213", None, "25"));
        assert!(!bypasses_ncci(&kb, "99213", None, "59"));
        assert!(bypasses_ncci(&kb, "77373", None, "XS"));
        assert!(!bypasses_ncci(&kb, "77373", None, "25"));
    }
}
