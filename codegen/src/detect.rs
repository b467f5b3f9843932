//! `AnyEvent` from the schemas: each definition that a trigger sends carries `"x-detect"`, the
//! rule that places it; this module checks those rules and emits
//! `events/src/generated/detection.rs` (the `AnyEvent` enum, the `AnyEventKind` enum, the rule
//! table in the order the rules are tried, the typed decode per kind, and the docs table).
//!
//! The format (documented in `schemas/README.md`):
//!
//! ```json
//! "x-detect": {"order": 110, "when": {"/Records/0/eventSource": "aws:s3"}, "note": "..."}
//! ```
//!
//! `when` maps JSON pointers (into the payload) to a test; all must hold, and `"any": [{...},
//! ...]` adds a list of such maps of which one must hold. Tests: `true` (present, not null),
//! `false` (absent or null), `"text"` or `["a", "b"]` (a string equal to one), `{"not": ...}`
//! (not a string equal to one), `{"prefix"|"suffix"|"contains": "x" or [...]}`, `{"type":
//! "object"|"array"|"string"|"key"}` (`key`: present, even as null).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};

/// Schema extension on a `$defs` entry: the rule that places the definition in `AnyEvent`.
pub const DETECT_KEY: &str = "x-detect";

/// One test on the value at a JSON pointer.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Present,
    Absent,
    Equals(Vec<String>),
    Not(Vec<String>),
    Prefix(Vec<String>),
    Suffix(Vec<String>),
    Contains(Vec<String>),
    Type(&'static str),
}

/// Every test of `all` holds, and one of `any` (when not empty).
#[derive(Debug, Clone, PartialEq, Default)]
struct Cond {
    all: Vec<(String, Test)>,
    any: Vec<Cond>,
}

/// The rule of one definition.
#[derive(Debug, Clone)]
pub struct Rule {
    family: String,
    type_name: String,
    order: i64,
    when: Cond,
    note: Option<String>,
}

impl Rule {
    /// The family (module and feature) of the type.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The name of the type the rule places.
    pub fn type_name(&self) -> &str {
        &self.type_name
    }
}

fn strings(v: &Value, at: &str) -> std::result::Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{at}: expected strings"))
            })
            .collect(),
        _ => Err(format!(
            "{at}: expected a string or a non-empty list of strings"
        )),
    }
}

fn parse_test(v: &Value, at: &str) -> std::result::Result<Test, String> {
    Ok(match v {
        Value::Bool(true) => Test::Present,
        Value::Bool(false) => Test::Absent,
        Value::String(_) | Value::Array(_) => Test::Equals(strings(v, at)?),
        Value::Object(o) if o.len() == 1 => {
            let (k, inner) = o.iter().next().expect("one entry");
            let here = format!("{at}/{k}");
            match k.as_str() {
                "not" => Test::Not(strings(inner, &here)?),
                "prefix" => Test::Prefix(strings(inner, &here)?),
                "suffix" => Test::Suffix(strings(inner, &here)?),
                "contains" => Test::Contains(strings(inner, &here)?),
                "type" => Test::Type(match inner.as_str() {
                    Some("object") => "object",
                    Some("array") => "array",
                    Some("string") => "string",
                    Some("key") => "key",
                    _ => {
                        return Err(format!(
                            "{here}: expected \"object\", \"array\", \"string\" or \"key\""
                        ))
                    }
                }),
                other => {
                    return Err(format!(
                        "{here}: unknown test `{other}` (not, prefix, suffix, contains, type)"
                    ))
                }
            }
        }
        _ => {
            return Err(format!(
                "{at}: a test is true, false, a string, a list of strings or {{\"not\"|\"prefix\"|\"suffix\"|\"contains\"|\"type\": ...}}"
            ))
        }
    })
}

fn parse_cond(v: &Value, at: &str) -> std::result::Result<Cond, String> {
    let Value::Object(map) = v else {
        return Err(format!("{at}: expected an object of JSON pointer -> test"));
    };
    if map.is_empty() {
        return Err(format!("{at}: empty condition"));
    }
    let mut cond = Cond::default();
    for (key, test) in map {
        let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
        if key == "any" {
            let Value::Array(alternatives) = test else {
                return Err(format!("{here}: expected a list of conditions"));
            };
            if alternatives.len() < 2 {
                return Err(format!("{here}: needs two or more alternatives"));
            }
            for (i, alt) in alternatives.iter().enumerate() {
                cond.any.push(parse_cond(alt, &format!("{here}/{i}"))?);
            }
        } else if key.starts_with('/') {
            cond.all.push((key.clone(), parse_test(test, &here)?));
        } else {
            return Err(format!(
                "{here}: keys are JSON pointers into the payload (`/Records/0/eventSource`) or `any`"
            ));
        }
    }
    Ok(cond)
}

