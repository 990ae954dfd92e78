//! The integration tests' LSP client: `claimls_test_support::client`,
//! started on the `claimls` binary this package builds, and the paths the
//! tests read. These helpers live here, not in the crate, because
//! `env!("CARGO_BIN_EXE_claimls")` exists only in this package's
//! integration tests.
// Each test file uses a part of this module.
#![allow(dead_code)]

#[allow(unused_imports)]
pub use claimls_test_support::client::{Client, TIMEOUT, position_of};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The `claimls` binary under test.
pub const CLAIMLS: &str = env!("CARGO_BIN_EXE_claimls");

/// The day every test takes as today (`CLAIMLS_TODAY` for the binary): the
/// tests' claims are dated in 2025 and 2026, and findings measured from
/// today (`timely-filing`) would otherwise come and go with the calendar.
pub const TEST_DAY: &str = "2026-12-02";

/// `(CLAIMLS_TODAY, TEST_DAY)`, for a `Command` that runs the binary.
pub const TODAY_ENV: (&str, &str) = ("CLAIMLS_TODAY", TEST_DAY);

/// Starts the `claimls` binary under test: `Client::spawn(&[])`,
/// `Client::initialized()`.
pub trait SpawnClaimls {
    /// The server started with `args`.
    fn spawn(args: &[&str]) -> Client;
    /// The server started with `args` and these environment variables added.
    fn spawn_with_env(args: &[&str], env: &[(&str, &str)]) -> Client;
    /// A server started with no arguments and initialized with empty
    /// client capabilities: the usual start of a test.
    fn initialized() -> Client;
}

impl SpawnClaimls for Client {
    fn spawn(args: &[&str]) -> Client {
        Client::start_with_env(CLAIMLS, args, &[TODAY_ENV])
    }

    fn spawn_with_env(args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut all = vec![TODAY_ENV];
        all.extend_from_slice(env);
        Client::start_with_env(CLAIMLS, args, &all)
    }

    fn initialized() -> Client {
        let mut client = Client::spawn(&[]);
        client.initialize(json!({}), Value::Null);
        client
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Publications in the seed layout, written for the tests
/// (`tests/fixtures/publications`).
pub fn publications() -> PathBuf {
    repo().join("tests/fixtures/publications")
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}
