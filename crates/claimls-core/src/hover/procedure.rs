//! Hover on a procedure code: the deepest one, since coders live here.

use crate::knowledge::Knowledge;
use crate::knowledge::mpfs::{CentiRvu, legend};
use crate::knowledge::mue::mai_meaning;
use crate::policy::{allows_split, indicator_in_words};
use crate::values::code_shape;
use std::fmt::Write;

/// `on_claim`: the hover is on a claim, whose findings on this code's line
/// [`super::hover`] adds (under "On this claim", after the facts table);
/// hover makes no verdict of its own. `on`: the line's date of service,
/// whose year picks the fee schedule.
pub fn describe(
    code: &str,
    on: Option<time::Date>,
    on_claim: bool,
    payer: Option<&str>,
    kb: &Knowledge,
) -> String {
    let mut out = String::new();
    let procedure = kb.procedure(code);
    let fees = kb.fees(code, on);
    let mue = kb.mue(code);
    let publication = kb.publication(code);
    let descriptor = kb.descriptor(code);
    match (procedure, descriptor) {
        (_, Some((d, file))) => {
            let kind = procedure.map_or(String::new(), |p| {
                format!(" · {} · {}", p.system, p.service_type)
            });
            let _ = writeln!(
                out,
                "**{code}**{kind}\n\n{}\n\n_CPT descriptor from your licensed file ({file})._\n",
                d.long
            );
        }
        (Some(p), None) => {
            let _ = writeln!(
                out,
                "**{}** · {} · {}\n\n{}\n",
                p.code, p.system, p.service_type, p.summary
            );
            let _ = writeln!(out, "{}\n", p.description);
        }
        (None, None) => {
            let shape = if code_shape(code).is_none() {
                "not a well-formed CPT (five digits, or four digits and F/T) or HCPCS Level II (a letter and four digits) code"
            } else if fees.is_some() {
                "in the CMS physician fee schedule; claimls has no summary of its own for it (load your licensed CPT descriptor file under `[data] cpt_descriptors` to see its descriptor here)"
            } else if kb.code_known(code) {
                "listed in the CMS tables claimls has loaded; claimls has no summary of its own for it"
            } else {
                "a well-formed code that is not in claimls's built-in code list (it ships the SRS family and its neighbours, not every CPT code)"
            };
            let _ = writeln!(out, "**{code}** — {shape}.\n");
        }
    }

    // The facts table.
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Some(p) = procedure {
        rows.push(("Service type".into(), p.service_type.clone()));
        let sites = p.typical_sites.clone().unwrap_or_default();
        let pos = if p.typical_pos.is_empty() {
            String::new()
        } else {
            format!(" (POS {})", p.typical_pos.join(", "))
        };
        if !sites.is_empty() || !pos.is_empty() {
            rows.push(("Typical sites".into(), format!("{sites}{pos}")));
        }
    }
    if let Some(f) = fees {
        fee_rows(f, on, &mut rows);
    }
    if let Some(m) = mue {
        rows.push((
            "MUE".into(),
            format!(
                "{} unit(s) — {}{}",
                m.units,
                mai_meaning(m.mai),
                unconfirmed(m.confirmed)
            ),
        ));
    }
    if let Some(p) = procedure {
        if p.add_on {
            rows.push((
                "Add-on code".into(),
                "billed only with its primary procedure".into(),
            ));
        }
        if !p.related.is_empty() {
            rows.push(("Related codes".into(), p.related.join(", ")));
        }
    }
    if !rows.is_empty() {
        out.push_str("| | |\n|---|---|\n");
        for (k, v) in &rows {
            let _ = writeln!(out, "| {k} | {} |", v.replace('|', "/"));
        }
        out.push('\n');
    }

    if on_claim {
        // Where the claim's findings go (see `super::hover`).
        out.push_str(super::FINDINGS_HERE);
    }

    if let Some(context) = procedure.and_then(|p| p.clinical_context.as_deref()) {
        let _ = writeln!(out, "**Clinical context**\n\n{context}\n");
    }

    // Modifier guidance: ours, the publication's, and the CMS indicator.
    let guidance: Vec<(String, String)> = procedure
        .map(|p| {
            p.modifier_guidance
                .iter()
                .map(|g| (g.modifier.clone(), g.guidance.clone()))
                .collect()
        })
        .unwrap_or_default();
    let published: Vec<(String, String)> = publication
        .map(|p| {
            p.modifiers
                .iter()
                .map(|m| {
                    (
                        m.modifier.clone(),
                        format!("{} — {}", m.description, m.when_to_use),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if !guidance.is_empty() || !published.is_empty() {
        let _ = writeln!(out, "**Modifiers**\n");
        for (m, g) in &guidance {
            let _ = writeln!(out, "- **{m}**: {g}");
        }
        for (m, g) in &published {
            let _ = writeln!(out, "- **{m}** (from your publication): {g}");
        }
        out.push('\n');
        // Only a loaded publication can disagree with the CMS data:
        // claimls's own guidance follows the indicator.
        let mentions_split = published.iter().any(|(m, _)| m == "26" || m == "TC");
        if let (true, Some(ind)) = (mentions_split, fees.and_then(|f| f.row.pctc)) {
            if !allows_split(ind) {
                let _ = writeln!(
                    out,
                    "> **Conflict between sources:** the publication guidance lists modifier 26/TC for {code}, but CMS gives {code} PC/TC indicator {}. Under Medicare a line with 26 or TC is rejected; some commercial payers follow the publication's convention — check the payer's policy.\n",
                    indicator_in_words("pctc", &ind.to_string())
                );
            }
        }
    }

    let edits: Vec<String> = {
        let mut edits = kb.ptp_involving(code);
        edits.sort_by(|a, b| (&a.column1, &a.column2).cmp(&(&b.column1, &b.column2)));
        edits
            .iter()
            .map(|e| {
                let other = if e.column1 == code {
                    &e.column2
                } else {
                    &e.column1
                };
                let role = if e.column1 == code {
                    "column 1"
                } else {
                    "column 2"
                };
                let how = if e.modifier_indicator == 0 {
                    "never together"
                } else {
                    "only with an NCCI-associated modifier"
                };
                format!("{other} ({code} is {role}; {how})")
            })
            .collect()
    };
    // CMS's own tables pair a common code with hundreds of others.
    const EDITS_SHOWN: usize = 20;
    if edits.len() > EDITS_SHOWN {
        let more = format!("{} more", edits.len() - EDITS_SHOWN);
        let mut shown = edits[..EDITS_SHOWN].to_vec();
        shown.push(more);
        let _ = writeln!(
            out,
            "**Same-day NCCI edits:** {}\n",
            crate::text::join_words(&shown, "and")
        );
    } else if !edits.is_empty() {
        let _ = writeln!(
            out,
            "**Same-day NCCI edits:** {}\n",
            crate::text::join_words(&edits, "and")
        );
    }

    // The coding instructions the rules check, as they read them.
    if let Some(add_on) = kb.add_on_primaries(code) {
        let _ = writeln!(
            out,
            "**Add-on code:** billed with {} by the same provider on the same day (claimls's table, inferred from CPT instructions).\n",
            crate::text::join_words(&add_on.primaries, "or")
        );
    }
    if let Some(limit) = kb.course_limit(code) {
        let times = match limit.limit {
            1 => "once".to_string(),
            n => format!("at most {n} times"),
        };
        let together = if limit.codes.len() > 1 {
            format!(" ({} together)", limit.codes.join(" and "))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "**Per course of treatment:** {times}{together}, for {} (claimls's table, from CPT instructions; see `course-limit`).\n",
            limit.what
        );
    }
    for policy in kb.prior_auth_policies(code) {
        let _ = writeln!(
            out,
            "**Prior authorisation** required from {} (payer profile `{}`): {}; see `prior-auth-missing`.\n",
            crate::values::format_date(policy.from),
            policy.profile,
            policy.policy
        );
    }

    if let Some(notes) = procedure.and_then(|p| p.payer_notes.as_deref()) {
        let _ = writeln!(out, "**Payers**\n\n{notes}\n");
    }
    if let Some(payer) = payer {
        let profile = crate::profiles::profile_for(kb, Some(payer));
        let _ = writeln!(
            out,
            "This claim's payer, {payer}, is checked with the `{profile}` profile.\n"
        );
    }

    if let Some(p) = publication {
        let _ = writeln!(
            out,
            "**From your publication** ({})\n",
            p.path
                .file_name()
                .map(|f| f.to_string_lossy())
                .unwrap_or_default()
        );
        if let Some(t) = &p.service_type {
            let _ = writeln!(out, "- Service type: {t}");
        }
        if let Some(s) = &p.typical_site {
            let _ = writeln!(out, "- Typical site of service: {s}");
        }
        out.push('\n');
    }

    let mut sources = Vec::new();
    if let Some((_, file)) = descriptor {
        sources.push(format!("CPT descriptor: your licensed file {file}"));
    } else if procedure.is_some() {
        sources.push("claimls plain-language summary (not AMA CPT descriptor text)".to_string());
    }
    if let Some(f) = fees {
        sources.push(format!(
            "CMS physician fee schedule relative value file, {} ({})",
            f.schedule.release, f.schedule.origin
        ));
    }
    if let Some(m) = mue {
        sources.push(m.source.clone());
    }
    sources.dedup();
    if !sources.is_empty() {
        let _ = write!(out, "_Sources: {}_", sources.join("; "));
    }
    out.trim_end().to_string()
}

fn unconfirmed(confirmed: bool) -> &'static str {
    if confirmed {
        ""
    } else {
        " (inferred by claimls, not read from a CMS file)"
    }
}

/// The fee schedule's facts about a code, in the hover's table: status,
/// relative values, national payment, global period and every indicator
/// that applies (a "not applicable" indicator is left out).
fn fee_rows(
    f: crate::knowledge::Fees<'_>,
    on: Option<time::Date>,
    rows: &mut Vec<(String, String)>,
) {
    let row = f.row;
    let year = format!("CY{}", f.schedule.year);
    if !f.in_year {
        let asked = on.map_or("no date of service".to_string(), |d| {
            format!("a date of service in {}", d.year())
        });
        rows.push((
            "Fee schedule year".into(),
            format!(
                "{year} data shown for {asked}: claimls has no file for that year (load CMS's under `[data] mpfs`)"
            ),
        ));
    }
    let status = row.status.to_string();
    rows.push((
        format!("Medicare status ({year})"),
        indicator_in_words("status", &status),
    ));
    if row.total_nonfacility > 0 || row.total_facility > 0 {
        rows.push((
            format!("RVUs ({year})"),
            format!(
                "work {} · practice expense {} non-facility, {} facility · malpractice {} · total {} non-facility, {} facility",
                rvu(row.work),
                na_or(row.pe_nonfacility, row.na_nonfacility),
                na_or(row.pe_facility, row.na_facility),
                rvu(row.malpractice),
                na_or(row.total_nonfacility, row.na_nonfacility),
                na_or(row.total_facility, row.na_facility),
            ),
        ));
        if matches!(row.status, 'A' | 'T') && f.schedule.conversion_factor > 0 {
            let pay = |total: CentiRvu, na: bool| {
                if na {
                    "none (NA)".to_string()
                } else {
                    dollars(f.schedule.national_cents(total))
                }
            };
            rows.push((
                format!("National payment ({year})"),
                format!(
                    "{} non-facility, {} facility (total RVUs × conversion factor {}; national, before the locality adjustment)",
                    pay(row.total_nonfacility, row.na_nonfacility),
                    pay(row.total_facility, row.na_facility),
                    factor(f.schedule.conversion_factor)
                ),
            ));
        }
    }
    if legend("global", row.global()).is_some() {
        rows.push((
            "Global period".into(),
            indicator_in_words("global", row.global()),
        ));
    }
    let indicators = [
        ("PC/TC indicator (26, TC)", "pctc", row.pctc),
        ("Multiple procedures (51)", "mult", row.multiple_procedure),
        ("Bilateral surgery (50)", "bilat", row.bilateral),
        (
            "Assistant at surgery (80, 81, 82, AS)",
            "asst",
            row.assistant,
        ),
        ("Co-surgeons (62)", "co", row.co_surgeons),
        ("Team surgery (66)", "team", row.team),
    ];
    // The surgical team indicators matter on surgery (a global period of
    // 0, 10 or 90 days) or where they permit something; PC/TC is shown
    // even when 9, since coders look for it on every code.
    let surgical = matches!(row.global(), "000" | "010" | "090");
    for (name, field, value) in indicators {
        let Some(v) = value else {
            continue;
        };
        let team_only = matches!(field, "asst" | "co" | "team");
        if (v == 9 && field != "pctc") || (team_only && !surgical && v == 0) {
            continue;
        }
        rows.push((name.into(), indicator_in_words(field, &v.to_string())));
    }
}

fn rvu(hundredths: CentiRvu) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn na_or(hundredths: CentiRvu, na: bool) -> String {
    if na {
        "NA".to_string()
    } else {
        rvu(hundredths)
    }
}

fn factor(ten_thousandths: u32) -> String {
    format!(
        "{}.{:04}",
        ten_thousandths / 10_000,
        ten_thousandths % 10_000
    )
}

fn dollars(cents: u64) -> String {
    crate::values::format_amount(cents as i64, true)
}