/// The rules of one schema (`raw`, as written), in definition order. `family` is the family of
/// a family schema; a shared schema (`None`) names the family of each rule (`"family"`: the
/// module that re-exports the type and the feature that enables it).
pub fn rules_of(path: &Path, family: Option<&str>, raw: &Value) -> Result<Vec<Rule>> {
    let mut rules = Vec::new();
    let Some(Value::Object(defs)) = raw.get("$defs") else {
        return Ok(rules);
    };
    for (name, def) in defs {
        let Some(detect) = def.get(DETECT_KEY) else {
            continue;
        };
        let at = format!("$defs/{name}/{DETECT_KEY}");
        let fail = |m: String| Error::new(path, m);
        let Value::Object(obj) = detect else {
            return Err(fail(format!(
                "{at}: expected an object with `order` and `when`"
            )));
        };
        for key in obj.keys() {
            let known = ["order", "when", "note"].contains(&key.as_str())
                || (key == "family" && family.is_none());
            if !known {
                return Err(fail(format!(
                    "{at}/{key}: unknown key (order, when, note; family in a shared schema)"
                )));
            }
        }
        let family = match family {
            Some(f) => f.to_string(),
            None => obj
                .get("family")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    fail(format!(
                        "{at}/family: a rule in a shared schema names the family whose feature enables it"
                    ))
                })?
                .to_string(),
        };
        let order = obj
            .get("order")
            .and_then(Value::as_i64)
            .ok_or_else(|| fail(format!("{at}/order: expected an integer")))?;
        let when = parse_cond(
            obj.get("when")
                .ok_or_else(|| fail(format!("{at}: `when` is missing")))?,
            &format!("{at}/when"),
        )
        .map_err(fail)?;
        let note = match obj.get("note") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(fail(format!("{at}/note: expected a string"))),
        };
        rules.push(Rule {
            family,
            type_name: name.clone(),
            order,
            when,
            note,
        });
    }
    Ok(rules)
}

/// Sorts the rules into the order they are tried; two rules with one `order` are an error
/// (the order must be decided in the schemas, not by file names).
pub fn sort_rules(rules: &mut [Rule]) -> Result<()> {
    rules.sort_by(|a, b| (a.order, &a.type_name).cmp(&(b.order, &b.type_name)));
    for pair in rules.windows(2) {
        if pair[0].order == pair[1].order {
            return Err(Error::new(
                "schemas",
                format!(
                    "`{DETECT_KEY}` order {} is given to both `{}` ({}) and `{}` ({}): orders must be unique",
                    pair[0].order,
                    pair[0].type_name,
                    pair[0].family,
                    pair[1].type_name,
                    pair[1].family
                ),
            ));
        }
    }
    Ok(())
}

fn lit_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn test_code(pointer: &str, test: &Test) -> String {
    let p = format!("{pointer:?}");
    let any_of = |method: &str, values: &[String]| {
        values
            .iter()
            .map(|v| format!("s.{method}({v:?})"))
            .collect::<Vec<_>>()
            .join(" || ")
    };
    match test {
        Test::Present => format!("present(v, {p})"),
        Test::Absent => format!("!present(v, {p})"),
        Test::Equals(values) => format!("matches!(text(v, {p}), Some({}))", lit_list(values)),
        Test::Not(values) => format!("!matches!(text(v, {p}), Some({}))", lit_list(values)),
        Test::Prefix(values) => format!(
            "text(v, {p}).is_some_and(|s| {})",
            any_of("starts_with", values)
        ),
        Test::Suffix(values) => format!(
            "text(v, {p}).is_some_and(|s| {})",
            any_of("ends_with", values)
        ),
        Test::Contains(values) => format!(
            "text(v, {p}).is_some_and(|s| {})",
            any_of("contains", values)
        ),
        Test::Type("key") => format!("v.pointer({p}).is_some()"),
        Test::Type(t) => format!("v.pointer({p}).is_some_and(::serde_json::Value::is_{t})"),
    }
}

