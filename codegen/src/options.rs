//! What the generated code looks like: one [`Options`] value per run.
//!
//! [`Options::workspace`] is the configuration of this repository (`events/src/generated/`);
//! [`Options::default`] is the starting point for user schemas (`generate` subcommand, [`Builder`]).
//!
//! [`Builder`]: crate::Builder

use std::path::PathBuf;

/// Whether an optional piece of generated code is emitted, and under which cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Not emitted.
    Never,
    /// Always emitted.
    Always,
    /// Emitted behind `#[cfg(feature = "<name>")]` of the crate that compiles the code.
    Feature(String),
}

impl Gate {
    /// Parses `never`, `always` or `feature=<name>` (the CLI spelling).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "never" => Some(Self::Never),
            "always" => Some(Self::Always),
            _ => text
                .strip_prefix("feature=")
                .filter(|f| !f.is_empty())
                .map(|f| Self::Feature(f.to_string())),
        }
    }
}

/// Which string enums become open enums (an `Unknown(String)` variant keeps unseen values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OpenEnums {
    /// Only definitions marked `"x-open-enum": true` (closed enums reject other values).
    #[default]
    Marked,
    /// Every string enum: named definitions, and inline enums of a definition's properties
    /// (which become a definition named `<Type><Property>`).
    All,
}

/// A schema type mapped to an existing Rust type (typify `with_replacement`): the generator
/// emits no type for the definition and uses `rust_type` wherever it is referenced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// Definition name as written in the schema (`Money`) or as its Rust name.
    pub schema_name: String,
    /// Path of the Rust type (`rust_decimal::Decimal`, `crate::money::Money`).
    pub rust_type: String,
    /// Whether the type implements `Default` (lets structs that hold it derive `Default`).
    pub default: bool,
}

/// A `format` mapped to a Rust type (typify `with_conversion`), or to a plain `String`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatOverride {
    /// The `format` keyword value (`email`, `uuid`, ...).
    pub format: String,
    /// Path of the Rust type; `None` drops the format so the value is a plain `String`.
    pub rust_type: Option<String>,
}

/// Everything that can be configured about the generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Path of the module that holds the helper types (`DateTimeText`, `Base64Text`, ...):
    /// `crate` inside `typed-lambda-events`, `::typed_lambda::events` or `::typed_lambda_events`
    /// in a user crate.
    pub helpers_path: String,
    /// The `schemars::JsonSchema` derive (schemars 1.x).
    pub schemars: Gate,
    /// The `unknown_fields` map on every struct: `Always` keeps unknown keys (flattened),
    /// `Feature` does so only with the feature (otherwise the field exists but is skipped),
    /// `Never` emits no such field (unknown keys are ignored).
    pub catch_all: Gate,
    /// Which string enums are open.
    pub open_enums: OpenEnums,
    /// Schema types mapped to existing Rust types.
    pub replacements: Vec<Replacement>,
    /// Extra `format` mappings (user schemas only).
    pub formats: Vec<FormatOverride>,
    /// Fail when a definition named `...Response` cannot derive `Default`.
    pub responses_must_default: bool,
    /// The command quoted in the header of generated files.
    pub regenerate_command: String,
    /// Directory `rustfmt` runs in (so a `rustfmt.toml` there applies); `None`: the current one.
    pub rustfmt_dir: Option<PathBuf>,
    /// Without `rustfmt` on the machine, write unformatted (but valid) code instead of failing.
    pub rustfmt_optional: bool,
    /// Allow `dead_code` in generated modules (a binary rarely uses every generated type).
    pub allow_dead_code: bool,
}

impl Default for Options {
    /// Defaults for user schemas: helpers from `typed_lambda::events`, no schemars derive, no
    /// catch-all field, open enums only where marked.
    fn default() -> Self {
        Self {
            helpers_path: "::typed_lambda::events".to_string(),
            schemars: Gate::Never,
            catch_all: Gate::Never,
            open_enums: OpenEnums::Marked,
            replacements: Vec::new(),
            formats: Vec::new(),
            responses_must_default: false,
            regenerate_command: "typed-lambda-codegen generate".to_string(),
            rustfmt_dir: None,
            rustfmt_optional: false,
            allow_dead_code: true,
        }
    }
}

impl Options {
    /// The configuration of this repository's `events/src/generated/`.
    pub fn workspace() -> Self {
        Self {
            helpers_path: "crate".to_string(),
            schemars: Gate::Feature("schemars".to_string()),
            catch_all: Gate::Feature(crate::settings::CATCH_ALL_FEATURE.to_string()),
            open_enums: OpenEnums::Marked,
            replacements: Vec::new(),
            formats: Vec::new(),
            responses_must_default: true,
            regenerate_command: crate::REGENERATE_COMMAND.to_string(),
            rustfmt_dir: Some(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))),
            rustfmt_optional: false,
            allow_dead_code: false,
        }
    }

    /// Sets [`Options::helpers_path`] from a crate path as users write it (`typed_lambda::events`,
    /// `typed_lambda_events`, `crate::helpers`): a leading `::` is added to external paths.
    pub fn set_crate_path(&mut self, path: &str) {
        let path = path.trim();
        let first = path.split("::").next().unwrap_or_default();
        self.helpers_path = if path.starts_with("::") || ["crate", "self", "super"].contains(&first)
        {
            path.to_string()
        } else {
            format!("::{path}")
        };
    }

    /// The full path of a helper type (`DateTimeText` → `::typed_lambda::events::DateTimeText`).
    pub fn helper(&self, name: &str) -> String {
        format!("{}::{name}", self.helpers_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_paths_become_absolute() {
        let mut o = Options::default();
        o.set_crate_path("typed_lambda_events");
        assert_eq!(
            o.helper("Base64Bytes"),
            "::typed_lambda_events::Base64Bytes"
        );
        o.set_crate_path("crate::helpers");
        assert_eq!(o.helpers_path, "crate::helpers");
        o.set_crate_path("::typed_lambda::events");
        assert_eq!(o.helpers_path, "::typed_lambda::events");
    }

    #[test]
    fn gates_parse() {
        assert_eq!(Gate::parse("never"), Some(Gate::Never));
        assert_eq!(
            Gate::parse("feature=schemars"),
            Some(Gate::Feature("schemars".into()))
        );
        assert_eq!(Gate::parse("feature="), None);
        assert_eq!(Gate::parse("sometimes"), None);
    }
}
