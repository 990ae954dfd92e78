//! The editor settings the server reads, described once, here: every
//! option of `claimls.toml` as a VS Code configuration property
//! (`claimls.rules`, `claimls.data.mpfs`, …), with the rule ids and payer
//! profiles from the registry. `claimls settings-schema` prints it;
//! `scripts/sync_vscode_settings.py` writes it into the extension's
//! `package.json`, and a test fails when the two differ, so the editor's
//! settings never drift from what the server accepts.

use serde_json::{Map, Value, json};

const LEVELS: [&str; 5] = ["error", "warning", "information", "hint", "off"];

/// The `contributes.configuration.properties` the server's options take
/// (editor-only settings, such as the server's path, are the extension's).
pub fn properties() -> Value {
    let mut out = Map::new();
    out.insert(
        "claimls.docs".into(),
        json!({
            "type": "array",
            "default": [],
            "items": { "type": "string" },
            "markdownDescription": "Folders of publications (one document per procedure code) whose text hover shows beside claimls's own data; relative to the workspace folder, or absolute. `~` and `${workspaceFolder}` are expanded. Same as `docs` in `claimls.toml`; applied without a restart.",
        }),
    );
    out.insert(
        "claimls.rules".into(),
        json!({
            "type": "object",
            "default": {},
            "properties": rule_levels(),
            "additionalProperties": false,
            "markdownDescription": "Per-rule severity: `error`, `warning`, `information`, `hint` or `off`, e.g. `{ \"mue-exceeded\": \"warning\" }`. Same as `[rules]` in `claimls.toml` (these settings win over the file); `claimls explain <rule>` documents each rule. Applied without a restart.",
        }),
    );
    let profiles: Map<String, Value> = crate::knowledge::Knowledge::embedded()
        .payers()
        .iter()
        .map(|p| p.profile.clone())
        .chain(["default".to_string()])
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .map(|profile| {
            // Compact: the rule ids as allowed names, the levels as values
            // (each rule is described once, under `claimls.rules`).
            let value = json!({
                "type": "object",
                "properties": {
                    "rules": {
                        "type": "object",
                        "propertyNames": { "enum": rule_ids() },
                        "additionalProperties": { "type": "string", "enum": LEVELS },
                    },
                    "filing_limit_days": { "type": "integer", "minimum": 1 },
                },
                "additionalProperties": false,
            });
            (profile, value)
        })
        .collect();
    out.insert(
        "claimls.payers".into(),
        json!({
            "type": "object",
            "default": {},
            "properties": profiles,
            "additionalProperties": false,
            "markdownDescription": "Rule severities per payer profile, e.g. `{ \"aetna\": { \"rules\": { \"ncci-ptp\": \"error\" } } }`, and the payer's timely filing limit in days after the date of service, e.g. `{ \"aetna\": { \"filing_limit_days\": 90 } }` (over the built-in limit; `timely-filing` checks it). Same as `[payers.<profile>]` in `claimls.toml`; applied without a restart.",
        }),
    );
    for (key, what) in [
        (
            "ncci_ptp",
            "CMS NCCI procedure-to-procedure edit tables (tab-delimited text, as CMS publishes them)",
        ),
        (
            "mue",
            "CMS Medically Unlikely Edit tables (CSV or tab-delimited text)",
        ),
        (
            "mpfs",
            "CMS Physician Fee Schedule relative value files (PPRRVU, CSV)",
        ),
    ] {
        out.insert(
            format!("claimls.data.{key}"),
            json!({
                "type": "array",
                "default": [],
                "items": { "type": "string" },
                "markdownDescription": format!("{what} to load over claimls's embedded rows: later files win for the same code. Relative to the workspace folder, or absolute. Same as `[data] {key}` in `claimls.toml`; applied without a restart."),
            }),
        );
    }
    out.insert(
        "claimls.data.cpt_descriptors".into(),
        json!({
            "type": "string",
            "default": "",
            "markdownDescription": "Your licensed CPT descriptor file (CSV: code, short, long); hover then shows the descriptors you are licensed for. claimls ships none. Same as `[data] cpt_descriptors` in `claimls.toml`; applied without a restart.",
        }),
    );
    out.insert(
        "claimls.courses.gap_days".into(),
        json!({
            "type": "integer",
            "default": crate::config::DEFAULT_COURSE_GAP_DAYS,
            "minimum": 1,
            "maximum": 366,
            "markdownDescription": "A gap between two service dates longer than this many days starts a new course of treatment (for `course-limit`: 77435 once per SBRT course, 77373 at most five fractions…). Same as `[courses] gap_days` in `claimls.toml`; applied without a restart.",
        }),
    );
    Value::Object(out)
}

fn rule_ids() -> Vec<&'static str> {
    crate::rules::RULES.iter().map(|r| r.id).collect()
}

/// One property per rule, with its levels and its title.
fn rule_levels() -> Value {
    let rules: Map<String, Value> = crate::rules::RULES
        .iter()
        .map(|rule| {
            let value = json!({
                "type": "string",
                "enum": LEVELS,
                "markdownDescription": format!("{} (default: {})", rule.title, rule.severity.as_str()),
            });
            (rule.id.to_string(), value)
        })
        .collect();
    Value::Object(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_one_the_server_accepts() {
        // Build the settings object a client would send from the schema's
        // keys (`claimls.data.mpfs` → data.mpfs), each with its default
        // or a sample value; the server takes it without a problem.
        let mut settings = Map::new();
        for (key, spec) in properties().as_object().unwrap() {
            let path: Vec<&str> = key.trim_start_matches("claimls.").split('.').collect();
            let sample = match (key.as_str(), spec["type"].as_str()) {
                ("claimls.rules", _) => json!({ "ncci-ptp": "hint" }),
                ("claimls.payers", _) => {
                    json!({ "aetna": { "rules": { "mue-exceeded": "off" }, "filing_limit_days": 120 } })
                }
                (_, Some("array")) => json!([]),
                (_, Some("integer")) => spec["default"].clone(),
                _ => Value::Null,
            };
            if sample.is_null() {
                continue;
            }
            let mut at = &mut settings;
            for part in &path[..path.len() - 1] {
                at = at
                    .entry(part.to_string())
                    .or_insert_with(|| json!({}))
                    .as_object_mut()
                    .unwrap();
            }
            at.insert(path[path.len() - 1].to_string(), sample);
        }
        let (_, errors) = crate::config::Config::from_json(&Value::Object(settings), None);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn every_rule_and_profile_is_offered() {
        let schema = properties();
        let rules = schema["claimls.rules"]["properties"].as_object().unwrap();
        assert_eq!(rules.len(), crate::rules::RULES.len());
        let payers = schema["claimls.payers"]["properties"].as_object().unwrap();
        for profile in ["medicare", "aetna", "bcbs", "cigna", "uhc", "default"] {
            assert!(payers.contains_key(profile), "{profile}");
        }
    }
}
