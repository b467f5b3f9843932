//! Generates the models from the registry exports at build time (into `OUT_DIR`); cargo reruns
//! this when a schema changes. The same schemas are checked in as generated code for
//! `runtime/examples/custom_eventbridge.rs`, the other way to do it.

use typed_lambda_codegen::{Builder, OpenEnums};

fn main() {
    Builder::new()
        .schemas("../../runtime/examples/custom_eventbridge/schemas")
        .open_enums(OpenEnums::All)
        .generate_to_out_dir()
        .unwrap_or_else(|e| panic!("{e}"));
}
