//! What claimls knows: code sets and billing tables.
//!
//! The embedded tables (`data/`, compiled into the binary) are parsed once,
//! lazily, on first use. A [`Knowledge`] value layers the user's own files
//! on top (publication folders today; CMS tables and licensed descriptors
//! as configured), so a lookup asks one object and never cares where a fact
//! came from. Lookups take `&str` and allocate nothing on the hot path.

pub mod code_classes;
pub mod code_map;
pub mod coding_limits;
pub mod delimited;
pub mod descriptors;
pub mod filing_limits;
pub mod icd10;
pub mod icd_notes;
pub mod icd_years;
pub mod inventory;
pub mod mce;
pub mod modifiers;
pub mod mpfs;
pub mod mue;
pub mod payers;
pub mod pos;
pub mod procedures;
pub mod ptp;
pub mod publications;
pub mod sessions;
pub mod table;

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

pub use code_map::CodeMap;
pub use descriptors::Descriptor;
pub use filing_limits::{FilingLimit, Limit, Period};
pub use icd_notes::{Excludes1, IcdNote, NoteKind};
pub use icd_years::{IcdOn, Validity};
pub use icd10::IcdCode;
pub use mce::MceEdits;
pub use modifiers::{Modifier, ModifierKind};
pub use mpfs::{FeeRow, FeeSchedule};
pub use mue::Mue;
pub use payers::Payer;
pub use pos::PlaceOfService;
pub use procedures::Procedure;
pub use ptp::PtpEdit;
pub use publications::Publication;
pub use sessions::OneSession;
pub use table::LoadError;

/// Where to find the user's own data, resolved to absolute paths by the
/// configuration layer. Later files override earlier ones for the same
/// code (or code pair), and every user file overrides the embedded tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataSources {
    /// Publication folders (`docs = [...]`).
    pub docs: Vec<PathBuf>,
    /// CMS NCCI PTP edit tables, tab-delimited text (`[data] ncci_ptp`).
    pub ncci_ptp: Vec<PathBuf>,
    /// CMS MUE tables, CSV or tab-delimited text (`[data] mue`).
    pub mue: Vec<PathBuf>,
    /// CMS MPFS relative value files, PPRRVU CSV (`[data] mpfs`).
    pub mpfs: Vec<PathBuf>,
    /// The user's licensed CPT descriptors, CSV (`[data] cpt_descriptors`).
    pub cpt_descriptors: Option<PathBuf>,
}

impl DataSources {
    pub fn is_empty(&self) -> bool {
        *self == DataSources::default()
    }

    /// `self` followed by what `over` adds; `over`'s descriptor file wins.
    pub fn merged(&self, over: &DataSources) -> DataSources {
        let join = |a: &[PathBuf], b: &[PathBuf]| {
            let mut out = a.to_vec();
            out.extend(b.iter().filter(|p| !a.contains(p)).cloned());
            out
        };
        DataSources {
            docs: join(&self.docs, &over.docs),
            ncci_ptp: join(&self.ncci_ptp, &over.ncci_ptp),
            mue: join(&self.mue, &over.mue),
            mpfs: join(&self.mpfs, &over.mpfs),
            cpt_descriptors: over
                .cpt_descriptors
                .clone()
                .or_else(|| self.cpt_descriptors.clone()),
        }
    }
}

/// The largest data file claimls reads. CMS's largest download (the NCCI
/// practitioner PTP table) is about 100 MB; a bigger "data file" is a
/// mistake, and reading it would stall every document that uses it.
pub const MAX_DATA_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Whether `path` can be read as a data file: it exists, is a regular file
/// and is not larger than [`MAX_DATA_FILE_BYTES`] (what the configuration
/// reports before anything is loaded). The error completes a sentence that
/// starts with the file's name.
pub fn check_data_file(path: &Path) -> Result<(), String> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("not found (looked for {})", path.display()));
        }
        Err(e) => return Err(format!("cannot be read ({}): {e}", path.display())),
    };
    crate::files::regular_file(&metadata)
        .map_err(|what| format!("is {what}, not a regular file ({})", path.display()))?;
    if metadata.len() > MAX_DATA_FILE_BYTES {
        return Err(format!(
            "is {} MB, more than the {} MB claimls reads ({})",
            metadata.len() / (1024 * 1024),
            MAX_DATA_FILE_BYTES / (1024 * 1024),
            path.display()
        ));
    }
    Ok(())
}

