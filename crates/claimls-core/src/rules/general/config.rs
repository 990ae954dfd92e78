//! `config`: a problem in `claimls.toml` or the editor's settings.
use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    id: "config",
    title: "Configuration problem",
    severity: Severity::Error,
    what: "`claimls.toml` (or the settings the editor sends) could not be read as written: a TOML syntax error, an unknown key, an unknown rule id or payer profile, a level that is not error/warning/information/hint/off, a folder or data file (`[data]`: CMS tables, licensed CPT descriptors) that does not exist, or a row of such a file that cannot be read (the first few are listed; the row is skipped and the rest of the file loads). It is reported against the configuration file, at the line concerned.",
    why: "A setting that silently does nothing is worse than none: a coder who turned a rule off, or pointed claimls at the practice's publications, must know when that did not take effect.",
    example: "[rules]\nmue-exceeded = \"loud\"",
    fix: "Correct the line the message points to. Everything else in the file still applies, and the rest stays at its default.",
    check: None,
};
