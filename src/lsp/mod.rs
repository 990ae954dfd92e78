//! The language server: tower-lsp-server over stdio.
//!
//! Thin by design: it keeps the open documents (text edited in place), converts LSP
//! positions to byte offsets in the negotiated encoding, schedules
//! [`crate::analysis::analyze`] off the async executor, and publishes the
//! results. No billing logic lives here.

mod convert;
pub mod documents;
mod features;
mod server;
mod settings;
mod transport;

use std::process::ExitCode;

/// Serves LSP on stdin/stdout until `exit` (status 0 after `shutdown`,
/// 1 without) or until stdin closes.
pub fn serve_stdio() -> ExitCode {
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
