//! Which configuration applies to a document: the nearest `claimls.toml`
//! above it, with the editor's settings (`initializationOptions`,
//! `workspace/didChangeConfiguration`) on top. Files are re-read when
//! they change on disk.

use crate::config::{Config, ConfigError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

pub struct Settings {
    root: Option<PathBuf>,
    /// From `initializationOptions`: the base later settings add to.
    initial: Arc<Config>,
    /// `initial` with the latest `didChangeConfiguration` settings on top.
    client: Arc<Config>,
    /// claimls.toml path → (modified time, effective config).
    files: HashMap<PathBuf, (Option<SystemTime>, Arc<Config>)>,
}

/// Configuration problems to show, per source.
pub struct Problems {
    pub origin: Option<PathBuf>,
    pub errors: Vec<ConfigError>,
}

impl Settings {
    pub fn new(root: Option<PathBuf>) -> Self {
        Settings {
            root,
            initial: Arc::new(Config::default()),
            client: Arc::new(Config::default()),
            files: HashMap::new(),
        }
    }

    /// Takes `initializationOptions`; returns their problems.
    pub fn set_initial(&mut self, value: &serde_json::Value) -> Vec<ConfigError> {
        let (config, errors) = Config::from_json(value, self.root.as_deref());
        self.initial = Arc::new(config);
        self.client = self.initial.clone();
        self.files.clear();
        errors
    }

    /// Takes new editor settings (they add to, and win over, the
    /// initialization options); returns their problems.
    pub fn set_client(&mut self, value: &serde_json::Value) -> Vec<ConfigError> {
        let (config, errors) = Config::from_json(value, self.root.as_deref());
        self.client = Arc::new(self.initial.overlay(&config));
        self.files.clear();
        errors
    }

    /// The configuration for a document at `path` (None for untitled
    /// documents), and the problems of a config file read just now.
    pub fn for_document(&mut self, path: Option<&Path>) -> (Arc<Config>, Option<Problems>) {
        let dir = path.and_then(Path::parent).or(self.root.as_deref());
        let Some(file) = dir.and_then(Config::discover) else {
            return (self.client.clone(), None);
        };
        let modified = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
        if let Some((seen, config)) = self.files.get(&file) {
            if *seen == modified {
                return (config.clone(), None);
            }
        }
        let (from_file, errors) = Config::load_file(&file);
        let effective = Arc::new(from_file.overlay(&self.client));
        self.files
            .insert(file.clone(), (modified, effective.clone()));
        (
            effective,
            Some(Problems {
                origin: Some(file),
                errors,
            }),
        )
    }
}
