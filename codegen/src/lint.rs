//! Checks a schema against the conventions in `schemas/README.md` before typify sees it.
//!
//! typify 0.8 panics or silently produces poor types on some keywords; failing here with the
//! JSON path is kinder than a panic or a `serde_json::Value` field.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::settings::FORMATS;
use crate::{BOXED_KEY, OPEN_ENUM_KEY, RUST_NAME_KEY};

const ROOT_KEYS: &[&str] = &["$schema", "$id", "title", "description", "$defs"];

/// Checks the root layout and every definition of the (unbundled) schema in `path`.
pub fn lint_schema(path: &Path, schema: &Value) -> Result<()> {
    let root = schema
        .as_object()
        .ok_or_else(|| Error::new(path, "schema root is not an object"))?;
    for key in root.keys() {
        if !ROOT_KEYS.contains(&key.as_str()) {
            return Err(Error::new(
                path,
                format!("root key `{key}` not allowed: the root holds only {ROOT_KEYS:?}"),
            ));
        }
    }
    let Some(defs) = root.get("$defs") else {
        return Ok(());
    };
    let defs = defs
        .as_object()
        .ok_or_else(|| Error::new(path, "`$defs` is not an object"))?;
    for (name, def) in defs {
        let at = format!("$defs/{name}");
        if !is_rust_type_name(name) {
            return Err(Error::new(
                path,
                format!("definition name `{name}` is not an UpperCamelCase Rust type name"),
            ));
        }
        if def.get(OPEN_ENUM_KEY).is_some() {
            check_open_enum(def).map_err(|m| Error::new(path, format!("{at}: {m}")))?;
        }
        walk(def, &at, Place::DefRoot, true).map_err(|m| Error::new(path, m))?;
        check_refs(def, &at, in_shared_dir(path)).map_err(|m| Error::new(path, m))?;
        check_descriptions(def, &at).map_err(|m| Error::new(path, m))?;
    }
    Ok(())
}