fn cond_code(cond: &Cond) -> String {
    let mut parts: Vec<String> = cond.all.iter().map(|(p, t)| test_code(p, t)).collect();
    if !cond.any.is_empty() {
        let alts: Vec<String> = cond
            .any
            .iter()
            .map(|c| format!("({})", cond_code(c)))
            .collect();
        if parts.is_empty() {
            return alts.join(" || ");
        }
        parts.push(format!("({})", alts.join(" || ")));
    }
    parts.join(" && ")
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn test_text(pointer: &str, test: &Test) -> String {
    let p = format!("`{pointer}`");
    match test {
        Test::Present => format!("{p} is set"),
        Test::Absent => format!("no {p}"),
        Test::Equals(v) => format!("{p} is {}", quoted(v)),
        Test::Not(v) => format!("{p} is not {}", quoted(v)),
        Test::Prefix(v) => format!("{p} starts with {}", quoted(v)),
        Test::Suffix(v) => format!("{p} ends with {}", quoted(v)),
        Test::Contains(v) => format!("{p} contains {}", quoted(v)),
        Test::Type("key") => format!("{p} is there (even `null`)"),
        Test::Type(t) => format!("{p} is an {t}").replace("an string", "a string"),
    }
}

fn cond_text(cond: &Cond) -> String {
    let mut parts: Vec<String> = cond.all.iter().map(|(p, t)| test_text(p, t)).collect();
    if !cond.any.is_empty() {
        let alts: Vec<String> = cond.any.iter().map(cond_text).collect();
        parts.push(format!("one of: ({})", alts.join("); (")));
    }
    parts.join(", ")
}

/// `events/src/generated/detection.rs` for `rules` (sorted) and the feature of each family.
pub fn detection_rs(rules: &[Rule]) -> String {
    let mut by_family: BTreeMap<(&str, &str), &Rule> = BTreeMap::new();
    for r in rules {
        by_family.insert((r.family.as_str(), r.type_name.as_str()), r);
    }
    let mut s = String::new();
    s.push_str(
        "//! `AnyEvent`, its kinds and its detection table, generated from the `x-detect` rules of\n\
         //! the schemas (see `schemas/README.md`). The logic that uses the table (trying the rules\n\
         //! in order, falling back to the next on a failed decode) is in `src/any_event.rs`.\n\n\
         // links to types of disabled features do not resolve\n\
         #![allow(rustdoc::broken_intra_doc_links, clippy::all)]\n\n\
         use super::super::any_event::{present, text, DecodeInput};\n\n",
    );
    // the docs table
    let mut table = String::from(
        "\n\n# Detection table\n\nRules are tried in this order; the first whose test holds and whose type decodes the\n\
         payload places it (a failed decode falls back to the next rule). Pointers are JSON\n\
         pointers into the payload (`/Records/0/eventSource`: the first record's `eventSource`).\n\n\
         | order | type | feature | placed when |\n|---|---|---|---|\n",
    );
    for r in rules {
        let mut text = cond_text(&r.when);
        if let Some(note) = &r.note {
            let _ = write!(text, " ({note})");
        }
        let _ = writeln!(
            table,
            "| {} | [`{}`](crate::{}::{}) | `{}` | {} |",
            r.order,
            r.type_name,
            r.family,
            r.type_name,
            r.family,
            text.replace('|', "\\|")
        );
    }
    let doc = |text: &str| -> String {
        text.lines()
            .map(|l| {
                if l.is_empty() {
                    "///\n".to_string()
                } else {
                    format!("/// {l}\n")
                }
            })
            .collect()
    };
    // AnyEvent
    s.push_str(&doc(&format!(
        "An event of any source this crate models, detected from the payload (see the\n\
         [module docs](crate::any_event) for how), or `Unknown`.\n\n\
         Variants are named after the generated type they hold and exist only when the family's\n\
         cargo feature is enabled.{table}"
    )));
    s.push_str(
        "#[derive(Debug, Clone)]\n#[allow(clippy::large_enum_variant)]\npub enum AnyEvent {\n",
    );
    for (family, ty) in by_family.keys() {
        let _ = writeln!(
            s,
            "    #[cfg(feature = \"{family}\")]\n    /// [`crate::{family}::{ty}`] (feature `{family}`).\n    {ty}(crate::{family}::{ty}),"
        );
    }
    s.push_str(
        "    /// A payload no rule places (or whose every matching rule failed to decode), kept as\n    \
         /// the original JSON text.\n    Unknown(Box<::serde_json::value::RawValue>),\n}\n\n",
    );
    // AnyEventKind
    s.push_str(
        "/// What an [`AnyEvent`] holds: one variant per event type, named as the type (whether or\n\
         /// not its feature is enabled), and `Unknown`.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[non_exhaustive]\npub enum AnyEventKind {\n",
    );
    for (family, ty) in by_family.keys() {
        let _ = writeln!(
            s,
            "    /// [`crate::{family}::{ty}`] (feature `{family}`).\n    {ty},"
        );
    }
    s.push_str("    /// A payload no rule places.\n    Unknown,\n}\n\n");
    s.push_str("impl AnyEventKind {\n");
    s.push_str("    /// Every kind of event (not `Unknown`), enabled or not, sorted by family and type.\n    pub const ALL: &'static [AnyEventKind] = &[\n");
    for (_, ty) in by_family.keys() {
        let _ = writeln!(s, "        AnyEventKind::{ty},");
    }
    s.push_str("    ];\n\n");
    s.push_str("    /// The family: the module and cargo feature name (`\"s3\"`, ...), or `\"unknown\"`.\n    pub fn family(self) -> &'static str {\n        match self {\n");
    for (family, ty) in by_family.keys() {
        let _ = writeln!(s, "            Self::{ty} => \"{family}\",");
    }
    s.push_str("            Self::Unknown => \"unknown\",\n        }\n    }\n\n");
    s.push_str("    /// The name of the generated type (`\"S3Event\"`, ...), or `\"Unknown\"`.\n    pub fn type_name(self) -> &'static str {\n        match self {\n");
    for (_, ty) in by_family.keys() {
        let _ = writeln!(s, "            Self::{ty} => \"{ty}\",");
    }
    s.push_str("            Self::Unknown => \"Unknown\",\n        }\n    }\n\n");
    s.push_str("    /// The kind named `type_name` (as [`AnyEventKind::type_name`] writes it).\n    pub fn from_type_name(type_name: &str) -> Option<Self> {\n        Some(match type_name {\n");
    for (_, ty) in by_family.keys() {
        let _ = writeln!(s, "            \"{ty}\" => Self::{ty},");
    }
    s.push_str("            \"Unknown\" => Self::Unknown,\n            _ => return None,\n        })\n    }\n\n");
    s.push_str("    /// Whether the family's cargo feature is enabled, so that `AnyEvent` can hold it.\n    pub fn is_enabled(self) -> bool {\n        match self {\n");
    for (family, ty) in by_family.keys() {
        let _ = writeln!(s, "            Self::{ty} => cfg!(feature = \"{family}\"),");
    }
    s.push_str("            Self::Unknown => true,\n        }\n    }\n}\n\n");
    // AnyEvent impls
    s.push_str("impl AnyEvent {\n    /// What this event is (an [`AnyEventKind`]).\n    pub fn event_kind(&self) -> AnyEventKind {\n        match self {\n");
    for (family, ty) in by_family.keys() {
        let _ = writeln!(s, "            #[cfg(feature = \"{family}\")]\n            Self::{ty}(_) => AnyEventKind::{ty},");
    }
    s.push_str("            Self::Unknown(_) => AnyEventKind::Unknown,\n        }\n    }\n}\n\n");
    s.push_str("/// Events compare by value; `Unknown` payloads by their JSON text.\nimpl PartialEq for AnyEvent {\n    fn eq(&self, other: &Self) -> bool {\n        match (self, other) {\n");
    for (family, ty) in by_family.keys() {
        let _ = writeln!(s, "            #[cfg(feature = \"{family}\")]\n            (Self::{ty}(a), Self::{ty}(b)) => a == b,");
    }
    s.push_str("            (Self::Unknown(a), Self::Unknown(b)) => a.get() == b.get(),\n            #[allow(unreachable_patterns)]\n            _ => false,\n        }\n    }\n}\n\n");
    s.push_str("impl ::serde::Serialize for AnyEvent {\n    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {\n        match self {\n");
    for (family, ty) in by_family.keys() {
        let _ = writeln!(s, "            #[cfg(feature = \"{family}\")]\n            Self::{ty}(event) => event.serialize(serializer),");
    }
    s.push_str(
        "            Self::Unknown(raw) => raw.serialize(serializer),\n        }\n    }\n}\n\n",
    );
    // decode
    s.push_str("/// Decodes `input` as `kind`; `None` when the kind's feature is off or the input does not\n/// decode.\n#[allow(unused_variables)]\npub(crate) fn decode_as<I: DecodeInput>(kind: AnyEventKind, input: I) -> Option<AnyEvent> {\n    match kind {\n");
    for (family, ty) in by_family.keys() {
        let _ = writeln!(s, "        #[cfg(feature = \"{family}\")]\n        AnyEventKind::{ty} => input.decode().map(AnyEvent::{ty}),");
    }
    s.push_str("        _ => None,\n    }\n}\n\n");
    // rules
    s.push_str("/// The rules in the order they are tried: the kind, and the test on the parsed payload.\n#[rustfmt::skip]\npub(crate) static RULES: &[(AnyEventKind, fn(&::serde_json::Value) -> bool)] = &[\n");
    for r in rules {
        let _ = writeln!(
            s,
            "    // {}\n    (AnyEventKind::{}, |v| {}),",
            r.order,
            r.type_name,
            cond_code(&r.when)
        );
    }
    s.push_str("];\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(defs: Value) -> Result<Vec<Rule>> {
        rules_of(
            Path::new("fam.json"),
            Some("fam"),
            &json!({ "$defs": defs }),
        )
    }

    #[test]
    fn rules_parse_and_render() {
        let r = rules(
            json!({"ThingEvent": {"type": "object", "x-detect": {"order": 5, "when": {
                "/Records/0/eventSource": ["aws:thing", "aws:thing2"],
                "/window": false,
                "any": [{"/a": {"prefix": "x"}}, {"/b": {"type": "key"}}]
            }}}}),
        )
        .unwrap();
        assert_eq!(r.len(), 1);
        let code = cond_code(&r[0].when);
        assert_eq!(
            code,
            "matches!(text(v, \"/Records/0/eventSource\"), Some(\"aws:thing\" | \"aws:thing2\")) && !present(v, \"/window\") && ((text(v, \"/a\").is_some_and(|s| s.starts_with(\"x\"))) || (v.pointer(\"/b\").is_some()))"
        );
        assert_eq!(
            cond_text(&r[0].when),
            "`/Records/0/eventSource` is `aws:thing` or `aws:thing2`, no `/window`, one of: (`/a` starts with `x`); (`/b` is there (even `null`))"
        );
    }

    #[test]
    fn bad_rules_are_errors_naming_the_place() {
        for (detect, expected) in [
            (
                json!({"when": {"/a": true}}),
                "ThingEvent/x-detect/order: expected an integer",
            ),
            (json!({"order": 1}), "`when` is missing"),
            (
                json!({"order": 1, "when": {"a": true}}),
                "x-detect/when/a: keys are JSON pointers",
            ),
            (
                json!({"order": 1, "when": {"/a": 3}}),
                "x-detect/when/~1a: a test is",
            ),
            (
                json!({"order": 1, "when": {"/a": {"like": "x"}}}),
                "unknown test `like`",
            ),
            (
                json!({"order": 1, "when": {"any": [{"/a": true}]}}),
                "needs two or more",
            ),
            (
                json!({"order": 1, "when": {"/a": true}, "extra": 1}),
                "x-detect/extra: unknown key",
            ),
        ] {
            let err = rules(json!({"ThingEvent": {"type": "object", "x-detect": detect}}))
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }

    #[test]
    fn orders_must_be_unique() {
        let mut r = rules(json!({
            "AEvent": {"x-detect": {"order": 1, "when": {"/a": true}}},
            "BEvent": {"x-detect": {"order": 1, "when": {"/b": true}}}
        }))
        .unwrap();
        let err = sort_rules(&mut r).unwrap_err().to_string();
        assert!(
            err.contains("order 1 is given to both `AEvent` (fam) and `BEvent` (fam)"),
            "{err}"
        );
    }
}
