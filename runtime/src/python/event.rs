//! Decoding an event straight from the Python objects `json.loads` makes (dict, list, str,
//! int, float, bool, None), as serde_json would decode their JSON text.
//!
//! Only those exact shapes are walked, and every other one is an error, on which the caller
//! falls back to the JSON text (`json.dumps`), which then decides. pythonize's `depythonize`
//! does the same walk but asks every dict for `__dataclass_fields__`; Python 3.11 answers a
//! missing attribute by building an `AttributeError`, about a fifth of the shim's time per
//! event (bench/RESULTS.md, section 4).

use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

/// Why the walk stopped; the caller only needs to know that it did, then asks the JSON text.
#[derive(Debug)]
pub(super) struct WalkError(String);

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WalkError {}

impl de::Error for WalkError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WalkError(msg.to_string())
    }
}

impl From<PyErr> for WalkError {
    fn from(e: PyErr) -> Self {
        WalkError(e.to_string())
    }
}

/// Decodes `T` from `obj`, or fails on anything JSON text would not have produced.
pub(super) fn from_python<T: de::DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, WalkError> {
    T::deserialize(Walker(obj.clone()))
}

struct Walker<'py>(Bound<'py, PyAny>);

impl<'de> de::Deserializer<'de> for Walker<'_> {
    type Error = WalkError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WalkError> {
        let obj = self.0;
        if let Ok(s) = obj.cast::<PyString>() {
            visitor.visit_str(s.to_str()?)
        } else if let Ok(dict) = obj.cast::<PyDict>() {
            visitor.visit_map(DictAccess::new(dict.clone()))
        } else if let Some(seq) = Items::of(&obj) {
            visitor.visit_seq(seq)
        } else if obj.is_none() {
            visitor.visit_unit()
        } else if let Ok(b) = obj.cast::<PyBool>() {
            visitor.visit_bool(b.is_true())
        } else if let Ok(int) = obj.cast::<PyInt>() {
            // As serde_json: non-negative integers as u64, negative ones as i64, and integers
            // beyond both as the nearest f64.
            if let Ok(u) = int.extract::<u64>() {
                visitor.visit_u64(u)
            } else if let Ok(i) = int.extract::<i64>() {
                visitor.visit_i64(i)
            } else {
                visitor.visit_f64(int.extract::<f64>()?)
            }
        } else if let Ok(float) = obj.cast::<PyFloat>() {
            // JSON has no NaN or infinity: serde_json refuses the text json.dumps makes of them.
            let v = float.value();
            if v.is_finite() {
                visitor.visit_f64(v)
            } else {
                Err(WalkError(format!("{v} is not a JSON number")))
            }
        } else {
            Err(WalkError(format!("a {} is not JSON", obj.get_type())))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WalkError> {
        if self.0.is_none() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, WalkError> {
        // serde_json's RawValue asks for its own token: only the JSON text can answer it.
        if name.starts_with("$serde_json::private") {
            return Err(WalkError(format!("{name} needs JSON text")));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, WalkError> {
        if let Ok(s) = self.0.cast::<PyString>() {
            let variant: StrDeserializer<'_, WalkError> = s.to_str()?.into_deserializer();
            return visitor.visit_enum(variant);
        }
        match self.0.cast::<PyDict>() {
            Ok(dict) if dict.len() == 1 => {
                visitor.visit_enum(MapAccessDeserializer::new(DictAccess::new(dict.clone())))
            }
            _ => Err(WalkError(
                "an enum is a string or a dict with one key".into(),
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WalkError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The entries of a dict, keys as strings (JSON object keys are strings; any other key is an
/// error, and json.dumps, which writes `1` as `"1"`, decides).
struct DictAccess<'py> {
    entries: pyo3::types::iter::BoundDictIterator<'py>,
    value: Option<Bound<'py, PyAny>>,
}

impl<'py> DictAccess<'py> {
    fn new(dict: Bound<'py, PyDict>) -> Self {
        DictAccess {
            entries: dict.into_iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for DictAccess<'_> {
    type Error = WalkError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, WalkError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let key = key
            .cast::<PyString>()
            .map_err(|_| WalkError(format!("dict key {key} is not a string")))?
            .to_str()?;
        let key: StrDeserializer<'_, WalkError> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, WalkError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| WalkError("a dict value asked for before its key".into()))?;
        seed.deserialize(Walker(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The items of a list or tuple, in order.
enum Items<'py> {
    List(Bound<'py, PyList>, usize),
    Tuple(Bound<'py, PyTuple>, usize),
}

impl<'py> Items<'py> {
    fn of(obj: &Bound<'py, PyAny>) -> Option<Self> {
        if let Ok(list) = obj.cast::<PyList>() {
            Some(Items::List(list.clone(), 0))
        } else {
            let tuple = obj.cast::<PyTuple>().ok()?;
            Some(Items::Tuple(tuple.clone(), 0))
        }
    }

    fn remaining(&self) -> usize {
        match self {
            Items::List(list, next) => list.len().saturating_sub(*next),
            Items::Tuple(tuple, next) => tuple.len().saturating_sub(*next),
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = WalkError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, WalkError> {
        if self.remaining() == 0 {
            return Ok(None);
        }
        let item = match self {
            Items::List(list, next) => {
                *next += 1;
                list.get_item(*next - 1)?
            }
            Items::Tuple(tuple, next) => {
                *next += 1;
                tuple.get_item(*next - 1)?
            }
        };
        seed.deserialize(Walker(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use pyo3::types::PyDictMethods;
    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    /// Evaluates a Python expression (with `json` imported) in a fresh interpreter.
    fn with_value<R>(expr: &str, f: impl FnOnce(&Bound<'_, PyAny>) -> R) -> R {
        Python::initialize();
        Python::attach(|py| {
            let globals = PyDict::new(py);
            globals
                .set_item("json", py.import("json").unwrap())
                .unwrap();
            let code = std::ffi::CString::new(expr).unwrap();
            let value = py.eval(&code, Some(&globals), None).unwrap();
            f(&value)
        })
    }

    /// What serde_json makes of `json.dumps(value)`, or None if either step fails.
    fn via_json<T: de::DeserializeOwned>(value: &Bound<'_, PyAny>) -> Option<T> {
        let json = value.py().import("json").unwrap();
        let text: String = json.call_method1("dumps", (value,)).ok()?.extract().ok()?;
        serde_json::from_str(&text).ok()
    }

    #[test]
    fn json_shapes_decode_as_serde_json_decodes_their_text() {
        for expr in [
            r#"{"a": [1, -2, 3.5, True, False, None, "é☃"], "b": {"c": {}}, "d": []}"#,
            "json.loads('[18446744073709551615, -9223372036854775808, 1e300, 0.1, \"\\\\ud83d\\\\ude00\"]')",
            "[2 ** 70, -(2 ** 70)]",
            "(1, 'two', (3,))",
        ] {
            with_value(expr, |value| {
                let ours: Value = from_python(value).unwrap_or_else(|e| panic!("{expr}: {e}"));
                assert_eq!(Some(ours), via_json::<Value>(value), "{expr}");
            });
        }
    }

    #[test]
    fn what_json_text_would_not_hold_is_refused() {
        // Each of these must go to the JSON text path, which then decides as serde_json does.
        for expr in [
            "float('nan')",
            "{'x': float('inf')}",
            "{1: 'int key'}",
            "{'s': {1, 2}}",
            "b'bytes'",
            "'\\ud800'",
            "object()",
        ] {
            with_value(expr, |value| {
                assert!(from_python::<Value>(value).is_err(), "{expr} was accepted");
            });
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Record {
        name: String,
        size: Option<u64>,
        #[serde(default)]
        tags: BTreeMap<String, String>,
        kind: Kind,
        shape: Shape,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Kind {
        Put,
        Delete,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        Square(u32),
        Rect { w: u32, h: u32 },
    }

    #[test]
    fn typed_structs_options_maps_and_enums() {
        let expr = r#"{"name": "a.jpg", "size": None, "ignored": [object()], "kind": "Put",
                       "tags": {"k": "v"}, "shape": {"Rect": {"w": 2, "h": 3}}}"#;
        with_value(expr, |value| {
            let record: Record = from_python(value).unwrap();
            assert_eq!(
                record,
                Record {
                    name: "a.jpg".into(),
                    size: None,
                    tags: BTreeMap::from([("k".into(), "v".into())]),
                    kind: Kind::Put,
                    shape: Shape::Rect { w: 2, h: 3 },
                }
            );
        });
        with_value(
            r#"{"name": "b", "size": 7, "kind": "Delete", "shape": {"Square": 4}}"#,
            |v| {
                let record: Record = from_python(v).unwrap();
                assert_eq!(
                    (record.size, record.kind, record.shape),
                    (Some(7), Kind::Delete, Shape::Square(4))
                );
            },
        );
    }

    #[test]
    fn type_mismatches_fail_where_serde_json_fails() {
        for expr in [
            r#"{"name": "a", "size": True, "kind": "Put", "shape": {"Square": 1}}"#,
            r#"{"name": "a", "size": 1.0, "kind": "Put", "shape": {"Square": 1}}"#,
            r#"{"name": "a", "size": -1, "kind": "Put", "shape": {"Square": 1}}"#,
            r#"{"name": "a", "kind": "Get", "shape": {"Square": 1}}"#,
            r#"{"name": "a", "kind": "Put", "shape": {"Square": 1, "Rect": 2}}"#,
            r#"{"name": 5, "kind": "Put", "shape": {"Square": 1}}"#,
        ] {
            with_value(expr, |value| {
                assert!(
                    via_json::<Record>(value).is_none(),
                    "serde_json accepts {expr}"
                );
                assert!(from_python::<Record>(value).is_err(), "{expr} was accepted");
            });
        }
    }

    #[test]
    fn raw_values_are_left_to_the_json_text() {
        with_value(r#"{"a": 1}"#, |value| {
            let err = from_python::<Box<serde_json::value::RawValue>>(value).unwrap_err();
            assert!(err.to_string().contains("JSON text"), "{err}");
        });
    }
}
