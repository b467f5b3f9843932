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
    // `(definition, [(wire name, rust name)])`: marks come definition by definition
    let mut moves: Vec<(String, Vec<(String, String)>)> = Vec::new();
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
        match moves.last_mut() {
            Some((def, list)) if *def == mark.def => list.push((mark.wire, rust)),
            _ => moves.push((mark.def, vec![(mark.wire, rust)])),
        }
    }
    let mut renames = Renames::new();
    for (def_name, list) in moves {
        let def = &mut schema["$defs"][&def_name];
        let props = def["properties"]
            .as_object_mut()
            .expect("a mark is taken from an object of properties");
        // every renamed property leaves first: a name one of them gives up is free for another
        let taken: Vec<Value> = list
            .iter()
            .map(|(wire, _)| props.remove(wire).expect("the marked property exists"))
            .collect();
        for ((wire, rust), prop) in list.iter().zip(taken) {
            if props.contains_key(rust) {
                return Err(format!(
                    "$defs/{def_name}: `{RUST_NAME_KEY}` `{rust}` of `{wire}` is also a property name"
                ));
            }
            props.insert(rust.clone(), prop);
        }
        if let Some(Value::Array(required)) = def.get_mut("required") {
            for r in required.iter_mut() {
                if let Some((_, rust)) = list.iter().find(|(w, _)| r.as_str() == Some(w.as_str())) {
                    *r = Value::String(rust.clone());
                }
            }
        }
        for (wire, rust) in list {
            renames.insert((def_name.clone(), rust), wire);
        }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;

    /// A name one property gives up can be taken by another, in either order of the
    /// properties; `required` follows each property to its new key.
    #[test]
    fn a_name_given_up_can_be_taken() {
        for props in [
            json!({"OrderID": {"x-rust-name": "order"}, "order": {"x-rust-name": "order_value"}}),
            json!({"order": {"x-rust-name": "order_value"}, "OrderID": {"x-rust-name": "order"}}),
        ] {
            let mut schema =
                json!({"$defs": {"Rec": {"properties": props, "required": ["OrderID", "order"]}}});
            let renames = apply(&mut schema).unwrap();
            let rec = &schema["$defs"]["Rec"];
            let mut keys: Vec<_> = rec["properties"].as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(keys, ["order", "order_value"]);
            assert_eq!(rec["required"], json!(["order", "order_value"]));
            assert_eq!(renames[&("Rec".into(), "order".into())], "OrderID");
            assert_eq!(renames[&("Rec".into(), "order_value".into())], "order");
        }
    }

    #[test]
    fn a_name_still_in_use_is_refused() {
        let mut schema = json!({"$defs": {"Rec": {"properties": {
            "OrderID": {"x-rust-name": "order"}, "order": {}
        }}}});
        assert_eq!(
            apply(&mut schema).unwrap_err(),
            "$defs/Rec: `x-rust-name` `order` of `OrderID` is also a property name"
        );
    }
}
