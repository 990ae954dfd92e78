//! Which configuration applies to a document: the nearest `claimls.toml`
//! above it, with the editor's settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`) on top. Files are re-read when
//! they change on disk.
//!
//! Nothing here runs under the server's state lock: the server copies a
//! [`Settings`] (a few `Arc`s) out of its state and resolves a document's
//! configuration on the blocking pool. Loading one `claimls.toml` (and the
//! data files it names) holds only that file's own slot, so the documents
//! under it wait for the one load, and no other document waits at all.

use claimls_core::config::{Config, ConfigError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

#[derive(Clone)]
pub struct Settings {
    root: Option<PathBuf>,
    /// From `initializationOptions`: the base later settings add to.
    initial: Arc<Config>,
    /// `initial` with the latest `didChangeConfiguration` settings on top.
    client: Arc<Config>,
    /// Loaded configuration files, shared by every copy of these settings.
    files: Arc<ConfigFiles>,
}

/// claimls.toml path → its slot, whose lock is held while it loads.
#[derive(Default)]
struct ConfigFiles {
    slots: Mutex<HashMap<PathBuf, Arc<Mutex<Option<Loaded>>>>>,
}

/// One loaded `claimls.toml`, with what it was loaded from.
struct Loaded {
    modified: Option<SystemTime>,
    len: u64,
    /// The editor settings it was overlaid with.
    client: Arc<Config>,
    effective: Arc<Config>,
}

/// Configuration problems to show, per source.
pub struct Problems {
    pub origin: Option<PathBuf>,
    pub errors: Vec<ConfigError>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Settings {
    pub fn new(root: Option<PathBuf>) -> Self {
        Settings {
            root,
            initial: Arc::new(Config::default()),
            client: Arc::new(Config::default()),
            files: Arc::default(),
        }
    }

    /// Reads `initializationOptions` (which may name data files: call it
    /// off the state lock); returns the configuration and its problems.
    pub fn read_initial(&self, value: &serde_json::Value) -> (Config, Vec<ConfigError>) {
        Config::from_json(value, self.root.as_deref())
    }

    /// Takes read initialization options as the base of every setting.
    pub fn set_initial(&mut self, initial: Config) {
        self.initial = Arc::new(initial);
        self.client = self.initial.clone();
        self.files = Arc::default();
    }

    /// Reads new editor settings and puts them on top of the initialization
    /// options (loads data files: call it off the state lock).
    pub fn read_client(&self, value: &serde_json::Value) -> (Config, Vec<ConfigError>) {
        let (config, errors) = Config::from_json(value, self.root.as_deref());
        (self.initial.overlay(&config), errors)
    }

    /// Takes settings made by [`Settings::read_client`].
    pub fn set_client(&mut self, client: Config) {
        self.client = Arc::new(client);
        self.files = Arc::default();
    }

    /// The configuration for a document at `path` (None for untitled
    /// documents), and the problems of a config file read just now.
    /// Reads the file system: call it off the state lock.
    pub fn for_document(&self, path: Option<&Path>) -> (Arc<Config>, Option<Problems>) {
        let dir = path.and_then(Path::parent).or(self.root.as_deref());
        let Some(file) = dir.and_then(Config::discover) else {
            return (self.client.clone(), None);
        };
        let metadata = std::fs::metadata(&file).ok();
        let modified = metadata.as_ref().and_then(|m| m.modified().ok());
        let len = metadata.map_or(0, |m| m.len());
        let slot = lock(&self.files.slots)
            .entry(file.clone())
            .or_default()
            .clone();
        let mut loaded = lock(&slot);
        if let Some(l) = loaded.as_ref() {
            if l.modified == modified && l.len == len && Arc::ptr_eq(&l.client, &self.client) {
                return (l.effective.clone(), None);
            }
        }
        let (from_file, errors) = Config::load_file(&file);
        let effective = Arc::new(from_file.overlay(&self.client));
        *loaded = Some(Loaded {
            modified,
            len,
            client: self.client.clone(),
            effective: effective.clone(),
        });
        (
            effective,
            Some(Problems {
                origin: Some(file),
                errors,
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_configuration_file_holds_up_only_its_own_documents() {
        let dir = tempfile::tempdir().unwrap();
        let slow = dir.path().join("slow");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&slow).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(slow.join("claimls.toml"), "[rules]\nncci-ptp = \"off\"\n").unwrap();
        let settings = Settings::new(Some(dir.path().to_path_buf()));
        // Hold the slow folder's slot, as a long load would.
        let (config, _) = settings.for_document(Some(&slow.join("a.claim")));
        assert!(!config.rules.is_empty());
        let slot = lock(&settings.files.slots)
            .get(&slow.join("claimls.toml"))
            .cloned()
            .unwrap();
        let held = lock(&slot);
        // A document elsewhere resolves at once.
        let elsewhere = settings.clone();
        let path = other.join("b.claim");
        let done = std::thread::spawn(move || elsewhere.for_document(Some(&path)).0.rules.len());
        assert_eq!(done.join().unwrap(), 0);
        drop(held);
    }

    #[test]
    fn a_file_is_loaded_once_and_again_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("claimls.toml");
        std::fs::write(&toml, "[rules]\nncci-ptp = \"off\"\n").unwrap();
        let settings = Settings::new(None);
        let doc = dir.path().join("a.claim");
        let (first, problems) = settings.for_document(Some(&doc));
        assert!(
            problems.is_some(),
            "loaded now, so its problems are reported"
        );
        let (again, problems) = settings.for_document(Some(&doc));
        assert!(problems.is_none());
        assert!(Arc::ptr_eq(&first, &again));
        std::fs::write(
            &toml,
            "[rules]\nncci-ptp = \"hint\"\nmue-exceeded = \"off\"\n",
        )
        .unwrap();
        let (changed, problems) = settings.for_document(Some(&doc));
        assert!(problems.is_some());
        assert_eq!(changed.rules.len(), 2);
    }
}