/// Every definition and every property of one (directly, or in an `allOf` part) has a
/// `description`: it becomes the rustdoc of the type or field, so docs cannot regress.
fn check_descriptions(def: &Value, at: &str) -> std::result::Result<(), String> {
    let described = |v: &Value| v.get("description").is_some_and(Value::is_string);
    if !described(def) {
        return Err(format!(
            "{at}: no `description` (every definition and property is documented from the AWS docs)"
        ));
    }
    let parts = std::iter::once(def).chain(
        def.get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    for (i, part) in parts.enumerate() {
        let Some(Value::Object(props)) = part.get("properties") else {
            continue;
        };
        for (name, prop) in props {
            if !described(prop) {
                let place = if i == 0 {
                    format!("{at}/properties/{name}")
                } else {
                    format!("{at}/allOf/{}/properties/{name}", i - 1)
                };
                return Err(format!(
                    "{place}: no `description` (every definition and property is documented from the AWS docs)"
                ));
            }
        }
    }
    Ok(())
}

fn in_shared_dir(path: &Path) -> bool {
    path.parent()
        .and_then(|p| p.file_name())
        .is_some_and(|n| n == "shared")
}

/// `$ref` targets: `#/$defs/<Name>`, or a shared definition: `shared/<file>.json#/$defs/<Name>`
/// from a family schema, `<file>.json#/$defs/<Name>` from another shared file.
fn check_refs(value: &Value, at: &str, shared: bool) -> std::result::Result<(), String> {
    match value {
        Value::Object(obj) => {
            if let Some(r) = obj.get("$ref") {
                let r = r.as_str().unwrap_or_default();
                let (file, fragment) = r.split_once('#').unwrap_or((r, ""));
                let name_ok = fragment
                    .strip_prefix("/$defs/")
                    .is_some_and(|n| !n.is_empty() && !n.contains('/'));
                let file_ok = file.is_empty() || {
                    let rest = if shared {
                        Some(file)
                    } else {
                        file.strip_prefix("shared/")
                    };
                    rest.is_some_and(|f| {
                        f.ends_with(".json") && !f.contains('/') && !f.contains("..")
                    })
                };
                if !(name_ok && file_ok) {
                    let allowed = if shared {
                        "`#/$defs/<Name>` or `<file>.json#/$defs/<Name>`"
                    } else {
                        "`#/$defs/<Name>` or `shared/<file>.json#/$defs/<Name>`"
                    };
                    return Err(format!("{at}/$ref: `{r}` is not {allowed}"));
                }
            }
            for (k, v) in obj {
                if k != "enum" && k != "examples" && k != "default" {
                    check_refs(v, &format!("{at}/{k}"), shared)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_refs(v, &format!("{at}/{i}"), shared)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn is_rust_type_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn check_open_enum(def: &Value) -> std::result::Result<(), String> {
    if def.get(OPEN_ENUM_KEY) != Some(&Value::Bool(true)) {
        return Err(format!("`{OPEN_ENUM_KEY}` must be `true`"));
    }
    if def.get("type") != Some(&Value::String("string".into())) {
        return Err(format!("`{OPEN_ENUM_KEY}` needs `\"type\": \"string\"`"));
    }
    match def.get("enum") {
        Some(Value::Array(values)) if !values.is_empty() && values.iter().all(Value::is_string) => {
            Ok(())
        }
        _ => Err(format!(
            "`{OPEN_ENUM_KEY}` needs a non-empty `enum` of strings"
        )),
    }
}

/// Where a schema sits: the extensions are only allowed at some places.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    DefRoot,
    DefProperty,
    Other,
}

/// Checks the canonical form of a user schema (see `input.rs`, which already checked formats,
/// references and keywords with the input's own pointers): open enums and `x-rust-name`.
pub(crate) fn lint_user(path: &Path, schema: &Value) -> Result<()> {
    let Some(Value::Object(defs)) = schema.get("$defs") else {
        return Ok(());
    };
    for (name, def) in defs {
        let at = format!("$defs/{name}");
        if def.get(OPEN_ENUM_KEY).is_some() {
            check_open_enum(def).map_err(|m| Error::new(path, format!("{at}: {m}")))?;
        }
        walk(def, &at, Place::DefRoot, false).map_err(|m| Error::new(path, m))?;
    }
    Ok(())
}

fn walk(value: &Value, at: &str, place: Place, formats: bool) -> std::result::Result<(), String> {
    match value {
        Value::Object(obj) => {
            for (key, v) in obj {
                let here = format!("{at}/{key}");
                match key.as_str() {
                    "if" | "then" | "else" => {
                        return Err(format!("{here}: `{key}` is not supported (typify panics)"))
                    }
                    "const" => {
                        return Err(format!(
                            "{here}: use a one-value `enum` instead of `const` (typify makes it a Value)"
                        ))
                    }
                    "prefixItems" | "patternProperties" => {
                        return Err(format!("{here}: `{key}` is not supported by typify 0.8"))
                    }
                    "additionalProperties" if v == &Value::Bool(false) => {
                        return Err(format!(
                            "{here}: `additionalProperties: false` is forbidden (unknown fields must be ignored)"
                        ))
                    }
                    RUST_NAME_KEY if place != Place::DefProperty => {
                        return Err(format!(
                            "{here}: `{RUST_NAME_KEY}` only on a property of a `$defs` entry"
                        ))
                    }
                    BOXED_KEY if place != Place::DefProperty => {
                        return Err(format!(
                            "{here}: `{BOXED_KEY}` only on a property of a `$defs` entry"
                        ))
                    }
                    OPEN_ENUM_KEY if place != Place::DefRoot => {
                        return Err(format!(
                            "{here}: `{OPEN_ENUM_KEY}` only on a `$defs` entry, give the enum a name"
                        ))
                    }
                    crate::DETECT_KEY if place != Place::DefRoot => {
                        return Err(format!(
                            "{here}: `{}` only on a `$defs` entry",
                            crate::DETECT_KEY
                        ))
                    }
                    "anyOf" | "oneOf" => check_union(v, &here)?,
                    "format" if formats => check_format(v, obj.get("type"), &here)?,
                    _ => {}
                }
                // property names and enum values are data, not schemas
                if key == "properties" {
                    if let Value::Object(props) = v {
                        let inner = if place == Place::DefRoot {
                            Place::DefProperty
                        } else {
                            Place::Other
                        };
                        for (p, s) in props {
                            walk(s, &format!("{here}/{p}"), inner, formats)?;
                        }
                    }
                } else if key != "enum"
                    && key != "examples"
                    && key != "default"
                    && key != crate::DETECT_KEY
                {
                    walk(v, &here, Place::Other, formats)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{at}/{i}"), Place::Other, formats)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Integer widths typify understands; everything else must be one of our mapped formats,
/// because typify maps other well-known formats to crates the events crate does not use
/// (`date` to chrono's `NaiveDate`, `uuid` to `uuid::Uuid`, ...).
const INTEGER_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
];

fn check_format(v: &Value, ty: Option<&Value>, at: &str) -> std::result::Result<(), String> {
    let format = v.as_str().unwrap_or_default();
    if let Some(f) = FORMATS.iter().find(|f| f.format == format) {
        // typify maps a format by the exact schema object: another `type` would silently give
        // a plain (or an untagged enum) type instead of the hand-written one
        let want = match f.json_types {
            [one] => Value::from(*one),
            many => Value::from(many.to_vec()),
        };
        if ty != Some(&want) {
            return Err(format!(
                "{at}: format `{format}` needs `\"type\": {want}` exactly (optional: leave it out of `required`)"
            ));
        }
        return Ok(());
    }
    if INTEGER_FORMATS.contains(&format) {
        return Ok(());
    }
    let known: Vec<&str> = FORMATS.iter().map(|f| f.format).collect();
    Err(format!(
        "{at}: format `{format}` is not mapped; use one of {known:?} (or an integer width), a plain string, or add a mapping in codegen/src/settings.rs"
    ))
}

fn check_union(v: &Value, at: &str) -> std::result::Result<(), String> {
    let Value::Array(branches) = v else {
        return Err(format!("{at}: must be an array"));
    };
    if crate::input::is_optional_pair(branches) {
        return Ok(());
    }
    for b in branches {
        let ty = b.get("type");
        let is_string = match ty {
            Some(Value::String(t)) => t == "string",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
            _ => false,
        };
        if is_string {
            return Err(format!(
                "{at}: a union with a plain string branch decodes badly in typify; use an open enum or a string"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lint(defs: Value) -> std::result::Result<(), String> {
        lint_schema(Path::new("x.json"), &json!({ "$defs": defs })).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_the_conventions() {
        lint(json!({
            "Thing": {"type": "object", "description": "d", "required": ["a"], "properties": {
                "a": {"type": "string", "format": "date-time", "description": "d"},
                "n": {"type": "integer", "format": "int64", "description": "d"},
                "Odd": {"type": "string", "x-rust-name": "odd_caps", "description": "d"},
                "rare": {"type": "object", "x-boxed": true, "description": "d"},
                "e": {"$ref": "#/$defs/Kind", "description": "d"},
                "m": {"type": "object", "additionalProperties": {"type": "string"}, "description": "d"},
                "u": {"anyOf": [{"$ref": "#/$defs/Kind"}, {"type": "null"}], "description": "d"}
            }},
            "Kind": {"type": "string", "enum": ["a", "b"], "x-open-enum": true, "description": "d"}
        }))
        .unwrap();
    }

    #[test]
    fn every_definition_and_property_needs_a_description() {
        let err = lint(json!({"T": {"type": "object"}})).unwrap_err();
        assert!(err.contains("$defs/T: no `description`"), "{err}");
        let err = lint(json!({"T": {"description": "d", "properties": {"a": {"type": "string"}}}}))
            .unwrap_err();
        assert!(
            err.contains("$defs/T/properties/a: no `description`"),
            "{err}"
        );
        let err = lint(json!({"T": {"description": "d", "allOf": [
            {"$ref": "#/$defs/U"},
            {"properties": {"b": {"type": "string"}}}
        ]}}))
        .unwrap_err();
        assert!(
            err.contains("$defs/T/allOf/1/properties/b: no `description`"),
            "{err}"
        );
    }

    #[test]
    fn rejects_what_typify_mishandles_naming_the_place() {
        let cases = [
            (
                json!({"T": {"const": "x"}}),
                "x.json: $defs/T/const: use a one-value `enum`",
            ),
            (
                json!({"T": {"if": {}, "then": {}}}),
                "$defs/T/if: `if` is not supported",
            ),
            (
                json!({"T": {"type": "object", "additionalProperties": false}}),
                "$defs/T/additionalProperties: `additionalProperties: false` is forbidden",
            ),
            (
                json!({"T": {"properties": {"a": {"type": "string", "enum": ["x"], "x-open-enum": true}}}}),
                "$defs/T/properties/a/x-open-enum: `x-open-enum` only on a `$defs` entry",
            ),
            (
                json!({"T": {"properties": {"a": {"properties": {"b": {"x-rust-name": "c"}}}}}}),
                "`x-rust-name` only on a property of a `$defs` entry",
            ),
            (
                json!({"T": {"properties": {"a": {"properties": {"b": {"x-boxed": true}}}}}}),
                "$defs/T/properties/a/properties/b/x-boxed: `x-boxed` only on a property of a `$defs` entry",
            ),
            (
                json!({"T": {"type": "object", "x-boxed": true}}),
                "$defs/T/x-boxed: `x-boxed` only on a property of a `$defs` entry",
            ),
            (
                json!({"T": {"properties": {"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}}),
                "$defs/T/properties/a/oneOf: a union with a plain string branch",
            ),
            (
                json!({"T": {"type": "string", "format": "uuid"}}),
                "$defs/T/format: format `uuid` is not mapped",
            ),
            (
                json!({"T": {"properties": {"a": {"type": ["string", "null"], "format": "base64"}}}}),
                "$defs/T/properties/a/format: format `base64` needs `\"type\": \"string\"` exactly",
            ),
            (
                json!({"T": {"properties": {"a": {"type": "string", "format": "loose-scalar"}}}}),
                "format `loose-scalar` needs `\"type\": [\"string\",\"number\",\"boolean\"]` exactly",
            ),
            (
                json!({"T": {"type": "string", "x-open-enum": true}}),
                "needs a non-empty `enum` of strings",
            ),
            (
                json!({"lower": {"type": "string"}}),
                "definition name `lower` is not an UpperCamelCase",
            ),
            (
                json!({"T": {"properties": {"a": {"$ref": "other.json#/$defs/X"}}}}),
                "$defs/T/properties/a/$ref: `other.json#/$defs/X` is not",
            ),
            (
                json!({"T": {"items": {"$ref": "#/definitions/X"}}}),
                "$defs/T/items/$ref: `#/definitions/X` is not",
            ),
            (
                json!({"T": {"items": {"$ref": "shared/../s3.json#/$defs/X"}}}),
                "is not `#/$defs/<Name>` or `shared/<file>.json#/$defs/<Name>`",
            ),
        ];
        for (defs, expected) in cases {
            let err = lint(defs.clone()).expect_err(&defs.to_string());
            assert!(err.contains(expected), "{err} does not contain {expected}");
        }
    }

    #[test]
    fn shared_files_reference_their_siblings() {
        let schema = json!({"$defs": {"T": {"description": "d", "properties": {
            "a": {"$ref": "people.json#/$defs/P", "description": "d"}}}}});
        lint_schema(Path::new("schemas/shared/x.json"), &schema).unwrap();
        assert!(lint_schema(Path::new("schemas/x.json"), &schema).is_err());
        let family = json!({"$defs": {"T": {"description": "d", "properties": {
            "a": {"$ref": "shared/people.json#/$defs/P", "description": "d"}}}}});
        lint_schema(Path::new("schemas/x.json"), &family).unwrap();
    }

    #[test]
    fn rejects_other_root_keys() {
        let err = lint_schema(Path::new("x.json"), &json!({"type": "object"})).unwrap_err();
        assert!(
            err.to_string().contains("root key `type` not allowed"),
            "{err}"
        );
    }
}
