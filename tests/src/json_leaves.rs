//! Leaf-by-leaf comparison of a JSON input with what a model wrote back: what was lost or
//! changed, and what was invented.
//!
//! A *leaf* is a non-null scalar (string, number, boolean). `null` and an absent key are the
//! same here (optional means absent or `null`), and so are two numbers of equal value (`1` and
//! `1.0` are one JSON number). How two scalars compare is the caller's `same` function:
//! [`exact`] for the corpus sweep, a looser one where a test accepts e.g. equal instants.

use serde_json::Value;

/// Strict scalar equality: equal strings and booleans, numbers of equal value.
pub fn exact(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Every leaf of `input` (by JSON pointer) that `output` does not have with a `same` value,
/// e.g. `"/a/b: 1 became 2"` or `"/d/1: missing"`.
pub fn lost(input: &Value, output: &Value, same: fn(&Value, &Value) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    walk_lost(input, output, "", same, &mut out);
    out
}

/// Every leaf of `output` at a place where `input` had nothing (absent or `null`): keys the
/// write-back invented, e.g. `"/a/c: added 0"`.
pub fn invented(input: &Value, output: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk_lost(output, input, "", |_, _| true, &mut out);
    out.into_iter()
        .map(|l| l.replace(": missing", ": added"))
        .collect()
}

/// `"/a/b"`-style pointer segment for `key`.
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk_lost(
    input: &Value,
    output: &Value,
    at: &str,
    same: fn(&Value, &Value) -> bool,
    lost: &mut Vec<String>,
) {
    match input {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{}", segment(k));
                match output.get(k).filter(|o| !o.is_null()) {
                    Some(o) => walk_lost(v, o, &here, same, lost),
                    None if has_leaf(v) => lost.push(format!("{here}: missing")),
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                match output.get(i) {
                    Some(o) => walk_lost(v, o, &here, same, lost),
                    None if has_leaf(v) => lost.push(format!("{here}: missing")),
                    None => {}
                }
            }
        }
        scalar => {
            if output.is_object() || output.is_array() || !same(scalar, output) {
                lost.push(format!("{at}: {scalar} became {output}"));
            }
        }
    }
}

/// Whether `v` holds at least one leaf.
pub fn has_leaf(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Object(m) => m.values().any(has_leaf),
        Value::Array(a) => a.iter().any(has_leaf),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_lost_changed_and_invented_leaves() {
        let input = json!({"a": {"b": 1, "c": null, "s": "1"}, "d": [1, 2], "e": true});
        let output = json!({"a": {"b": 1.0, "s": 1, "x": 0}, "d": [1], "e": true, "f": null});
        assert_eq!(
            lost(&input, &output, exact),
            ["/a/s: \"1\" became 1", "/d/1: missing"]
        );
        assert_eq!(invented(&input, &output), ["/a/x: added"]);
        // null and absent are the same; an empty container holds no leaf
        let same = json!({"a": {"b": 1, "s": "1"}, "d": [1, 2], "e": true, "g": {}});
        assert!(lost(&input, &same, exact).is_empty());
        assert!(invented(&input, &same).is_empty());
    }
}
