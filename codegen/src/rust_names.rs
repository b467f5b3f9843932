//! `"x-rust-name"` on a property: choose the Rust field name yourself.
//!
//! typify derives field names from wire names, so `SigningCertUrl` and `SigningCertURL` would
//! both become `signing_cert_url`. Before typify, such a property is re-keyed under its Rust
//! name; after typify, the field gets `#[serde(rename = "<wire name>")]` back.

use std::collections::BTreeMap;

use serde_json::Value;
use syn::Item;

use crate::{marks, RUST_NAME_KEY};

/// `(definition, rust field name) -> wire name`.
pub type Renames = BTreeMap<(String, String), String>;

fn is_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Re-keys every property with `x-rust-name` of every `$defs` entry in `schema`.
pub fn apply(schema: &mut Value) -> Result<Renames, String> {
    let mut renames = Renames::new();
    for mark in marks::take(schema, RUST_NAME_KEY) {
        let rust = mark
            .value
            .as_str()
            .filter(|r| is_field_name(r))
            .ok_or_else(|| {
                format!(
                    "{}: `{RUST_NAME_KEY}` must be a snake_case field name",
                    mark.path()
                )
            })?
            .to_owned();
        let def = &mut schema["$defs"][&mark.def];
        let props = def["properties"]
            .as_object_mut()
            .expect("a mark is taken from an object of properties");
        if props.contains_key(&rust) {
            return Err(format!(
                "$defs/{}: `{RUST_NAME_KEY}` `{rust}` of `{}` is also a property name",
                mark.def, mark.wire
            ));
        }
        let prop = props
            .remove(&mark.wire)
            .expect("the marked property exists");
        props.insert(rust.clone(), prop);
        if let Some(Value::Array(required)) = def.get_mut("required") {
            for r in required.iter_mut() {
                if r.as_str() == Some(mark.wire.as_str()) {
                    *r = Value::String(rust.clone());
                }
            }
        }
        renames.insert((mark.def, rust), mark.wire);
    }
    Ok(renames)
}

/// Puts the wire names back on the renamed fields of the generated structs.
pub fn restore(file: &mut syn::File, renames: &Renames) -> Result<(), String> {
    let mut done = 0;
    for item in &mut file.items {
        let Item::Struct(s) = item else { continue };
        let def = s.ident.to_string();
        for field in s.fields.iter_mut() {
            let Some(ident) = &field.ident else { continue };
            let Some(wire) = renames.get(&(def.clone(), ident.to_string())) else {
                continue;
            };
            field
                .attrs
                .push(syn::parse_quote!(#[serde(rename = #wire)]));
            done += 1;
        }
    }
    if done != renames.len() {
        return Err(format!(
            "`{RUST_NAME_KEY}`: {} of {} renamed fields not found in the generated structs",
            renames.len() - done,
            renames.len()
        ));
    }
    Ok(())
}
