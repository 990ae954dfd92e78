//! Configuration: `claimls.toml`, LSP `initializationOptions` and
//! `workspace/didChangeConfiguration` all share one shape:
//!
//! ```toml
//! docs = ["publications"]          # publication folders, relative to this file
//! [data]                           # the user's CMS files, relative to this file
//! ncci_ptp = ["cms/ccipra-v321r0-f1.txt"]   # NCCI PTP tables (tab-delimited text)
//! mue = ["cms/MCR_MUE_PractitionerServices.csv"]
//! mpfs = ["cms/PPRRVU26_JAN.csv"]  # MPFS relative value file (PC/TC, bilateral)
//! cpt_descriptors = "licensed/cpt.csv"      # code, short, long (licensed CPT text)
//! [rules]
//! mue-exceeded = "warning"         # error | warning | information | hint | off
//! [payers.aetna]
//! filing_limit_days = 90           # the payer's timely filing limit (timely-filing)
//! [payers.aetna.rules]
//! ncci-ptp = "error"
//! ```
//!
//! A bad file never stops the analysis: each problem becomes one located
//! [`ConfigError`] and the defaults stand in for what could not be read.

use crate::knowledge::{DataSources, Knowledge};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The configuration file's name, looked up from a claim file's folder upwards.
pub const FILE_NAME: &str = "claimls.toml";

// A rule's configured level is the rules' own vocabulary (`rules::Level`):
// the rules need it and must not depend on the configuration.
pub use crate::rules::Level;

/// The effective configuration, with the knowledge base it implies.
#[derive(Clone, Debug)]
pub struct Config {
    /// Publication folders and CMS/descriptor files, absolute (or as given
    /// when there is no base); only those that exist.
    pub data: DataSources,
    pub rules: HashMap<String, Level>,
    /// Per payer profile (`medicare`, `aetna`, …, `default`) rule levels.
    pub payers: HashMap<String, HashMap<String, Level>>,
    /// Per payer profile, the timely filing limit in days the user set
    /// (`[payers.<profile>] filing_limit_days`), over the built-in one.
    pub filing_limit_days: HashMap<String, u32>,
    /// The knowledge base: embedded tables plus the files named above.
    pub knowledge: Arc<Knowledge>,
    /// "Today", for not-in-the-future checks; tests pin it.
    pub today: Option<time::Date>,
    /// `[courses] gap_days`: a gap between two service dates longer than
    /// this starts a new course of treatment (see [`Config::course_gap_days`]).
    pub course_gap: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data: DataSources::default(),
            rules: HashMap::new(),
            payers: HashMap::new(),
            filing_limit_days: HashMap::new(),
            knowledge: Knowledge::embedded(),
            today: None,
            course_gap: None,
        }
    }
}

/// A located problem in a configuration source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file (or `initializationOptions`).
    pub origin: String,
    /// 1-based; 0 when the whole source is concerned.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.origin, self.line, self.column, self.message
            )
        }
    }
}

/// The serialized shape, shared by TOML and JSON.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    docs: Vec<String>,
    #[serde(default)]
    rules: HashMap<String, String>,
    #[serde(default)]
    payers: HashMap<String, RawPayer>,
    #[serde(default)]
    data: RawData,
    #[serde(default)]
    courses: RawCourses,
    /// Editor-only settings (`claimls.server.path`, `claimls.trace.server`)
    /// arrive in the same section; the server ignores them.
    #[serde(default)]
    #[allow(dead_code)]
    server: Option<serde_json::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    trace: Option<serde_json::Value>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct RawPayer {
    #[serde(default)]
    rules: HashMap<String, String>,
    /// Days after the date of service within which the payer accepts a
    /// first claim (its contract's timely filing limit).
    #[serde(default)]
    filing_limit_days: Option<u32>,
}

/// `[courses]`: how claimls tells one course of treatment from the next.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct RawCourses {
    #[serde(default)]
    gap_days: Option<i64>,
}

/// `[data]`: the user's CMS tables and licensed descriptor file.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct RawData {
    #[serde(default)]
    ncci_ptp: Vec<String>,
    #[serde(default)]
    mue: Vec<String>,
    #[serde(default)]
    mpfs: Vec<String>,
    #[serde(default)]
    cpt_descriptors: Option<String>,
}

/// See [`Config::course_gap_days`].
pub const DEFAULT_COURSE_GAP_DAYS: u32 = 30;

