//! typify settings: every override of the generated code lives here or in the schemas.

use schemars08::schema::{InstanceType, SchemaObject};
use typify::{TypeSpaceImpl, TypeSpaceSettings};

use crate::options::{Gate, Options};

/// A custom `format` and the hand-written type of `typed-lambda-events` it maps to.
#[derive(Debug, Clone, Copy)]
pub struct FormatMapping {
    /// The schema's `type`: one JSON type, or the exact list a tolerant type takes.
    pub json_types: &'static [&'static str],
    /// The `format` keyword value.
    pub format: &'static str,
    /// Name of the type at the root of the events crate.
    pub rust_type: &'static str,
}

/// The custom formats of `schemas/README.md`. Each type implements `Default`, serde and (with
/// the `schemars` feature) `JsonSchema` in `events/src/`.
pub const FORMATS: &[FormatMapping] = &[
    FormatMapping {
        json_types: &["string"],
        format: "date-time",
        rust_type: "DateTimeText",
    },
    FormatMapping {
        json_types: &["string"],
        format: "epoch-millis-string",
        rust_type: "EpochMillisString",
    },
    FormatMapping {
        json_types: &["number"],
        format: "epoch-seconds",
        rust_type: "EpochSeconds",
    },
    FormatMapping {
        json_types: &["string"],
        format: "base64",
        rust_type: "Base64Text",
    },
    FormatMapping {
        json_types: &["string", "number", "boolean"],
        format: "loose-scalar",
        rust_type: "LooseScalar",
    },
];

/// Attribute put on every generated type: the schemars 1.x derive, only with the feature.
pub const SCHEMARS_ATTR: &str =
    "#[cfg_attr(feature = \"schemars\", derive(::schemars::JsonSchema))]";

/// Name of the field the `catch-all-fields` feature adds to every struct.
pub const CATCH_ALL_FIELD: &str = "unknown_fields";

/// Cargo feature of the events crate that keeps unknown keys.
pub const CATCH_ALL_FEATURE: &str = "catch-all-fields";

/// The attribute that derives `schemars::JsonSchema` on generated types, per [`Gate`].
pub fn schemars_attr(gate: &Gate) -> Option<String> {
    match gate {
        Gate::Never => None,
        Gate::Always => Some("#[derive(::schemars::JsonSchema)]".to_string()),
        Gate::Feature(f) if f == "schemars" => Some(SCHEMARS_ATTR.to_string()),
        Gate::Feature(f) => Some(format!(
            "#[cfg_attr(feature = {f:?}, derive(::schemars::JsonSchema))]"
        )),
    }
}

/// Builds the typify settings for one schema; `open_enums` are emitted by us, not by typify.
pub fn type_space_settings<'a>(
    open_enums: impl IntoIterator<Item = &'a str>,
    options: &Options,
) -> TypeSpaceSettings {
    let mut settings = TypeSpaceSettings::default();
    settings.with_derive("PartialEq".to_string());
    if let Some(attr) = schemars_attr(&options.schemars) {
        settings.with_attr(attr);
    }
    settings
        .with_map_type("::std::collections::BTreeMap")
        .with_struct_builder(false);
    for f in FORMATS {
        let mut types: Vec<InstanceType> = f
            .json_types
            .iter()
            .map(|t| match *t {
                "number" => InstanceType::Number,
                "boolean" => InstanceType::Boolean,
                _ => InstanceType::String,
            })
            .collect();
        let instance_type = match types.len() {
            1 => types.remove(0).into(),
            _ => types.into(),
        };
        settings.with_conversion(
            SchemaObject {
                instance_type: Some(instance_type),
                format: Some(f.format.to_string()),
                ..Default::default()
            },
            options.helper(f.rust_type),
            [TypeSpaceImpl::Default].into_iter(),
        );
    }
    for f in &options.formats {
        let Some(rust_type) = &f.rust_type else {
            continue;
        };
        for instance_type in [
            InstanceType::String,
            InstanceType::Number,
            InstanceType::Integer,
        ] {
            settings.with_conversion(
                SchemaObject {
                    instance_type: Some(instance_type.into()),
                    format: Some(f.format.clone()),
                    ..Default::default()
                },
                rust_type.clone(),
                std::iter::empty(),
            );
        }
    }
    for name in open_enums {
        settings.with_replacement(
            name,
            name,
            [TypeSpaceImpl::FromStr, TypeSpaceImpl::Display].into_iter(),
        );
    }
    for r in &options.replacements {
        let impls: Vec<TypeSpaceImpl> = if r.default {
            vec![TypeSpaceImpl::Default]
        } else {
            Vec::new()
        };
        settings.with_replacement(&r.schema_name, &r.rust_type, impls.into_iter());
    }
    settings
}
