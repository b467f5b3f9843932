//! Generates the models from the registry exports at build time (into `OUT_DIR`); cargo reruns
//! this when a schema changes. The same schemas are checked in as generated code for
//! `runtime/examples/custom_eventbridge.rs`, the other way to do it.

// The form README.md and codegen/README.md show (a test keeps them equal): a failure panics,
// so a broken schema fails the build with the generator's message.
fn main() {
    typed_lambda_codegen::Builder::new()
        .schemas("../../runtime/examples/custom_eventbridge/schemas")
        .open_enums(typed_lambda_codegen::OpenEnums::All)
        .generate_to_out_dir()
        .unwrap_or_else(|e| panic!("{e}"));
}