/// A configuration file is a few lines; anything larger is a mistake.
const MAX_CONFIG_BYTES: u64 = 16 * 1024 * 1024;

/// How many malformed rows of one data file are reported one by one.
const ROW_ERRORS_SHOWN: usize = 5;

/// Known payer profile ids (from `data/payers.toml`) plus `default`.
fn profile_ids() -> Vec<String> {
    let mut ids: Vec<String> = Knowledge::embedded()
        .payers()
        .iter()
        .map(|p| p.profile.clone())
        .collect();
    ids.push("default".to_string());
    ids
}

impl Config {
    /// Reads `path`. Problems are returned located; what could be read is
    /// kept and the rest stays at its default.
    pub fn load_file(path: &Path) -> (Config, Vec<ConfigError>) {
        let origin = path.display().to_string();
        // Only a regular file is read: a FIFO would block the reader.
        let text = match crate::files::read_regular(path, MAX_CONFIG_BYTES)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into()))
        {
            Ok(text) => text,
            Err(why) => {
                let error = ConfigError {
                    origin,
                    line: 0,
                    column: 0,
                    message: format!("cannot read configuration: {why}"),
                };
                return (Config::default(), vec![error]);
            }
        };
        let base = path.parent().map(Path::to_path_buf);
        Config::from_toml(&text, &origin, base.as_deref())
    }

    /// Parses TOML text; relative paths resolve against `base`.
    pub fn from_toml(text: &str, origin: &str, base: Option<&Path>) -> (Config, Vec<ConfigError>) {
        match toml::from_str::<Raw>(text) {
            Ok(raw) => Config::from_raw(raw, origin, base, Locator::toml(text)),
            Err(e) => {
                let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
                let error = ConfigError {
                    origin: origin.to_string(),
                    line,
                    column,
                    message: format!("{} (using the default settings)", e.message()),
                };
                (Config::default(), vec![error])
            }
        }
    }

    /// Parses a JSON value (LSP `initializationOptions` or settings);
    /// relative paths resolve against `base` (the workspace root).
    pub fn from_json(value: &serde_json::Value, base: Option<&Path>) -> (Config, Vec<ConfigError>) {
        // Editors send either the `claimls` section or the whole settings object.
        let value = value.get("claimls").unwrap_or(value);
        if value.is_null() || value.as_object().is_some_and(|o| o.is_empty()) {
            return (Config::default(), Vec::new());
        }
        match serde_json::from_value::<Raw>(value.clone()) {
            Ok(raw) => Config::from_raw(raw, "initializationOptions", base, Locator::None),
            Err(e) => (
                Config::default(),
                vec![ConfigError {
                    origin: "initializationOptions".to_string(),
                    line: 0,
                    column: 0,
                    message: format!("{e} (using the default settings)"),
                }],
            ),
        }
    }

    fn from_raw(
        raw: Raw,
        origin: &str,
        base: Option<&Path>,
        locator: Locator,
    ) -> (Config, Vec<ConfigError>) {
        let mut errors = Vec::new();
        let mut error = |at: &[Seg<'_>], message: String| {
            let (line, column) = locator.locate(at);
            errors.push(ConfigError {
                origin: origin.to_string(),
                line,
                column,
                message,
            });
        };
        let levels = |table: HashMap<String, String>,
                      at: &[Seg<'_>],
                      error: &mut dyn FnMut(&[Seg<'_>], String)| {
            let mut out = HashMap::new();
            let mut keys: Vec<_> = table.into_iter().collect();
            keys.sort();
            for (id, value) in keys {
                let mut here = at.to_vec();
                here.push(Seg::Key(&id));
                if crate::rules::get(&id).is_none() {
                    error(
                        &here,
                        format!(
                            "unknown rule id `{}` (see docs/rules.md for the list)",
                            crate::text::shorten(&id, 60)
                        ),
                    );
                    continue;
                }
                match Level::parse(&value) {
                    Some(level) => {
                        out.insert(id, level);
                    }
                    None => error(
                        &here,
                        format!(
                            "`{id}` = \"{}\": expected error, warning, information, hint or off",
                            crate::text::shorten(&value, 60)
                        ),
                    ),
                }
            }
            out
        };
        let rules = levels(raw.rules, &[Seg::Key("rules")], &mut error);
        let profiles = profile_ids();
        let mut payers = HashMap::new();
        let mut filing_limit_days = HashMap::new();
        let mut sorted: Vec<_> = raw.payers.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (profile, payer) in sorted {
            let at = [Seg::Key("payers"), Seg::Key(&profile)];
            if !profiles.contains(&profile) {
                error(
                    &at,
                    format!(
                        "unknown payer profile `{}`; expected one of {}",
                        crate::text::shorten(&profile, 60),
                        profiles.join(", ")
                    ),
                );
                continue;
            }
            match payer.filing_limit_days {
                Some(0) => error(
                    &[
                        Seg::Key("payers"),
                        Seg::Key(&profile),
                        Seg::Key("filing_limit_days"),
                    ],
                    "`filing_limit_days` is at least 1; to check no limit for this payer, set `timely-filing = \"off\"` under its `rules`".to_string(),
                ),
                Some(days) => {
                    filing_limit_days.insert(profile.clone(), days);
                }
                None => {}
            }
            let table = levels(
                payer.rules,
                &[Seg::Key("payers"), Seg::Key(&profile), Seg::Key("rules")],
                &mut error,
            );
            payers.insert(profile, table);
        }
        let resolve = |given: &str| match base {
            Some(base) if Path::new(given).is_relative() => base.join(given),
            _ => PathBuf::from(given),
        };
        let mut data = DataSources::default();
        for (i, given) in raw.docs.iter().enumerate() {
            let path = resolve(given);
            if path.is_dir() {
                data.docs.push(path);
            } else {
                error(
                    &[Seg::Key("docs"), Seg::Index(i)],
                    format!(
                        "publication folder `{given}` not found (looked for {})",
                        path.display()
                    ),
                );
            }
        }
        // (path, where it is written) of each data file, to locate its problems.
        let mut given_paths: Vec<(PathBuf, String, Vec<Seg<'static>>)> = Vec::new();
        let mut file = |given: &str,
                        at: Vec<Seg<'static>>,
                        what: &str,
                        error: &mut dyn FnMut(&[Seg<'_>], String)| {
            let path = resolve(given);
            match crate::knowledge::check_data_file(&path) {
                Ok(()) => {
                    given_paths.push((path.clone(), given.to_string(), at));
                    Some(path)
                }
                Err(why) => {
                    error(&at, format!("{what} `{given}` {why}"));
                    None
                }
            }
        };
        let raw_data = raw.data;
        for (i, given) in raw_data.ncci_ptp.iter().enumerate() {
            let at = vec![Seg::Key("data"), Seg::Key("ncci_ptp"), Seg::Index(i)];
            data.ncci_ptp
                .extend(file(given, at, "NCCI PTP table", &mut error));
        }
        for (i, given) in raw_data.mue.iter().enumerate() {
            let at = vec![Seg::Key("data"), Seg::Key("mue"), Seg::Index(i)];
            data.mue.extend(file(given, at, "MUE table", &mut error));
        }
        for (i, given) in raw_data.mpfs.iter().enumerate() {
            let at = vec![Seg::Key("data"), Seg::Key("mpfs"), Seg::Index(i)];
            data.mpfs
                .extend(file(given, at, "MPFS relative value file", &mut error));
        }
        if let Some(given) = &raw_data.cpt_descriptors {
            let at = vec![Seg::Key("data"), Seg::Key("cpt_descriptors")];
            data.cpt_descriptors = file(given, at, "CPT descriptor file", &mut error);
        }
        let knowledge = Knowledge::shared(&data);
        // Problems inside the files, located at the path in the configuration.
        for (path, given, at) in &given_paths {
            let origin = path.display().to_string();
            let problems: Vec<_> = knowledge
                .load_errors
                .iter()
                .filter(|e| e.origin == origin)
                .collect();
            for e in problems.iter().take(ROW_ERRORS_SHOWN) {
                let message = if e.line == 0 {
                    format!("`{given}`: {}", e.message)
                } else {
                    format!(
                        "`{given}` line {}: {}; the row was skipped",
                        e.line, e.message
                    )
                };
                error(at, message);
            }
            if problems.len() > ROW_ERRORS_SHOWN {
                error(
                    at,
                    format!(
                        "`{given}`: {} more malformed rows were skipped",
                        problems.len() - ROW_ERRORS_SHOWN
                    ),
                );
            }
        }
        let course_gap = match raw.courses.gap_days {
            Some(days @ 1..=366) => Some(days as u32),
            Some(other) => {
                error(
                    &[Seg::Key("courses"), Seg::Key("gap_days")],
                    format!("`gap_days` = {other}: expected a number of days from 1 to 366"),
                );
                None
            }
            None => None,
        };
        bound_errors(&mut errors);
        let config = Config {
            data,
            rules,
            payers,
            filing_limit_days,
            knowledge,
            today: None,
            course_gap,
        };
        (config, errors)
    }

    /// `self` with `over` on top: `over`'s rule levels win, publication
    /// folders and data files are combined, `over`'s files after `self`'s so
    /// they win for the same code (and the knowledge base is rebuilt when
    /// that adds any).
    pub fn overlay(&self, over: &Config) -> Config {
        let mut merged = self.clone();
        merged
            .rules
            .extend(over.rules.iter().map(|(k, v)| (k.clone(), *v)));
        for (profile, rules) in &over.payers {
            let entry = merged.payers.entry(profile.clone()).or_default();
            entry.extend(rules.iter().map(|(k, v)| (k.clone(), *v)));
        }
        merged
            .filing_limit_days
            .extend(over.filing_limit_days.iter().map(|(k, v)| (k.clone(), *v)));
        let data = self.data.merged(&over.data);
        if data != self.data {
            merged.knowledge = if data == over.data {
                over.knowledge.clone()
            } else {
                Knowledge::shared(&data)
            };
            merged.data = data;
        }
        merged.today = over.today.or(self.today);
        merged.course_gap = over.course_gap.or(self.course_gap);
        merged
    }

    /// A gap between two service dates longer than this many days starts a
    /// new course of treatment: `[courses] gap_days`, else 30 (claimls's
    /// choice: an SBRT course's fractions fall within about two weeks, and
    /// a new course for the same patient and code rarely starts within a
    /// month; documented with `course-limit`).
    pub fn course_gap_days(&self) -> u32 {
        self.course_gap.unwrap_or(DEFAULT_COURSE_GAP_DAYS)
    }

    /// The nearest `claimls.toml` at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// The level of `rule` for a claim sent to the payer with `profile`:
    /// the payer's override, else the general one, else the payer
    /// profile's built-in default, else the rule's own default severity.
    pub fn level(&self, rule: &'static crate::rules::Rule, profile: &str) -> Level {
        self.payers
            .get(profile)
            .and_then(|p| p.get(rule.id))
            .or_else(|| self.rules.get(rule.id))
            .copied()
            .or_else(|| crate::profiles::level(profile, rule.id))
            .unwrap_or(Level::On(rule.severity))
    }

    /// [`Config::level`] of every rule, in `rules::RULES` order. Every
    /// claim needs the whole row, so the common case (no user overrides)
    /// reads the profile's precomputed row instead of asking per rule.
    pub fn levels(&self, profile: &str) -> std::borrow::Cow<'static, [Level]> {
        match crate::profiles::default_levels(profile) {
            Some(row) if self.rules.is_empty() && self.payers.is_empty() => row.into(),
            _ => crate::rules::RULES
                .iter()
                .map(|rule| self.level(rule, profile))
                .collect(),
        }
    }

    /// The timely filing limit of a claim sent to the payer with
    /// `profile`: the days `claimls.toml` sets for the profile, else the
    /// profile's built-in limit (`data/filing_limits.tsv`), else none.
    pub fn filing_limit(&self, profile: &str) -> Option<crate::knowledge::Limit> {
        if let Some(&days) = self.filing_limit_days.get(profile) {
            return Some(crate::knowledge::Limit {
                period: crate::knowledge::Period::Days(days),
                built_in: None,
            });
        }
        self.knowledge
            .filing_limit(profile)
            .map(|row| crate::knowledge::Limit {
                period: row.period,
                built_in: Some(row),
            })
    }

    pub fn today(&self) -> time::Date {
        self.today.unwrap_or_else(crate::values::today)
    }
}

/// Each payer profile's rule levels for one configuration, worked out on
/// first use: an analysis asks for every claim, and with the user's
/// overrides working them out costs a few hundred map lookups each time
/// (a third of the whole analysis, measured).
#[derive(Default)]
pub struct LevelCache {
    rows: Vec<(String, std::borrow::Cow<'static, [Level]>)>,
}

impl LevelCache {
    /// [`Config::levels`] of `profile`, from the cache.
    pub fn get(&mut self, config: &Config, profile: &str) -> &[Level] {
        let i = match self.rows.iter().position(|(p, _)| p == profile) {
            Some(i) => i,
            None => {
                self.rows
                    .push((profile.to_string(), config.levels(profile)));
                self.rows.len() - 1
            }
        };
        &self.rows[i].1
    }
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let (line, column) =
        crate::text::LineIndex::new(text).position(text, offset, crate::text::ColumnUnit::Char);
    (line + 1, column + 1)
}

/// How many problems of one configuration source are reported one by one;
/// a file with 60,000 unknown rule ids gets this many and a count.
pub const MAX_ERRORS_SHOWN: usize = 100;

fn bound_errors(errors: &mut Vec<ConfigError>) {
    if errors.len() > MAX_ERRORS_SHOWN {
        let more = errors.len() - MAX_ERRORS_SHOWN;
        errors.truncate(MAX_ERRORS_SHOWN);
        let last = errors.last().cloned().expect("not empty");
        errors.push(ConfigError {
            message: format!("{more} more problems in this configuration are not shown"),
            ..last
        });
    }
}

/// One step of a path into the configuration: a key or an array index.
#[derive(Clone, Copy, Debug)]
enum Seg<'k> {
    Key(&'k str),
    Index(usize),
}

/// Finds where a key or value is written, from the TOML parser's own
/// spans: one lookup per problem, not a search of the text.
enum Locator {
    Toml {
        text: String,
        document: Box<toml_edit::ImDocument<String>>,
        lines: crate::text::LineIndex,
    },
    /// JSON settings (`initializationOptions`) have no lines.
    None,
}

impl Locator {
    fn toml(text: &str) -> Locator {
        match toml_edit::ImDocument::parse(text.to_string()) {
            Ok(document) => Locator::Toml {
                text: text.to_string(),
                document: Box::new(document),
                lines: crate::text::LineIndex::new(text),
            },
            Err(_) => Locator::None,
        }
    }

    /// 1-based (line, column) of the last step of `path` that exists: a
    /// key's name, or an array element's value. (0, 0) without a text.
    fn locate(&self, path: &[Seg<'_>]) -> (usize, usize) {
        let Locator::Toml {
            text,
            document,
            lines,
        } = self
        else {
            return (0, 0);
        };
        let mut item = document.as_item();
        let mut found = None;
        for seg in path {
            match seg {
                Seg::Key(key) => {
                    let Some((k, v)) = item.as_table_like().and_then(|t| t.get_key_value(key))
                    else {
                        break;
                    };
                    found = k.span().or(found);
                    item = v;
                }
                Seg::Index(i) => {
                    let Some(v) = item.as_array().and_then(|a| a.get(*i)) else {
                        break;
                    };
                    found = v.span().or(found);
                    break;
                }
            }
        }
        match found {
            Some(span) => {
                let (line, column) =
                    lines.position(text, span.start, crate::text::ColumnUnit::Char);
                (line + 1, column + 1)
            }
            None => (1, 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn reads_rules_payers_and_docs() {
        let toml = "docs = [\"pubs\"]\n[rules]\nmue-exceeded = \"warning\"\nncci-ptp = \"off\"\n[payers.aetna.rules]\nmue-exceeded = \"error\"\n";
        let (config, errors) = Config::from_toml(toml, "claimls.toml", Some(Path::new("/ws")));
        assert_eq!(errors.len(), 1, "the folder does not exist: {errors:?}");
        assert!(
            errors[0]
                .message
                .contains("publication folder `pubs` not found")
        );
        assert_eq!(errors[0].line, 1);
        assert!(config.data.docs.is_empty(), "a missing folder is left out");
        let mue = crate::rules::get("mue-exceeded").unwrap();
        assert_eq!(config.level(mue, "medicare"), Level::On(Severity::Warning));
        assert_eq!(config.level(mue, "aetna"), Level::On(Severity::Error));
        assert_eq!(
            config.level(crate::rules::get("ncci-ptp").unwrap(), "default"),
            Level::Off
        );
    }

    #[test]
    fn levels_of_all_rules_agree_with_level_per_rule() {
        let overridden = "[rules]\nmue-exceeded = \"warning\"\nncci-ptp = \"off\"\n[payers.aetna.rules]\nmue-exceeded = \"error\"\n";
        let (with_overrides, _) = Config::from_toml(overridden, "claimls.toml", None);
        for config in [Config::default(), with_overrides] {
            for profile in [
                "medicare",
                "aetna",
                "bcbs",
                "cigna",
                "uhc",
                "default",
                "no-such-profile",
            ] {
                let one_by_one: Vec<Level> = crate::rules::RULES
                    .iter()
                    .map(|rule| config.level(rule, profile))
                    .collect();
                assert_eq!(
                    config.levels(profile).as_ref(),
                    one_by_one.as_slice(),
                    "{profile}"
                );
            }
        }
        let mbi = crate::rules::RULES
            .iter()
            .position(|r| r.id == "mbi-format")
            .unwrap();
        let default = Config::default();
        assert!(matches!(default.levels("medicare")[mbi], Level::On(_)));
        assert_eq!(
            default.levels("aetna")[mbi],
            Level::Off,
            "profiles turn rules off"
        );
    }

    #[test]
    fn a_syntax_error_is_located_and_defaults_stand() {
        let (config, errors) =
            Config::from_toml("[rules]\nmue-exceeded = warning\n", "claimls.toml", None);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].to_string().starts_with("claimls.toml:2:"),
            "{}",
            errors[0]
        );
        assert!(config.rules.is_empty());
    }

    #[test]
    fn unknown_ids_and_levels_are_located_and_the_rest_kept() {
        let toml =
            "[rules]\nmue-exceeded = \"loud\"\nno-such-rule = \"off\"\nncci-ptp = \"hint\"\n";
        let (config, errors) = Config::from_toml(toml, "claimls.toml", None);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].line, errors[1].line), (2, 3));
        assert_eq!(
            config.rules.get("ncci-ptp"),
            Some(&Level::On(Severity::Hint))
        );
        let (_, errors) = Config::from_toml("colour = 1\n", "claimls.toml", None);
        assert!(
            errors[0].message.contains("unknown field"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn json_settings_have_the_same_shape() {
        let value = serde_json::json!({ "rules": { "mue-exceeded": "off" } });
        let (config, errors) = Config::from_json(&value, None);
        assert!(errors.is_empty());
        assert_eq!(config.rules.get("mue-exceeded"), Some(&Level::Off));
        let (_, errors) = Config::from_json(&serde_json::json!({ "rules": 3 }), None);
        assert_eq!(errors.len(), 1);
        let nested = serde_json::json!({ "claimls": { "rules": { "ncci-ptp": "hint" }, "server": { "path": "x" } } });
        let (config, errors) = Config::from_json(&nested, None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            config.rules.get("ncci-ptp"),
            Some(&Level::On(Severity::Hint))
        );
    }

    #[test]
    fn overlay_lets_the_editor_settings_win() {
        let (file, _) = Config::from_toml(
            "[rules]\nncci-ptp = \"off\"\nmue-exceeded = \"hint\"\n",
            "t",
            None,
        );
        let (client, _) = Config::from_json(
            &serde_json::json!({ "rules": { "ncci-ptp": "error" } }),
            None,
        );
        let merged = file.overlay(&client);
        assert_eq!(
            merged.rules.get("ncci-ptp"),
            Some(&Level::On(Severity::Error))
        );
        assert_eq!(
            merged.rules.get("mue-exceeded"),
            Some(&Level::On(Severity::Hint))
        );
    }

    #[test]
    fn a_payer_profile_sets_its_filing_limit_over_the_built_in_one() {
        use crate::knowledge::Period;
        let toml =
            "[payers.aetna]\nfiling_limit_days = 120\n[payers.medicare]\nfiling_limit_days = 0\n";
        let (config, errors) = Config::from_toml(toml, "claimls.toml", None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].column), (4, 1));
        assert!(errors[0].message.contains("at least 1"), "{}", errors[0]);
        let aetna = config.filing_limit("aetna").unwrap();
        assert_eq!((aetna.period, aetna.built_in), (Period::Days(120), None));
        // 0 is refused, so Medicare keeps its 12 months; a profile without
        // a built-in limit and without a setting has none.
        let medicare = config.filing_limit("medicare").unwrap();
        assert_eq!(medicare.period, Period::Months(12));
        assert!(medicare.built_in.is_some());
        assert_eq!(config.filing_limit("cigna"), None);
        let (client, _) = Config::from_json(
            &serde_json::json!({ "payers": { "cigna": { "filing_limit_days": 90 } } }),
            None,
        );
        let merged = config.overlay(&client);
        assert_eq!(
            merged.filing_limit("cigna").map(|l| l.period),
            Some(Period::Days(90))
        );
        assert_eq!(
            merged.filing_limit("aetna").map(|l| l.period),
            Some(Period::Days(120))
        );
    }

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
    }

    const DATA: &str = "[data]\nncci_ptp = [\"cms/ncci-ptp-practitioner.txt\"]\nmue = [\"cms/mue-practitioner.csv\"]\nmpfs = [\"cms/pprrvu.csv\"]\ncpt_descriptors = \"cpt-descriptors.csv\"\n";

    #[test]
    fn data_files_load_relative_to_the_config_and_override_embedded_rows() {
        let (config, errors) = Config::from_toml(DATA, "claimls.toml", Some(&fixtures()));
        let kb = &config.knowledge;
        assert_eq!(
            kb.mue("77372").map(|m| (m.units, m.confirmed)),
            Some((2, true))
        );
        assert_eq!(
            kb.fees("27447", None).and_then(|f| f.row.bilateral),
            Some(1)
        );
        assert_eq!(
            kb.fees("77336", None).and_then(|f| f.row.bilateral),
            Some(9)
        );
        let edit = kb.ptp_between("77372", "77371").unwrap();
        assert_eq!(
            edit.modifier_indicator, 1,
            "the user's row replaces the embedded one"
        );
        assert!(
            kb.ptp_between("G0339", "77372").is_some(),
            "other embedded edits stay"
        );
        let (descriptor, file) = kb.descriptor("77372").unwrap();
        assert!(descriptor.long.starts_with("FIXTURE long descriptor"));
        assert_eq!(file, "cpt-descriptors.csv");
        assert!(kb.code_known("0001A") && kb.code_known("73630") && !kb.code_known("12345"));
        assert_eq!(config.data.ncci_ptp.len(), 1);
        // One malformed row in each CMS fixture, located at its path in the config.
        let messages: Vec<_> = errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(errors.len(), 3, "{messages:#?}");
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0]
                .message
                .starts_with("`cms/ncci-ptp-practitioner.txt` line 12:"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].message.ends_with("the row was skipped"));
        assert_eq!(errors[1].line, 3);
        assert!(
            errors[1].message.contains("line 8"),
            "{}",
            errors[1].message
        );
        assert_eq!(errors[2].line, 4);
        assert!(
            errors[2].message.contains("line 15"),
            "{}",
            errors[2].message
        );
    }

    #[test]
    fn missing_data_files_are_located_and_the_rest_loads() {
        let toml = "[data]\nmue = [\"cms/nope.csv\", \"cms/mue-practitioner.csv\"]\ncpt_descriptors = \"missing.csv\"\n";
        let (config, errors) = Config::from_toml(toml, "claimls.toml", Some(&fixtures()));
        let missing: Vec<_> = errors
            .iter()
            .filter(|e| e.message.contains("not found"))
            .map(|e| (e.line, e.message.split(" (").next().unwrap().to_string()))
            .collect();
        assert_eq!(
            missing,
            [
                (2, "MUE table `cms/nope.csv` not found".to_string()),
                (3, "CPT descriptor file `missing.csv` not found".to_string())
            ]
        );
        assert_eq!(config.data.mue.len(), 1);
        assert_eq!(config.knowledge.mue("77300").map(|m| m.units), Some(10));
        let (_, errors) = Config::from_toml("[data]\nmues = []\n", "claimls.toml", None);
        assert!(
            errors[0].message.contains("unknown field"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn data_files_in_json_settings_and_overlay() {
        let value = serde_json::json!({ "data": { "mpfs": ["cms/pprrvu.csv"] } });
        let (client, errors) = Config::from_json(&value, Some(&fixtures()));
        assert_eq!(errors.len(), 1, "the malformed fixture row: {errors:?}");
        assert_eq!(errors[0].line, 0);
        assert_eq!(
            client
                .knowledge
                .fees("73630", None)
                .and_then(|f| f.row.bilateral),
            Some(3)
        );
        let (file, _) = Config::from_toml(
            "[data]\nmue = [\"cms/mue-practitioner.csv\"]\n",
            "claimls.toml",
            Some(&fixtures()),
        );
        let merged = file.overlay(&client);
        assert_eq!(merged.data.mue.len(), 1);
        assert_eq!(merged.data.mpfs.len(), 1);
        assert_eq!(merged.knowledge.mue("77372").map(|m| m.units), Some(2));
        assert_eq!(
            merged
                .knowledge
                .fees("73630", None)
                .and_then(|f| f.row.pctc),
            Some(1)
        );
        let plain = Config::default().overlay(&client);
        assert!(
            Arc::ptr_eq(&plain.knowledge, &client.knowledge),
            "no reload needed"
        );
    }

    #[test]
    fn problems_are_located_by_the_parser_not_by_searching_the_text() {
        // The unknown id is also written in a comment and a string above
        // its key: a text search found those first.
        let toml = "# turn ncci-ptpx down\ndocs = []\n[rules]\nmue-exceeded = \"ncci-ptpx\"\nncci-ptpx = \"off\"\n[payers.nosuch]\nrules = {}\n";
        let (_, errors) = Config::from_toml(toml, "claimls.toml", None);
        let at: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(4, 1), (5, 1), (6, 9)], "{errors:#?}");
        let (_, errors) = Config::from_toml(
            "[data]\nmue = [\"a.csv\", \"missing.csv\"]\n",
            "claimls.toml",
            Some(&fixtures()),
        );
        assert_eq!((errors[0].line, errors[0].column), (2, 8));
        assert_eq!((errors[1].line, errors[1].column), (2, 17));
    }

    #[test]
    fn tens_of_thousands_of_problems_are_bounded_and_each_located() {
        let mut toml = String::from("[rules]\n");
        for i in 0..60_000 {
            toml.push_str(&format!("no-such-rule-{i:05} = \"off\"\n"));
        }
        toml.push_str("[payers]\n");
        for i in 0..30_000 {
            toml.push_str(&format!("nosuch{i:05} = {{}}\n"));
        }
        let (_, errors) = Config::from_toml(&toml, "claimls.toml", None);
        assert_eq!(errors.len(), MAX_ERRORS_SHOWN + 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 1));
        assert_eq!((errors[99].line, errors[99].column), (101, 1));
        assert!(
            errors[MAX_ERRORS_SHOWN]
                .message
                .starts_with("89900 more problems in this configuration"),
            "{}",
            errors[MAX_ERRORS_SHOWN].message
        );
    }

    #[test]
    fn data_paths_that_are_not_regular_files_say_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.csv");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
        let toml =
            "[data]\nmue = [\"folder.csv\", \"pipe.csv\"]\ncpt_descriptors = \"/dev/zero\"\n";
        let (config, errors) = Config::from_toml(toml, "claimls.toml", Some(dir.path()));
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages[0].starts_with("MUE table `folder.csv` is a directory, not a regular file"),
            "{messages:#?}"
        );
        if made {
            assert!(
                messages[1]
                    .starts_with("MUE table `pipe.csv` is a named pipe (FIFO), not a regular file"),
                "{messages:#?}"
            );
        }
        assert!(
            messages
                .last()
                .unwrap()
                .starts_with("CPT descriptor file `/dev/zero` is a device, not a regular file"),
            "{messages:#?}"
        );
        assert!(config.data.is_empty());
    }

    #[test]
    fn folders_that_name_the_same_unchanged_files_share_their_tables() {
        let dir = tempfile::tempdir().unwrap();
        let mue = dir.path().join("mue.csv");
        std::fs::copy(fixtures().join("cms/mue-practitioner.csv"), &mue).unwrap();
        let toml = format!("[data]\nmue = [\"{}\"]\n", mue.display());
        let (a, _) = Config::from_toml(&toml, "a/claimls.toml", None);
        let (b, _) = Config::from_toml(&toml, "b/claimls.toml", None);
        assert!(
            Arc::ptr_eq(&a.knowledge, &b.knowledge),
            "loaded once, shared"
        );
        // Changed on disk (another length): loaded again.
        let mut text = std::fs::read_to_string(&mue).unwrap();
        text.push('\n');
        std::fs::write(&mue, text).unwrap();
        let (c, _) = Config::from_toml(&toml, "c/claimls.toml", None);
        assert!(!Arc::ptr_eq(&a.knowledge, &c.knowledge));
        assert_eq!(c.knowledge.mue("77372").map(|m| m.units), Some(2));
    }
}
