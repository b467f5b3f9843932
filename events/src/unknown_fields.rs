//! The `unknown_fields` of every generated struct: the JSON keys a model does not know, in a
//! map that costs one pointer while it is empty.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// The keys of a JSON object that its model does not know, with their values: the
/// `unknown_fields` of every generated struct. Filled on decode (and written back on encode)
/// with the `catch-all-fields` feature; otherwise unknown keys are ignored and it stays empty.
///
/// It reads and writes as a [`serde_json::Map`] (through `Deref`/`DerefMut`: `get`, `insert`,
/// `iter`, `len`, ...), but holds nothing but an empty pointer until a key is added: a struct
/// keeps one per nested object, and most never see an unknown key, so a decoded event is
/// smaller and faster to build and drop than with a `Map` in each (a `Map` is three words and
/// has drop code of its own).
///
/// ```
/// use serde_json::json;
/// use typed_lambda_events::UnknownFields;
///
/// let mut extra = UnknownFields::new();
/// assert!(extra.is_empty());
/// extra.insert("futureKey".to_string(), json!([1, 2]));
/// assert_eq!(extra.get("futureKey"), Some(&json!([1, 2])));
/// assert_eq!(serde_json::to_value(&extra)?, json!({"futureKey": [1, 2]}));
///
/// // to and from a plain map
/// let map: serde_json::Map<String, serde_json::Value> = extra.clone().into_map();
/// assert_eq!(UnknownFields::from(map), extra);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct UnknownFields(Option<Box<Map<String, Value>>>);

/// What an `UnknownFields` without a map reads as.
static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

impl UnknownFields {
    /// No unknown keys (allocates nothing).
    pub const fn new() -> Self {
        Self(None)
    }

    /// Whether there are no unknown keys (without looking at a map that was never made).
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|map| map.is_empty())
    }

    /// How many unknown keys there are.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |map| map.len())
    }

    /// The keys and values as a [`serde_json::Map`].
    pub fn as_map(&self) -> &Map<String, Value> {
        self.0.as_deref().unwrap_or(&EMPTY)
    }

    /// The keys and values, by value.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl Deref for UnknownFields {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Self::Target {
        self.as_map()
    }
}

impl DerefMut for UnknownFields {
    /// The map to change, made on first use.
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0.get_or_insert_with(Box::default)
    }
}

impl From<Map<String, Value>> for UnknownFields {
    fn from(map: Map<String, Value>) -> Self {
        if map.is_empty() {
            Self(None)
        } else {
            Self(Some(Box::new(map)))
        }
    }
}

impl From<UnknownFields> for Map<String, Value> {
    fn from(fields: UnknownFields) -> Self {
        fields.into_map()
    }
}

impl FromIterator<(String, Value)> for UnknownFields {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Self::from(Map::from_iter(iter))
    }
}

impl Extend<(String, Value)> for UnknownFields {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        let mut iter = iter.into_iter().peekable();
        if iter.peek().is_some() {
            (**self).extend(iter);
        }
    }
}

impl<'a> IntoIterator for &'a UnknownFields {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_map().iter()
    }
}

impl IntoIterator for UnknownFields {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

/// Equal when they hold the same keys and values (an emptied map equals one never made).
impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        self.as_map() == other.as_map()
    }
}

impl Eq for UnknownFields {}

impl PartialEq<Map<String, Value>> for UnknownFields {
    fn eq(&self, other: &Map<String, Value>) -> bool {
        self.as_map() == other
    }
}

impl Hash for UnknownFields {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_map().hash(state);
    }
}

/// As the map it holds (`{}` when empty).
impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_map(), f)
    }
}

/// As a JSON object (flattened into its struct with `catch-all-fields`).
impl Serialize for UnknownFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.as_map())
    }
}

/// From a JSON object; an empty one allocates nothing.
impl<'de> Deserialize<'de> for UnknownFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for UnknownFields {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UnknownFields".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "object"})
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn one_pointer_wide() {
        assert_eq!(std::mem::size_of::<UnknownFields>(), size_of::<usize>());
    }

    #[test]
    fn empty_allocates_nothing_and_reads_as_an_empty_map() {
        let fields = UnknownFields::new();
        assert!(fields.0.is_none());
        assert!(fields.is_empty());
        assert_eq!(fields.len(), 0);
        assert_eq!(fields.get("x"), None);
        assert_eq!(fields.iter().count(), 0);
        assert_eq!(format!("{fields:?}"), "{}");
        let decoded: UnknownFields = serde_json::from_str("{}").unwrap();
        assert!(decoded.0.is_none());
        assert!(UnknownFields::from(Map::new()).0.is_none());
        let mut extended = UnknownFields::new();
        extended.extend(std::iter::empty());
        assert!(extended.0.is_none());
    }

    #[test]
    fn reads_and_writes_as_a_map() {
        let mut fields: UnknownFields = serde_json::from_str(r#"{"b":1,"a":[true]}"#).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields["a"], json!([true]));
        fields.insert("c".into(), json!(null));
        fields.remove("b");
        let keys: Vec<&String> = (&fields).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "c"]);
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            r#"{"a":[true],"c":null}"#
        );
        let map = fields.clone().into_map();
        assert_eq!(fields, map);
        assert_eq!(UnknownFields::from_iter(map), fields);
    }

    #[test]
    fn an_emptied_map_equals_one_never_made() {
        let mut fields = UnknownFields::new();
        fields.insert("k".into(), json!(1));
        fields.clear();
        assert_eq!(fields, UnknownFields::new());
        assert!(fields.is_empty());
        let hash = |f: &UnknownFields| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            f.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&fields), hash(&UnknownFields::new()));
    }

    #[test]
    fn a_non_object_is_refused() {
        let err = serde_json::from_str::<UnknownFields>("[1]").unwrap_err();
        assert!(err.to_string().contains("expected a map"), "{err}");
    }
}
