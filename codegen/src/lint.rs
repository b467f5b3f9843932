//! Checks a schema against the conventions in `schemas/README.md` before typify sees it.
//!
//! typify 0.8 panics or silently produces poor types on some keywords; failing here with the
//! JSON path is kinder than a panic or a `serde_json::Value` field.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::{OPEN_ENUM_KEY, RUST_NAME_KEY};

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
        walk(def, &at, Place::DefRoot).map_err(|m| Error::new(path, m))?;
    }
    Ok(())
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

fn walk(value: &Value, at: &str, place: Place) -> std::result::Result<(), String> {
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
                    OPEN_ENUM_KEY if place != Place::DefRoot => {
                        return Err(format!(
                            "{here}: `{OPEN_ENUM_KEY}` only on a `$defs` entry, give the enum a name"
                        ))
                    }
                    "anyOf" | "oneOf" => check_union(v, &here)?,
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
                            walk(s, &format!("{here}/{p}"), inner)?;
                        }
                    }
                } else if key != "enum" && key != "examples" && key != "default" {
                    walk(v, &here, Place::Other)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{at}/{i}"), Place::Other)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_union(v: &Value, at: &str) -> std::result::Result<(), String> {
    let Value::Array(branches) = v else {
        return Err(format!("{at}: must be an array"));
    };
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
