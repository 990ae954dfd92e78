//! What claimls's tests, benches and examples share, in one crate that
//! none of the shipped crates depends on (the root package names it under
//! `[dev-dependencies]` only).
//!
//! - [`generator`]: realistic, deterministic `.claim` files of any size.

pub mod generator;