/// A user's file as text (CMS files are often Windows-1252: bytes that are
/// not UTF-8 become U+FFFD rather than failing the whole file).
fn read(path: &Path, errors: &mut Vec<LoadError>) -> Option<String> {
    match crate::files::read_regular(path, MAX_DATA_FILE_BYTES) {
        Ok(bytes) => Some(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        Err(why) => {
            errors.push(LoadError {
                origin: path.display().to_string(),
                line: 0,
                message: format!("cannot read: {why}"),
            });
            None
        }
    }
}

/// What identifies one loaded state of the user's files: each file (or
/// publication) with its modification time and length.
type Fingerprint = Vec<(PathBuf, Option<std::time::SystemTime>, u64)>;

fn fingerprint(sources: &DataSources) -> Fingerprint {
    fn stat(path: &Path) -> (PathBuf, Option<std::time::SystemTime>, u64) {
        let metadata = std::fs::metadata(path).ok();
        (
            path.to_path_buf(),
            metadata.as_ref().and_then(|m| m.modified().ok()),
            metadata.map_or(0, |m| m.len()),
        )
    }
    let mut out: Fingerprint = Vec::new();
    // A marker between the kinds, so the same file under two kinds differs.
    let kind = |name: &str, paths: &[PathBuf], out: &mut Fingerprint| {
        out.push((PathBuf::from(name), None, paths.len() as u64));
        out.extend(paths.iter().map(|p| stat(p)));
    };
    kind("ncci_ptp", &sources.ncci_ptp, &mut out);
    kind("mue", &sources.mue, &mut out);
    kind("mpfs", &sources.mpfs, &mut out);
    kind(
        "cpt_descriptors",
        sources.cpt_descriptors.as_slice(),
        &mut out,
    );
    out.push((PathBuf::from("docs"), None, sources.docs.len() as u64));
    for dir in &sources.docs {
        out.push(stat(dir));
        out.extend(publications::files(dir).iter().map(|p| stat(p)));
    }
    out
}

/// One shared knowledge base per fingerprint; its lock is held while that
/// state is loaded, so documents that need the same files wait for one
/// load, and nobody else waits at all.
type Slot = std::sync::Mutex<std::sync::Weak<Knowledge>>;

static SHARED: LazyLock<std::sync::Mutex<std::collections::HashMap<Fingerprint, Arc<Slot>>>> =
    LazyLock::new(Default::default);

/// Adds a table row under its code. (The parsers of users' files accept only
/// five-character codes and the embedded tables are checked by unit tests,
/// so the error guards against a parser that lets a longer code through.)
fn insert_code<T>(
    map: &mut CodeMap<T>,
    code: String,
    value: T,
    origin: &str,
    errors: &mut Vec<LoadError>,
) {
    if !map.insert(&code, value) {
        errors.push(LoadError {
            origin: origin.to_string(),
            line: 0,
            message: format!(
                "`{code}` is longer than {} characters, too long for a HCPCS/CPT code; row skipped",
                code_map::MAX_CODE_LEN
            ),
        });
    }
}

// FxHash maps: keys are short codes hashed for every service line, and
// SipHash's DoS resistance buys nothing for tables we or the user load.
/// Everything the rules and hover may look up.
#[derive(Debug, Default)]
pub struct Knowledge {
    /// The user's fee schedule files (`[data] mpfs`), each for its year
    /// (or every year), later files first; they stand before the built-in
    /// years (`mpfs::built_in`).
    user_fee_schedules: Vec<FeeSchedule>,
    mue: CodeMap<Mue>,
    ptp: ptp::PtpTable,
    publications: FxHashMap<String, Publication>,
    descriptors: FxHashMap<String, Descriptor>,
    /// File name of the licensed descriptor file, for attribution.
    descriptor_file: Option<String>,
    /// The user's files that were read, for `claimls data`.
    user_tables: Vec<inventory::TableInfo>,
    /// Problems met while loading the user's files (and, should one slip
    /// through review, the embedded ones).
    pub load_errors: Vec<LoadError>,
}

/// A code's fee schedule row for a date of service, with the schedule it
/// comes from.
#[derive(Clone, Copy, Debug)]
pub struct Fees<'k> {
    pub row: &'k FeeRow,
    pub schedule: &'k FeeSchedule,
    /// The schedule is the date's own year (else the nearest year loaded).
    pub in_year: bool,
}

