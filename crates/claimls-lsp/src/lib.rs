//! The language server: tower-lsp-server over stdio.
//!
//! Thin by design: it keeps the open documents (a rope of record and its
//! contiguous mirror, both edited in place), converts LSP positions to byte
//! offsets in the negotiated encoding, schedules
//! [`claimls_core::analysis::analyze_incremental`] off the async executor, and
//! publishes the results. No billing logic lives here.

mod actions;
mod capabilities;
mod convert;
pub mod documents;
mod features;
mod publish;
mod server;
mod settings;
mod transport;
mod workspace;

use std::process::ExitCode;

/// Serves LSP on stdin/stdout until `exit` (status 0 after `shutdown`,
/// 1 without) or until stdin closes.
pub fn serve_stdio() -> ExitCode {
    limit_malloc_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("claimls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let clean = runtime.block_on(server::run());
    // Do not wait for the blocking stdin reader to notice: exit now, as
    // the spec asks, with the status it prescribes.
    std::process::exit(if clean { 0 } else { 1 });
}

/// glibc gives each thread that allocates its own arena (up to eight per
/// core) and keeps every arena's peak: with two runtime workers and the
/// blocking pool's threads (analysis, queries, stdin, stdout) that was
/// about 10 MB of a 54 MB server after use on a 100k-line document, for no
/// measurable speed (docs/PERFORMANCE.md). A user's `MALLOC_ARENA_MAX`
/// wins. Must run before the first thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    use std::ffi::c_int;
    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    /// `M_ARENA_MAX` in glibc's `malloc.h`.
    const M_ARENA_MAX: c_int = -8;
    /// How many malloc arenas the server may use: one per runtime worker.
    const MALLOC_ARENAS: c_int = 2;
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: `mallopt` takes two integers and only sets an allocator
        // parameter; it is called before any other thread exists.
        unsafe {
            mallopt(M_ARENA_MAX, MALLOC_ARENAS);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
