//! How generated models decode a JSON array of objects (the `Records` of an event, the items
//! of a batch): into a `Vec` sized for what arrives, each element decoded straight into it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_with::DeserializeAs;

/// Decodes a JSON array of objects into a `Vec`: the decode adapter that generated models
/// put on every list whose items are structs (`#[serde(deserialize_with = "...")]`, through
/// [`serde_with::As`]; alone, or inside `DefaultOnNull` for an optional list).
///
/// The result is the same `Vec` serde's own impl builds; only the memory differs. Most Lambda
/// events carry one record (S3 and SNS always do), and records are large structs (hundreds of
/// bytes), so:
/// - the list starts with room for exactly one element when the format gives no length (JSON
///   never does), where serde starts with room for four: one S3 record takes 576 bytes, not
///   2,304, which the allocator serves from its fast per-thread cache;
/// - further elements grow the list as `Vec::push` does;
/// - a length the format announces is trusted only up to 1 MiB of elements, so a hostile
///   length cannot reserve memory the input does not fill;
/// - each element is decoded straight into the list: one move of the struct fewer per
///   element than through `SeqAccess::next_element`.
///
/// Nothing changes on the way out: encoding is serde's `Vec` encoding.
///
/// ```
/// use serde::Deserialize;
/// use typed_lambda_events::ObjectList;
/// use typed_lambda_events::serde_with::{As, DefaultOnNull};
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Item {
///     id: String,
/// }
///
/// #[derive(Deserialize, Debug, PartialEq)]
/// struct Batch {
///     #[serde(rename = "Records", deserialize_with = "As::<ObjectList>::deserialize")]
///     records: Vec<Item>,
///     // optional: absent or `null` is empty
///     #[serde(default, deserialize_with = "As::<DefaultOnNull<ObjectList>>::deserialize")]
///     failures: Vec<Item>,
/// }
///
/// let batch: Batch = serde_json::from_str(r#"{"Records": [{"id": "a"}], "failures": null}"#)?;
/// assert_eq!(batch.records, [Item { id: "a".into() }]);
/// assert_eq!(batch.records.capacity(), 1);
/// assert!(batch.failures.is_empty());
///
/// // a bad element names its place
/// let err = serde_json::from_str::<Batch>(r#"{"Records": [{"id": "a"}, {"id": 7}]}"#).unwrap_err();
/// assert!(err.to_string().contains("expected a string"), "{err}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ObjectList;

/// The most memory a length announced by the format may reserve up front.
const MAX_PREALLOCATED_BYTES: usize = 1024 * 1024;

impl<'de, T: Deserialize<'de>> DeserializeAs<'de, Vec<T>> for ObjectList {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let room = match seq.size_hint() {
            Some(announced) => announced.min(MAX_PREALLOCATED_BYTES / size_of::<T>().max(1)),
            None => 1,
        };
        let mut list = Vec::new();
        // no room is reserved until an element arrives: `[]` allocates nothing
        while seq
            .next_element_seed(PushInto {
                list: &mut list,
                room,
            })?
            .is_some()
        {}
        Ok(list)
    }
}