/// Whether a user's fee schedule applies to a date in `year`: one for that
/// year or for every year (no year in its title); with no date, any.
fn covers(schedule: &FeeSchedule, year: Option<i32>) -> bool {
    year.is_none_or(|y| schedule.year == y) || schedule.year == 0
}

/// The built-in fee schedule for `year`, or the nearest one (the newest
/// when there is no year), with whether it is the year's own.
fn built_in_for(year: Option<i32>) -> Option<(&'static FeeSchedule, bool)> {
    if let Some(schedule) = year.and_then(mpfs::built_in_year) {
        return Some((schedule, true));
    }
    let nearest = match year {
        Some(y) => mpfs::built_in_years().min_by_key(|s| (s - y).abs()),
        None => mpfs::built_in_years().next_back(),
    }?;
    mpfs::built_in_year(nearest).map(|s| (s, false))
}

static EMBEDDED: LazyLock<Arc<Knowledge>> =
    LazyLock::new(|| Arc::new(Knowledge::load(&DataSources::default())));

impl Knowledge {
    /// Every table in use: the built-in ones, then the user's files.
    pub fn tables(&self) -> Vec<inventory::TableInfo> {
        let mut tables = inventory::built_in();
        tables.extend(self.user_tables.iter().cloned());
        tables
    }

    /// The embedded tables alone (shared; built on first call).
    pub fn embedded() -> Arc<Knowledge> {
        EMBEDDED.clone()
    }

    /// The embedded tables plus the user's files, shared: folders (and
    /// settings) that name the same files, unchanged on disk (same
    /// modification time and length), get the same loaded tables.
    pub fn shared(sources: &DataSources) -> Arc<Knowledge> {
        if sources.is_empty() {
            return Knowledge::embedded();
        }
        let key = fingerprint(sources);
        let slot = {
            let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
            if shared.len() > 64 {
                // A slot being loaded is kept (and never waited for here).
                shared.retain(|_, slot| match slot.try_lock() {
                    Ok(weak) => weak.strong_count() > 0,
                    Err(_) => true,
                });
            }
            shared.entry(key).or_default().clone()
        };
        let mut loaded = slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(knowledge) = loaded.upgrade() {
            return knowledge;
        }
        let knowledge = Arc::new(Knowledge::load(sources));
        *loaded = Arc::downgrade(&knowledge);
        knowledge
    }

    /// The embedded tables plus the user's files, loaded now.
    pub fn load(sources: &DataSources) -> Knowledge {
        let mut errors = Vec::new();
        let mut mue = CodeMap::default();
        for m in mue::parse(mue::EMBEDDED, "data/mue.tsv", &mut errors) {
            insert_code(&mut mue, m.code.clone(), m, "data/mue.tsv", &mut errors);
        }
        let mut ptp = ptp::PtpBuilder::default();
        ptp.add_embedded(ptp::EMBEDDED, "data/ncci_ptp.tsv", &mut errors);
        let mut user_tables = Vec::new();
        let user = |what: &str, origin: &str, rows: usize, source: &str, effective: &str| {
            inventory::TableInfo {
                what: what.to_string(),
                origin: origin.to_string(),
                built_in: false,
                rows,
                source: source.to_string(),
                effective: effective.to_string(),
                // The user's CMS files are read as they are.
                confirmed: None,
            }
        };
        for path in &sources.ncci_ptp {
            if let Some(text) = read(path, &mut errors) {
                let origin = path.display().to_string();
                let before = ptp.len();
                ptp.add_cms(&text, &origin, &mut errors);
                user_tables.push(user(
                    "NCCI PTP edits",
                    &origin,
                    ptp.len() - before,
                    "CMS NCCI PTP edit table (your file)",
                    "each edit's effective and deletion dates",
                ));
            }
        }
        for path in &sources.mue {
            if let Some(text) = read(path, &mut errors) {
                let origin = path.display().to_string();
                let rows = mue::parse_cms(&text, &origin, &mut errors);
                user_tables.push(user(
                    "Medically Unlikely Edits",
                    &origin,
                    rows.len(),
                    "CMS MUE table (your file)",
                    "the quarter of your file",
                ));
                for m in rows {
                    insert_code(&mut mue, m.code.clone(), m, &origin, &mut errors);
                }
            }
        }
        let mut user_fee_schedules = Vec::new();
        for path in &sources.mpfs {
            if let Some(text) = read(path, &mut errors) {
                let origin = path.display().to_string();
                let schedule = FeeSchedule::parse_cms(&text, &origin, &mut errors);
                let effective = match schedule.year {
                    0 => "every year (no year in the file's title)".to_string(),
                    year => {
                        format!("{year}-01-01 to {year}-12-31 (replaces the built-in CY{year})")
                    }
                };
                user_tables.push(user(
                    "Medicare physician fee schedule",
                    &origin,
                    schedule.len(),
                    &format!("CMS PPRRVU file ({})", schedule.release),
                    &effective,
                ));
                if !schedule.is_empty() {
                    user_fee_schedules.insert(0, schedule);
                }
            }
        }
        let mut descriptors = FxHashMap::default();
        let mut descriptor_file = None;
        if let Some(path) = &sources.cpt_descriptors {
            if let Some(text) = read(path, &mut errors) {
                let origin = path.display().to_string();
                let rows = descriptors::parse(&text, &origin, &mut errors);
                user_tables.push(user(
                    "CPT descriptors (licensed)",
                    &origin,
                    rows.len(),
                    "your licensed CPT descriptor file",
                    "the release of your file",
                ));
                for d in rows {
                    descriptors.insert(d.code.clone(), d);
                }
                descriptor_file = Some(delimited::file_name(&origin).to_string());
            }
        }
        let mut publications = FxHashMap::default();
        for dir in &sources.docs {
            let loaded = publications::load_dir(dir, &mut errors);
            user_tables.push(user(
                "publications",
                &dir.display().to_string(),
                loaded.len(),
                "your publication folder",
                "as published",
            ));
            for publication in loaded {
                publications.insert(publication.code.clone(), publication);
            }
        }
        Knowledge {
            user_fee_schedules,
            mue,
            ptp: ptp.finish(),
            publications,
            descriptors,
            descriptor_file,
            user_tables,
            load_errors: errors,
        }
    }

