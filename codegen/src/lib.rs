//! Schemas -> Rust modules.