/// Decodes one element and pushes it: the element goes from the decoder's result into the
/// list without a stop in an `Option`.
struct PushInto<'a, T> {
    list: &'a mut Vec<T>,
    room: usize,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for PushInto<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.list.capacity() == 0 {
            self.list.reserve_exact(self.room.max(1));
        }
        self.list.push(T::deserialize(deserializer)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_with::{As, DefaultOnNull};

    use super::ObjectList;

    #[derive(Deserialize, Debug, PartialEq, Clone)]
    struct Record {
        name: String,
        size: u64,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Event {
        #[serde(deserialize_with = "As::<ObjectList>::deserialize")]
        records: Vec<Record>,
        #[serde(
            default,
            deserialize_with = "As::<DefaultOnNull<ObjectList>>::deserialize"
        )]
        optional: Vec<Record>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Plain {
        records: Vec<Record>,
        #[serde(default)]
        optional: Vec<Record>,
    }

    fn records(n: usize) -> String {
        let items: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"name": "r{i}", "size": {i}}}"#))
            .collect();
        format!("[{}]", items.join(", "))
    }

    #[test]
    fn decodes_what_serde_decodes_for_every_length() {
        for n in [0, 1, 2, 3, 4, 5, 9, 10, 17, 100] {
            let text = format!(r#"{{"records": {0}, "optional": {0}}}"#, records(n));
            let ours: Event = serde_json::from_str(&text).unwrap();
            let plain: Plain = serde_json::from_str(&text).unwrap();
            assert_eq!(ours.records, plain.records, "{n} records");
            assert_eq!(ours.optional, plain.optional, "{n} records");
            assert_eq!(ours.records.len(), n);
        }
    }

    #[test]
    fn one_record_takes_room_for_one() {
        let event: Event =
            serde_json::from_str(&format!(r#"{{"records": {}}}"#, records(1))).unwrap();
        assert_eq!(event.records.capacity(), 1);
        let empty: Event = serde_json::from_str(r#"{"records": []}"#).unwrap();
        assert_eq!(
            empty.records.capacity(),
            0,
            "an empty list allocates nothing"
        );
    }

    #[test]
    fn optional_list_takes_absent_and_null_as_empty() {
        let absent: Event = serde_json::from_str(r#"{"records": []}"#).unwrap();
        let null: Event = serde_json::from_str(r#"{"records": [], "optional": null}"#).unwrap();
        assert!(absent.optional.is_empty() && null.optional.is_empty());
        // a required list stays required
        let err = serde_json::from_str::<Event>(r#"{"optional": []}"#).unwrap_err();
        assert!(err.to_string().contains("missing field `records`"), "{err}");
        let err = serde_json::from_str::<Event>(r#"{"records": null}"#).unwrap_err();
        assert!(err.to_string().contains("expected a sequence"), "{err}");
    }

    #[test]
    fn errors_are_serdes_with_the_place() {
        let text = r#"{"records": [{"name": "a", "size": 1}, {"name": "b", "size": "x"}]}"#;
        let ours = serde_json::from_str::<Event>(text).unwrap_err();
        let plain = serde_json::from_str::<Plain>(text).unwrap_err();
        assert_eq!(ours.to_string(), plain.to_string());
        assert_eq!((ours.line(), ours.column()), (plain.line(), plain.column()));
        let truncated = &text[..40];
        let ours = serde_json::from_str::<Event>(truncated).unwrap_err();
        let plain = serde_json::from_str::<Plain>(truncated).unwrap_err();
        assert_eq!(ours.to_string(), plain.to_string());
    }

    #[test]
    fn an_announced_length_reserves_at_most_a_mebibyte() {
        // serde_json::Value announces its length: the list is sized for it...
        let value = serde_json::json!({"records": [{"name": "a", "size": 1}, {"name": "b", "size": 2}, {"name": "c", "size": 3}]});
        let event: Event = serde_json::from_value(value).unwrap();
        assert_eq!(event.records.capacity(), 3);
        // ...but a lying length does not reserve more than the cap
        use serde::de::value::Error;
        struct Liar(std::vec::IntoIter<u64>);
        impl<'de> serde::de::SeqAccess<'de> for Liar {
            type Error = Error;
            fn next_element_seed<T: serde::de::DeserializeSeed<'de>>(
                &mut self,
                seed: T,
            ) -> Result<Option<T::Value>, Error> {
                self.0
                    .next()
                    .map(|v| seed.deserialize(serde::de::value::U64Deserializer::<Error>::new(v)))
                    .transpose()
            }
            fn size_hint(&self) -> Option<usize> {
                Some(usize::MAX)
            }
        }
        use serde::de::Visitor;
        let list: Vec<u64> = super::ListVisitor(std::marker::PhantomData)
            .visit_seq(Liar(vec![1, 2].into_iter()))
            .unwrap();
        assert_eq!(list, [1, 2]);
        assert_eq!(list.capacity(), 1024 * 1024 / 8);
    }
}
