//! What claimls's tests, benches and examples share, in one crate that
//! none of the shipped crates depends on (the root package names it under
//! `[dev-dependencies]` only).
//!
//! - [`client`]: a JSON-RPC client that drives a language server over its
//!   stdio, as an editor does; the server binary is a parameter.
//! - [`generator`]: realistic, deterministic `.claim` files of any size.

pub mod client;
pub mod generator;
