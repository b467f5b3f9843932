//! Our own schema keywords on properties (`x-rust-name`, `x-boxed`): typify does not know them,
//! so each is taken off the schema before typify and applied to the generated code after it.

use serde_json::Value;

use crate::input::escape;

/// A keyword taken off one property: `$defs/<def>/properties/<wire>` had `<key>: <value>`.
#[derive(Debug)]
pub struct Mark {
    pub def: String,
    pub wire: String,
    pub key: &'static str,
    pub value: Value,
}

impl Mark {
    /// Where the mark was, as the JSON pointer of the codegen's other errors
    /// (`#/$defs/Order/properties/OrderID/x-rust-name`).
    pub fn path(&self) -> String {
        format!(
            "#/$defs/{}/properties/{}/{}",
            escape(&self.def),
            escape(&self.wire),
            self.key
        )
    }
}

/// Removes `key` from every property of every `$defs` entry of `schema` and returns what was
/// there, in schema order.
pub fn take(schema: &mut Value, key: &'static str) -> Vec<Mark> {
    let mut marks = Vec::new();
    let Some(Value::Object(defs)) = schema.get_mut("$defs") else {
        return marks;
    };
    for (def, schema) in defs.iter_mut() {
        let Some(Value::Object(props)) = schema.get_mut("properties") else {
            continue;
        };
        for (wire, prop) in props.iter_mut() {
            if let Some(value) = prop.as_object_mut().and_then(|o| o.remove(key)) {
                marks.push(Mark {
                    def: def.clone(),
                    wire: wire.clone(),
                    key,
                    value,
                });
            }
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn takes_the_key_off_every_property_and_keeps_the_rest() {
        let mut schema = json!({"$defs": {
            "A": {"properties": {"x/y": {"type": "string", "x-k": 1}, "y": {"type": "string"}}},
            "B": {"type": "string"},
            "C": {"properties": {"z": {"x-k": true}, "w": true}}
        }});
        let marks = take(&mut schema, "x-k");
        let got: Vec<_> = marks.iter().map(|m| (m.path(), m.value.clone())).collect();
        assert_eq!(
            got,
            [
                ("#/$defs/A/properties/x~1y/x-k".to_owned(), json!(1)),
                ("#/$defs/C/properties/z/x-k".to_owned(), json!(true)),
            ]
        );
        assert_eq!(
            schema,
            json!({"$defs": {
                "A": {"properties": {"x/y": {"type": "string"}, "y": {"type": "string"}}},
                "B": {"type": "string"},
                "C": {"properties": {"z": {}, "w": true}}
            }})
        );
        assert!(take(&mut json!({"type": "object"}), "x-k").is_empty());
    }
}
