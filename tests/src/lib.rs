//! End-to-end tests live in `tests/tests/`; this library holds shared test helpers.

pub mod json_leaves;
