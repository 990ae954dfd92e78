//! Rules about the modifiers of a service line: whether each applies to its
//! code (`policy`), whether they agree with each other, their number and
//! their order. The fee-schedule indicator rules (`pctc-indicator`,
//! `bilateral-indicator`, `assistant-indicator`, `co-surgeon-indicator`,
//! `team-surgery-indicator`) each report the misfits `policy` attributes to
//! them, through [`report_misfits`].

pub mod abn_modifier_not_medicare;
pub mod assistant_indicator;
pub mod bilateral_indicator;
pub mod co_surgeon_indicator;
pub mod modifier_conflict;
pub mod modifier_not_applicable;
pub mod modifier_order;
pub mod modifier_repeated;
pub mod modifier_unknown;
pub mod pctc_indicator;
pub mod team_surgery_indicator;
pub mod too_many_modifiers;

use crate::diagnostic::Fix;
use crate::policy;
use crate::rules::{ClaimContext, Findings};

/// Reports every modifier that `policy::modifier_misfit` says does not
/// apply to its line's code for reason `rule`, with the fix that removes
/// it. `governed` names the modifiers the rule can be about, so lines
/// without any skip the fee-schedule lookup.
pub(crate) fn report_misfits(
    ctx: &ClaimContext<'_, '_>,
    out: &mut Findings,
    rule: &str,
    governed: impl Fn(&str) -> bool,
) {
    for line in &ctx.claim.lines {
        if !line.modifiers.iter().any(|m| governed(m.text)) {
            continue;
        }
        let code = line.code.text;
        let on = line.from_date.ok();
        for m in line.modifiers.iter().filter(|m| governed(m.text)) {
            let Some(misfit) = policy::modifier_misfit(ctx.kb, code, on, m.text) else {
                continue;
            };
            if misfit.rule() != rule {
                continue;
            }
            out.report(m.span(), misfit.explain(ctx.kb, code, m.text))
                .fixes
                .push(Fix::remove_modifier(*m, code).preferred());
        }
    }
}
