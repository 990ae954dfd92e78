//! Hover text, reviewed as snapshots (`cargo insta review` after a change).

use claimls::Config;
use claimls::hover::hover;

const CLAIM: &str = include_str!("../examples/srs-problems.claim");

fn hover_on(text: &str, needle: &str, extra: usize) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + extra;
    hover(text, at, &Config::default())
        .expect("a hover")
        .markdown
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
    let (config, _) = Config::load_file(&root.join("tests/fixtures/with-cms-tables/claimls.toml"));
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