    pub fn procedure(&self, code: &str) -> Option<&'static Procedure> {
        procedures::get(code)
    }

    /// Every procedure claimls has its own summary of, in code order.
    pub fn procedures(&self) -> Vec<&'static Procedure> {
        procedures::all()
    }

    /// Every modifier of the catalog, in code order.
    pub fn modifiers(&self) -> Vec<&'static Modifier> {
        modifiers::all()
    }

    /// Every place of service, in code order, and the list's source.
    pub fn places_of_service(&self) -> &'static [PlaceOfService] {
        pos::all()
    }

    pub fn places_of_service_source(&self) -> &'static str {
        pos::source()
    }

    /// Every payer claimls knows (with its profile).
    pub fn payers(&self) -> &'static [Payer] {
        payers::all()
    }

    /// The ICD-10-CM code set (lookups by prefix and by words, children of
    /// a header, its source line).
    pub fn icd_table(&self) -> &'static icd10::IcdTable {
        icd10::table()
    }

    pub fn modifier(&self, code: &str) -> Option<&'static Modifier> {
        modifiers::get(code)
    }

    /// Whether two modifiers may not stand on one line together.
    pub fn modifier_conflict(&self, a: &str, b: &str) -> bool {
        modifiers::conflict(a, b)
    }

    /// Why two conflicting modifiers cannot stand together, when the
    /// catalog says.
    pub fn modifier_conflict_reason(&self, a: &str, b: &str) -> Option<&'static str> {
        modifiers::conflict_reason(a, b)
    }

    /// `code`'s FY2026 entry (title, billable then); for what it is on a
    /// date of service, ask [`Knowledge::icd_on`].
    pub fn icd(&self, code: &str) -> Option<&'static IcdCode> {
        icd10::table().get(code)
    }

    /// What ICD-10-CM `code` is on a date of service: billable, a header,
    /// deleted, not yet valid or unknown in the code set of the date's
    /// fiscal year (October to September; FY2026 for earlier dates, FY2027
    /// for later ones), with what FY2027 changed about it and, for a
    /// deleted code, its replacements. With no date, the best of the
    /// bundled years. The one answer rules and hover give.
    pub fn icd_on(&self, code: &str, date: Option<time::Date>) -> IcdOn {
        match date {
            Some(date) => icd_years::on(code, icd_years::code_set(date)),
            None => icd_years::on_any_year(code),
        }
    }

    /// Whether ICD-10-CM's Excludes1 notes set diagnoses `a` and `b` apart
    /// (either way round: the note of one, or of a code above it, names
    /// the other), with the note. The one answer the `dx-excludes1` rule
    /// and hover give; rows the generator inferred do not count.
    pub fn excludes1(&self, a: &str, b: &str) -> Option<Excludes1> {
        icd_notes::excludes1(a, b)
    }

    /// The tabular list's "code first" and "use additional code" notes
    /// that apply to `code` (its own and those of the codes above it),
    /// broadest first.
    pub fn icd_instructions(&self, code: &str) -> impl Iterator<Item = IcdNote> {
        icd_notes::instructions(code)
    }

    /// The Excludes1 notes that apply to `code`, broadest first (a note
    /// naming several codes comes once per code; hover lists each once).
    pub fn icd_excludes1_notes(&self, code: &str) -> impl Iterator<Item = IcdNote> {
        icd_notes::excludes1_notes(code)
    }

    /// The complete codes below `code` in fiscal year `fy`'s code set, each
    /// with its title when bundled (codes new in FY2027 have none).
    pub fn icd_children_on(
        &self,
        code: &str,
        fy: u16,
    ) -> Vec<(&'static str, Option<&'static str>)> {
        icd_years::children(code, fy)
    }

    /// The Medicare Code Editor's age, manifestation and sex edits for
    /// `code` in fiscal year `fy`.
    pub fn mce(&self, code: &str, fy: u16) -> MceEdits {
        mce::edits(code, fy)
    }

    /// The ages an MCE age edit allows in fiscal year `fy`.
    pub fn mce_age_range(&self, edit: mce::AgeEdit, fy: u16) -> Option<mce::AgeRange> {
        mce::age_range(edit, fy)
    }

    pub fn place_of_service(&self, code: &str) -> Option<&'static PlaceOfService> {
        pos::get(code)
    }

    pub fn payer(&self, name: &str) -> Option<&'static Payer> {
        payers::find(name)
    }

    /// `code`'s entry when its whole service is one session on one day
    /// (`data/session_codes.tsv`).
    pub fn one_session(&self, code: &str) -> Option<&'static OneSession> {
        sessions::one_session(code)
    }

    /// The built-in timely filing limit of payer profile `profile`
    /// (`data/filing_limits.tsv`), if claimls has one; a user's
    /// `filing_limit_days` comes first (`Config::filing_limit`).
    pub fn filing_limit(&self, profile: &str) -> Option<&'static FilingLimit> {
        filing_limits::for_profile(profile)
    }

    /// The fee schedule that governs a date of service, and whether it is
    /// that date's own year: a user's file for the year (or for every
    /// year), else the built-in year; for a date no loaded year covers (or
    /// no date), the nearest built-in year, marked as not the date's own.
    pub fn fee_schedule(&self, date: Option<time::Date>) -> Option<(&FeeSchedule, bool)> {
        let year = date.map(|d| d.year());
        let user = self.user_fee_schedules.iter().find(|s| covers(s, year));
        if let Some(schedule) = user {
            return Some((schedule, true));
        }
        built_in_for(year)
    }

    /// The years of the loaded fee schedules (built-in and the user's) that
    /// list `code`, oldest first.
    pub fn fee_years_listing(&self, code: &str) -> Vec<i32> {
        let lists = |s: &FeeSchedule| s.year != 0 && s.contains(code);
        let mut years: Vec<i32> = mpfs::built_in_newest_first()
            .filter(|s| lists(s))
            .map(|s| s.year)
            .chain(
                self.user_fee_schedules
                    .iter()
                    .filter(|s| lists(s))
                    .map(|s| s.year),
            )
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// `code`'s row in the fee schedule for a date of service (see
    /// [`Knowledge::fee_schedule`]): a user's file that lists the code wins
    /// over the built-in year. `None` when that year's file has no row for
    /// the code.
    pub fn fees(&self, code: &str, date: Option<time::Date>) -> Option<Fees<'_>> {
        let year = date.map(|d| d.year());
        for schedule in &self.user_fee_schedules {
            if covers(schedule, year) {
                if let Some(row) = schedule.get(code) {
                    return Some(Fees {
                        row,
                        schedule,
                        in_year: true,
                    });
                }
            }
        }
        let (schedule, in_year) = built_in_for(year)?;
        Some(Fees {
            row: schedule.get(code)?,
            schedule,
            in_year,
        })
    }

    /// The primary codes add-on `code` may be billed with, when claimls's
    /// table lists it (`data/add_on_primaries.tsv`).
    pub fn add_on_primaries(&self, code: &str) -> Option<&'static coding_limits::AddOn> {
        coding_limits::add_on(code)
    }

    /// Every per-course limit (`data/treatment_courses.tsv`), in table order.
    pub fn course_limits(&self) -> &'static [coding_limits::CourseLimit] {
        coding_limits::course_limits()
    }

    /// The per-course limit `code` counts toward, if any.
    pub fn course_limit(&self, code: &str) -> Option<&'static coding_limits::CourseLimit> {
        coding_limits::course_limit(code)
    }

    /// The policy of payer profile `profile` that requires prior
    /// authorisation for `code` on `date` (`data/prior_auth.tsv`).
    pub fn prior_auth(
        &self,
        profile: &str,
        code: &str,
        date: time::Date,
    ) -> Option<&'static coding_limits::PriorAuthPolicy> {
        coding_limits::prior_auth(profile, code, date)
    }

    /// Every prior authorisation policy naming `code` (any payer, any date).
    pub fn prior_auth_policies<'c>(
        &self,
        code: &'c str,
    ) -> impl Iterator<Item = &'static coding_limits::PriorAuthPolicy> + 'c {
        coding_limits::prior_auth_policies(code)
    }

    pub fn mue(&self, code: &str) -> Option<&Mue> {
        self.mue.get(code)
    }

    /// The active NCCI edit between two codes, whichever is column 1.
    pub fn ptp_between(&self, a: &str, b: &str) -> Option<PtpEdit> {
        self.ptp.between(a, b, None)
    }

    /// `code` as the PTP table knows it, when some edit names it.
    pub fn ptp_key(&self, code: &str) -> Option<ptp::PtpKey> {
        self.ptp.key(code)
    }

    /// The NCCI edit between two keyed codes (whichever is column 1) that
    /// applies on date of service `on` (edits from CMS files carry
    /// effective and deletion dates).
    pub fn ptp_on_keys(&self, a: ptp::PtpKey, b: ptp::PtpKey, on: time::Date) -> Option<PtpEdit> {
        self.ptp.between_keys(a, b, Some(on))
    }

    /// Every active edit that involves `code`.
    pub fn ptp_involving(&self, code: &str) -> Vec<PtpEdit> {
        self.ptp.involving(code)
    }

    /// The user's licensed descriptor for `code`, and the file it came from.
    pub fn descriptor(&self, code: &str) -> Option<(&Descriptor, &str)> {
        let d = self.descriptors.get(code)?;
        Some((d, self.descriptor_file.as_deref().unwrap_or("")))
    }

    /// Whether `code` is a procedure code claimls knows from any source: its
    /// own catalog, the fee schedule, MUE or PTP tables (embedded or the
    /// user's), or the user's licensed descriptor file.
    pub fn code_known(&self, code: &str) -> bool {
        self.procedure(code).is_some()
            || self.descriptors.contains_key(code)
            || self.user_fee_schedules.iter().any(|s| s.contains(code))
            // Newest first: a current code never loads an older year.
            || mpfs::built_in_newest_first().any(|s| s.contains(code))
            || self.mue.contains_key(code)
            || self.ptp.mentions(code)
    }

    pub fn publication(&self, code: &str) -> Option<&Publication> {
        self.publications.get(code)
    }

    /// Whether `code` is an evaluation and management service (see
    /// [`crate::policy::is_em`]).
    pub fn is_em(&self, code: &str) -> bool {
        crate::policy::is_em(self, code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load_without_errors() {
        let kb = Knowledge::embedded();
        assert!(kb.load_errors.is_empty(), "{:?}", kb.load_errors);
        assert_eq!(kb.fees("77372", None).and_then(|f| f.row.pctc), Some(3));
        assert_eq!(kb.fees("77295", None).and_then(|f| f.row.pctc), Some(1));
        assert!(kb.mue("77372").is_some());
        assert!(kb.ptp_between("77371", "77372").is_some());
        assert!(kb.ptp_between("77372", "77371").is_some());
    }

    #[test]
    fn publication_folders_enrich_knowledge() {
        // Fixture publications in the seed layout, written for the tests.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/publications");
        let kb = Knowledge::load(&DataSources {
            docs: vec![dir],
            ..DataSources::default()
        });
        assert!(kb.load_errors.is_empty(), "{:?}", kb.load_errors);
        let p = kb.publication("77372").expect("77372 publication");
        assert!(
            p.typical_site
                .as_deref()
                .unwrap_or("")
                .contains("hospital outpatient radiation oncology")
        );
        assert_eq!(p.modifiers[0].modifier, "26");
        assert_eq!(kb.publication("77371").unwrap().modifiers[0].modifier, "TC");
    }
}
