//! User schemas in the formats people have: JSON Schema draft-04 (the EventBridge Schema
//! Registry's `JSONSchemaDraft4` export), draft-06/07, 2019-09/2020-12, and OpenAPI 3 documents
//! (the registry's `OpenApi3` export, types under `components.schemas`).
//!
//! Each document is checked first, with errors naming the file and the JSON pointer of the
//! offending keyword, then rewritten into the canonical form the rest of the generator (and
//! typify 0.8) understands: a root with only `title`, `description` and `$defs`, definition
//! names that are Rust type names, every `$ref` to `#/$defs/<Name>` (or `<file>#/$defs/<Name>`).
//!
//! The registry wraps the user's payload in an `AWSEvent` type (OpenAPI: the component
//! `AWSEvent`; draft-04: the root, marked with `x-amazon-events-source`). It becomes
//! `<Detail>Event`: our EventBridge envelope (`schemas/shared/eventbridge.json`, the same one the
//! AWS-service families use) with the user's typed `detail`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::options::{OpenEnums, Options};
use crate::settings::FORMATS;
use crate::{BOXED_KEY, OPEN_ENUM_KEY, RUST_NAME_KEY};

/// The EventBridge envelope every typed-detail event shares, bundled into the generator so the
/// crate builds outside this repository. `codegen/src/eventbridge.json` is a byte-for-byte copy
/// of `schemas/shared/eventbridge.json` (the source of truth); `tests/envelope_copy.rs` fails
/// when they differ and says how to refresh the copy.
const EVENTBRIDGE_SCHEMA: &str = include_str!("eventbridge.json");

/// Name of the envelope definition added to modules with an `AWSEvent` wrapper.
pub const ENVELOPE_NAME: &str = "EventBridgeEnvelope";

/// The input format of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// JSON Schema draft-04 (`exclusiveMinimum` as a boolean, `definitions`).
    Draft04,
    /// JSON Schema draft-06 or draft-07.
    Draft07,
    /// JSON Schema 2019-09 or 2020-12 (also assumed without `$schema`).
    Draft2020,
    /// OpenAPI 3.x: schemas under `components.schemas`.
    OpenApi3,
}

/// One document in canonical form.
#[derive(Debug, Clone)]
pub struct Canonical {
    /// The detected input format.
    pub format: InputFormat,
    /// `{"title"?, "description"?, "$defs": {...}}`.
    pub doc: Value,
    /// JSON pointer of each definition in the input (`/definitions/Order`, `` for the root)
    /// → its Rust name.
    pub names: BTreeMap<String, String>,
}

/// Schema keywords that make the root document a type of its own.
const TYPE_KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "enum",
    "$ref",
    "additionalProperties",
    "required",
];

/// Keywords the generator cannot honour; they change the shape or crash typify 0.8.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "if",
        "conditional schemas (`if`/`then`/`else`) are not supported",
    ),
    (
        "then",
        "conditional schemas (`if`/`then`/`else`) are not supported",
    ),
    (
        "else",
        "conditional schemas (`if`/`then`/`else`) are not supported",
    ),
    ("not", "`not` has no Rust type"),
    ("prefixItems", "tuples (`prefixItems`) are not supported"),
    (
        "patternProperties",
        "use `additionalProperties` with one schema for a map",
    ),
    ("dependentSchemas", "`dependentSchemas` is not supported"),
    ("dependencies", "`dependencies` is not supported"),
    ("unevaluatedItems", "`unevaluatedItems` is not supported"),
    ("$dynamicRef", "`$dynamicRef` is not supported"),
    ("$recursiveRef", "`$recursiveRef` is not supported"),
];

/// Keywords dropped without changing the generated types: annotations of OpenAPI and checks
/// that a decoder for forward-compatible types does not make.
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "dependentRequired",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// Formats typify maps to a crate the generated code would then need (`uuid`, `chrono`).
const CRATE_FORMATS: &[(&str, &str)] = &[("uuid", "uuid::Uuid"), ("date", "chrono::NaiveDate")];

/// Formats kept as they are: typify maps them to std types or integer widths.
const KEPT_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "int", "uint", "ip",
    "ipv4", "ipv6",
];

/// A JSON pointer segment, escaped.
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer segment, unescaped (also undoing `%xx` of a URI fragment).
fn unescape(segment: &str) -> String {
    let raw = segment.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if raw[i] == b'%' && i + 2 < raw.len() {
            if let (Some(h), Some(l)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                bytes.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// The Rust type name for a definition name: UpperCamelCase, `T` in front of a leading digit.
pub fn rust_type_name(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    let camel: String = camel
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{camel}")
    } else {
        camel
    }
}

fn detect(path: &Path, raw: &Value) -> Result<InputFormat> {
    if let Some(v) = raw.get("openapi") {
        return match v.as_str() {
            Some(v) if v.starts_with("3.") => Ok(InputFormat::OpenApi3),
            _ => Err(Error::new(
                path,
                format!("#/openapi: version {v} is not supported (only OpenAPI 3.x)"),
            )),
        };
    }
    if raw.get("swagger").is_some() {
        return Err(Error::new(
            path,
            "#/swagger: Swagger 2 documents are not supported (only OpenAPI 3.x)",
        ));
    }
    match raw.get("$schema").map(|s| s.as_str().unwrap_or_default()) {
        None => Ok(InputFormat::Draft2020),
        Some(s) if s.contains("draft-04") => Ok(InputFormat::Draft04),
        Some(s) if s.contains("draft-06") || s.contains("draft-07") => Ok(InputFormat::Draft07),
        Some(s) if s.contains("2019-09") || s.contains("2020-12") => Ok(InputFormat::Draft2020),
        Some(s) => Err(Error::new(
            path,
            format!("#/$schema: `{s}` is not a supported JSON Schema version (draft-04, draft-06, draft-07, 2019-09, 2020-12)"),
        )),
    }
}

/// Whether `schema` is the registry's `AWSEvent` wrapper: an object with `detail`,
/// `detail-type` and `source` properties.
fn is_aws_event(schema: &Value) -> bool {
    let props = schema.get("properties");
    ["detail", "detail-type", "source"]
        .iter()
        .all(|p| props.and_then(|ps| ps.get(p)).is_some())
}

/// Reads and converts other files on demand (for cross-file `$ref`s), each once.
pub struct Loader<'a> {
    options: &'a Options,
    cache: BTreeMap<PathBuf, Canonical>,
    /// Files being converted (a reference cycle between files is an error).
    active: BTreeSet<PathBuf>,
    /// Every file opened, as the path it was opened by, once each (see [`Loader::files_read`]):
    /// a file is opened only when it is neither cached nor being read, and a failed load ends
    /// the generation, so no file is opened twice.
    read: Vec<PathBuf>,
}

impl<'a> Loader<'a> {
    /// A loader converting with `options`.
    pub fn new(options: &'a Options) -> Self {
        Self {
            options,
            cache: BTreeMap::new(),
            active: BTreeSet::new(),
            read: Vec::new(),
        }
    }

    /// Every file this loader opened so far (the files asked for and those reached by a
    /// cross-file `$ref`), once each, in the order they were first opened, named by the path
    /// they were opened by. A build script reruns when any of them changes.
    pub fn files_read(&self) -> &[PathBuf] {
        &self.read
    }

    /// The canonical form of the file at `path`.
    pub fn load(&mut self, path: &Path) -> Result<Canonical> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(c) = self.cache.get(&key) {
            return Ok(c.clone());
        }
        // A `$ref` into a file still being read is refused where it is met (with its JSON
        // pointer), before it gets here.
        let fresh = self.active.insert(key.clone());
        debug_assert!(fresh, "{} loaded while being read", path.display());
        self.read.push(path.to_path_buf());
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::new(path, format!("read: {e}")))?;
        let raw: Value = serde_json::from_str(&text)
            .map_err(|e| Error::new(path, format!("parse JSON: {e}")))?;
        let result = self.convert(path, &raw);
        self.active.remove(&key);
        let canonical = result?;
        self.cache.insert(key, canonical.clone());
        Ok(canonical)
    }

    /// The canonical form of the document `raw`, read from `path`.
    pub fn convert(&mut self, path: &Path, raw: &Value) -> Result<Canonical> {
        let format = detect(path, raw)?;
        let root = raw
            .as_object()
            .ok_or_else(|| Error::new(path, "#: the document is not a JSON object"))?;

        // 1. every definition with its pointer in the input
        let mut defs: Vec<(String, String, Value)> = Vec::new(); // (pointer, name, schema)
        let containers: &[&[&str]] = if format == InputFormat::OpenApi3 {
            &[&["components", "schemas"]]
        } else {
            &[&["definitions"], &["$defs"]]
        };
        for container in containers {
            let mut at = raw;
            let mut pointer = String::new();
            let mut found = true;
            for seg in *container {
                pointer.push('/');
                pointer.push_str(&escape(seg));
                match at.get(seg) {
                    Some(v) => at = v,
                    None => {
                        found = false;
                        break;
                    }
                }
            }
            if !found {
                continue;
            }
            let obj = at
                .as_object()
                .ok_or_else(|| Error::new(path, format!("#{pointer}: not an object")))?;
            for (name, schema) in obj {
                defs.push((
                    format!("{pointer}/{}", escape(name)),
                    name.clone(),
                    schema.clone(),
                ));
            }
        }
        let file_stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Schema")
            .to_string();
        let root_is_type =
            format != InputFormat::OpenApi3 && TYPE_KEYWORDS.iter().any(|k| root.contains_key(*k));
        if root_is_type {
            let mut schema = Map::new();
            for (k, v) in root {
                if !["definitions", "$defs", "title"].contains(&k.as_str()) {
                    schema.insert(k.clone(), v.clone());
                }
            }
            let name = root
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(&file_stem)
                .to_string();
            defs.push((String::new(), name, Value::Object(schema)));
        }

        if defs.is_empty() {
            let wheres = if format == InputFormat::OpenApi3 {
                "`components.schemas`"
            } else {
                "`definitions`, `$defs` or a root `type`/`properties`"
            };
            return Err(Error::new(
                path,
                format!("#: no types in this document (nothing under {wheres}); is it a schema?"),
            ));
        }

        // 2. Rust names; the AWSEvent wrapper is named after its detail
        let mut names: BTreeMap<String, String> = defs
            .iter()
            .map(|(p, n, _)| (p.clone(), rust_type_name(n)))
            .collect();
        let mut wrappers: BTreeMap<String, String> = BTreeMap::new(); // pointer -> detail name
        for (pointer, name, schema) in &defs {
            let marked = schema.get("x-amazon-events-source").is_some()
                || schema.get("x-amazon-events-detail-type").is_some();
            let wrapper =
                (name == "AWSEvent" || (pointer.is_empty() && marked)) && is_aws_event(schema);
            if !wrapper {
                continue;
            }
            let detail = &schema["properties"]["detail"];
            let detail_name = match detail.get("$ref").and_then(Value::as_str) {
                Some(r) => match self.local_target(r, format, root_is_type) {
                    Some(target) => names.get(&target).cloned().ok_or_else(|| {
                        Error::new(
                            path,
                            format!("#{pointer}/properties/detail/$ref: unresolved `$ref` `{r}`: no such definition in this file"),
                        )
                    })?,
                    None => {
                        return Err(Error::new(
                            path,
                            format!("#{pointer}/properties/detail/$ref: unsupported `$ref` `{r}`: the `detail` of the `AWSEvent` wrapper must point at a whole definition of this file; move the detail type into this file"),
                        ))
                    }
                },
                None => {
                    let base = schema
                        .get("x-amazon-events-detail-type")
                        .and_then(Value::as_str)
                        .unwrap_or(&file_stem);
                    format!("{}Detail", rust_type_name(base))
                }
            };
            names.insert(pointer.clone(), format!("{detail_name}Event"));
            wrappers.insert(pointer.clone(), detail_name);
        }
        let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
        if !wrappers.is_empty() {
            owner.insert(
                ENVELOPE_NAME,
                "the EventBridge envelope added for `AWSEvent`",
            );
        }
        for (pointer, detail) in &wrappers {
            if defs
                .iter()
                .all(|(p, _, s)| p != pointer || s["properties"]["detail"].get("$ref").is_some())
            {
                continue;
            }
            // an inline detail becomes its own definition
            owner.insert(detail.as_str(), pointer.as_str());
        }
        for (pointer, name) in &names {
            if let Some(other) = owner.insert(name.as_str(), pointer.as_str()) {
                let show = |p: &str| {
                    if p.starts_with("the ") {
                        p.to_string()
                    } else {
                        format!("`#{p}`")
                    }
                };
                return Err(Error::new(
                    path,
                    format!(
                        "name collision: {} and {} both become the Rust type `{name}`; rename one",
                        show(other),
                        show(pointer)
                    ),
                ));
            }
        }

        // 3. check and rewrite every definition
        let mut out = Map::new();
        for (pointer, _, schema) in &defs {
            check_extensions(path, schema, pointer, Depth::Definition)?;
            let name = names[pointer].clone();
            let mut ctx = Walk {
                path,
                format,
                root_is_type,
                names: &names,
                loader: self,
            };
            let mut converted = ctx.schema(schema, pointer)?;
            if let Some(detail_name) = wrappers.get(pointer) {
                let source = schema.get("x-amazon-events-source").and_then(Value::as_str);
                let detail_type = schema
                    .get("x-amazon-events-detail-type")
                    .and_then(Value::as_str);
                let mut detail = converted["properties"]["detail"].clone();
                if detail.get("$ref").is_none() {
                    out.insert(detail_name.clone(), detail);
                    detail = json!({"$ref": format!("#/$defs/{detail_name}")});
                }
                converted = envelope_with_detail(detail, source, detail_type);
            }
            out.insert(name, converted);
        }
        if !wrappers.is_empty() {
            let shared: Value =
                serde_json::from_str(EVENTBRIDGE_SCHEMA).expect("bundled envelope schema parses");
            out.insert(
                ENVELOPE_NAME.to_string(),
                shared["$defs"][ENVELOPE_NAME].clone(),
            );
        }
        let pointer_of: BTreeMap<&str, &str> = names
            .iter()
            .map(|(p, n)| (n.as_str(), p.as_str()))
            .collect();
        check_inline_names(path, &out, &pointer_of)?;
        if self.options.open_enums == OpenEnums::All {
            open_all_enums(path, &mut out)?;
        }

        let mut doc = Map::new();
        let (title, description) = if format == InputFormat::OpenApi3 {
            (raw.pointer("/info/title"), raw.pointer("/info/description"))
        } else {
            (root.get("title"), root.get("description"))
        };
        if let Some(Value::String(t)) = title {
            doc.insert("title".into(), Value::String(t.clone()));
        }
        if let Some(Value::String(d)) = description {
            doc.insert("description".into(), Value::String(d.clone()));
        }
        doc.insert("$defs".into(), Value::Object(out));
        Ok(Canonical {
            format,
            doc: Value::Object(doc),
            names,
        })
    }

    /// The pointer (as in [`Canonical::names`]) a local `$ref` points at, if it has the shape
    /// of a definition reference.
    fn local_target(
        &self,
        reference: &str,
        format: InputFormat,
        root_is_type: bool,
    ) -> Option<String> {
        let fragment = reference.strip_prefix('#')?;
        if fragment.is_empty() {
            return root_is_type.then(String::new);
        }
        let segments: Vec<String> = fragment
            .strip_prefix('/')?
            .split('/')
            .map(unescape)
            .collect();
        let ok = match (format, segments.as_slice()) {
            (InputFormat::OpenApi3, [c, s, _]) => c == "components" && s == "schemas",
            (InputFormat::OpenApi3, _) => false,
            (_, [c, _]) => c == "definitions" || c == "$defs",
            _ => false,
        };
        ok.then(|| {
            segments
                .iter()
                .map(|s| format!("/{}", escape(s)))
                .collect::<String>()
        })
    }
}

/// Whether typify gives `schema` (not a `$ref`) a type of its own, named after where it sits.
fn gets_named_type(schema: &Value) -> bool {
    schema.get("$ref").is_none()
        && [
            "properties",
            "enum",
            "oneOf",
            "anyOf",
            "allOf",
            "minLength",
            "maxLength",
            "pattern",
        ]
        .iter()
        .any(|k| schema.get(k).is_some())
}

/// typify names an inline type `<Type><Property>` (`<Type><Property>Item` for array items); when
/// a definition already has that name, typify silently uses the definition instead. Refuse.
fn check_inline_names(
    path: &Path,
    defs: &Map<String, Value>,
    pointer_of: &BTreeMap<&str, &str>,
) -> Result<()> {
    fn walk(
        path: &Path,
        defs: &Map<String, Value>,
        pointer_of: &BTreeMap<&str, &str>,
        type_name: &str,
        schema: &Value,
        at: &str,
    ) -> Result<()> {
        let Some(Value::Object(props)) = schema.get("properties") else {
            return Ok(());
        };
        for (prop, s) in props {
            let here = format!("{at}/properties/{}", escape(prop));
            let base = format!("{type_name}{}", rust_type_name(prop));
            let mut candidates = vec![(base.clone(), s, here.clone())];
            if let Some(items) = s.get("items") {
                candidates.push((format!("{base}Item"), items, format!("{here}/items")));
            }
            for (name, inner, inner_at) in candidates {
                if !gets_named_type(inner) {
                    continue;
                }
                if defs.contains_key(&name) {
                    let def = pointer_of
                        .get(name.as_str())
                        .map(|p| format!("`#{p}`"))
                        .unwrap_or_else(|| format!("`{name}`"));
                    return Err(Error::new(
                        path,
                        format!("#{inner_at}: name collision: this inline type would be named `{name}`, like the definition {def}; move it into a definition of its own (and `$ref` it)"),
                    ));
                }
                walk(path, defs, pointer_of, &name, inner, &inner_at)?;
            }
        }
        Ok(())
    }
    for (name, def) in defs {
        let at = pointer_of.get(name.as_str()).copied().unwrap_or_default();
        walk(path, defs, pointer_of, name, def, at)?;
    }
    Ok(())
}

/// `<Detail>Event`: the shared EventBridge envelope with a typed `detail`.
fn envelope_with_detail(detail: Value, source: Option<&str>, detail_type: Option<&str>) -> Value {
    let mut description =
        String::from("An EventBridge event: the envelope with its typed `detail`.");
    match (source, detail_type) {
        (Some(s), Some(t)) => description.push_str(&format!(" Source `{s}`, detail type `{t}`.")),
        (Some(s), None) => description.push_str(&format!(" Source `{s}`.")),
        (None, Some(t)) => description.push_str(&format!(" Detail type `{t}`.")),
        (None, None) => {}
    }
    json!({
        "description": description,
        "allOf": [
            {"$ref": format!("#/$defs/{ENVELOPE_NAME}")},
            {
                "type": "object",
                "required": ["detail"],
                "properties": {"detail": detail}
            }
        ]
    })
}

/// [`OpenEnums::All`]: marks every string-enum definition open, and hoists inline string enums
/// of definition properties (and of their array items) into definitions `<Type><Property>`.
fn open_all_enums(path: &Path, defs: &mut Map<String, Value>) -> Result<()> {
    fn is_string_enum(s: &Value) -> bool {
        let typed = match s.get("type") {
            None => true,
            Some(Value::String(t)) => t == "string",
            _ => false,
        };
        typed
            && s.get("enum")
                .and_then(Value::as_array)
                .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_string))
    }
    fn mark(s: &mut Value) {
        if let Value::Object(o) = s {
            o.insert("type".into(), Value::String("string".into()));
            o.insert(OPEN_ENUM_KEY.into(), Value::Bool(true));
        }
    }
    let mut hoisted: Vec<(String, String, Value)> = Vec::new(); // (name, at, schema)
    for (def_name, def) in defs.iter_mut() {
        if is_string_enum(def) {
            mark(def);
            continue;
        }
        let Some(Value::Object(props)) = def.get_mut("properties") else {
            continue;
        };
        for (prop, schema) in props.iter_mut() {
            let base = format!("{def_name}{}", rust_type_name(prop));
            let at = format!("$defs/{def_name}/properties/{}", escape(prop));
            if is_string_enum(schema) {
                let mut e = std::mem::replace(schema, json!({"$ref": format!("#/$defs/{base}")}));
                mark(&mut e);
                hoisted.push((base, at, e));
            } else if let Some(items) = schema.get_mut("items").filter(|i| is_string_enum(i)) {
                let name = format!("{base}Item");
                let mut e = std::mem::replace(items, json!({"$ref": format!("#/$defs/{name}")}));
                mark(&mut e);
                hoisted.push((name, format!("{at}/items"), e));
            }
        }
    }
    for (name, at, schema) in hoisted {
        if defs.contains_key(&name) {
            return Err(Error::new(
                path,
                format!("name collision: the inline enum at `{at}` would become the open enum `{name}`, which is also a definition; give the enum a definition of its own"),
            ));
        }
        defs.insert(name, schema);
    }
    Ok(())
}

struct Walk<'w, 'a> {
    path: &'w Path,
    format: InputFormat,
    root_is_type: bool,
    names: &'w BTreeMap<String, String>,
    loader: &'w mut Loader<'a>,
}

impl Walk<'_, '_> {
    fn err(&self, at: &str, message: impl std::fmt::Display) -> Error {
        Error::new(self.path, format!("#{at}: {message}"))
    }

    /// Checks and rewrites the schema found at pointer `at`.
    fn schema(&mut self, value: &Value, at: &str) -> Result<Value> {
        let obj = match value {
            Value::Object(obj) => obj,
            Value::Bool(true) => return Ok(json!({})),
            Value::Bool(false) => {
                return Err(self.err(
                    at,
                    "the schema `false` accepts nothing; it has no Rust type",
                ))
            }
            _ => return Err(self.err(at, "a schema must be an object")),
        };
        self.check_shape(obj, at)?;
        let mut out = Map::new();
        let nullable =
            self.format == InputFormat::OpenApi3 && obj.get("nullable") == Some(&Value::Bool(true));
        for (key, v) in obj {
            let here = format!("{at}/{}", escape(key));
            if let Some((_, why)) = UNSUPPORTED.iter().find(|(k, _)| k == key) {
                return Err(self.err(&here, format!("unsupported keyword `{key}`: {why}")));
            }
            if DROPPED.contains(&key.as_str())
                || (key.starts_with("x-")
                    && key != OPEN_ENUM_KEY
                    && key != RUST_NAME_KEY
                    && key != BOXED_KEY)
            {
                continue;
            }
            match key.as_str() {
                "definitions" | "$defs" => {
                    return Err(self.err(&here, "definitions nested inside a definition are not supported; move them to the root"));
                }
                "$ref" => {
                    let r = v
                        .as_str()
                        .ok_or_else(|| self.err(&here, "`$ref` is not a string"))?;
                    out.insert(key.clone(), Value::String(self.reference(r, &here)?));
                }
                "nullable" => {}
                "const" => match v {
                    Value::String(_) => {
                        out.insert("enum".into(), json!([v]));
                        if !obj.contains_key("type") {
                            out.insert("type".into(), json!("string"));
                        }
                    }
                    _ => {
                        return Err(self.err(
                            &here,
                            "unsupported keyword `const` with a non-string value; use `enum` or a plain type",
                        ))
                    }
                },
                "additionalProperties" | "unevaluatedProperties" if v == &Value::Bool(false) => {
                    // generated types always ignore unknown keys (forward compatible)
                }
                "unevaluatedProperties" => {
                    return Err(self.err(&here, "unsupported keyword `unevaluatedProperties`: use `additionalProperties`"))
                }
                "exclusiveMinimum" | "exclusiveMaximum" if v.is_boolean() => {
                    // draft-04: a flag on `minimum`/`maximum`
                    if v == &Value::Bool(true) {
                        let bound = if key == "exclusiveMinimum" { "minimum" } else { "maximum" };
                        if let Some(n) = obj.get(bound) {
                            out.insert(key.clone(), n.clone());
                        }
                    }
                }
                "minimum" | "maximum" => {
                    let flag = if key == "minimum" { "exclusiveMinimum" } else { "exclusiveMaximum" };
                    if obj.get(flag) != Some(&Value::Bool(true)) {
                        out.insert(key.clone(), v.clone());
                    }
                }
                "format" => {
                    if let Some(f) = self.format_keyword(v, &here)? {
                        out.insert(key.clone(), Value::String(f));
                    }
                }
                "anyOf" | "oneOf" | "allOf" => {
                    let Value::Array(branches) = v else {
                        return Err(self.err(&here, format!("`{key}` must be an array")));
                    };
                    let mut converted = Vec::new();
                    for (i, b) in branches.iter().enumerate() {
                        let bat = format!("{here}/{i}");
                        if key != "allOf" && is_plain_string(b) && !is_optional_pair(branches) {
                            return Err(self.err(&bat, format!("a union (`{key}`) with a plain string branch decodes badly; use one string type, an enum, or an open enum")));
                        }
                        converted.push(self.schema(b, &bat)?);
                    }
                    out.insert(key.clone(), Value::Array(converted));
                }
                "properties" => {
                    let Value::Object(props) = v else {
                        return Err(self.err(&here, "`properties` must be an object"));
                    };
                    let mut converted = Map::new();
                    for (p, s) in props {
                        converted.insert(p.clone(), self.schema(s, &format!("{here}/{}", escape(p)))?);
                    }
                    out.insert(key.clone(), Value::Object(converted));
                }
                "items" if v.is_array() => {
                    return Err(self.err(&here, "unsupported tuple `items` (an array of schemas); use one schema for every item"));
                }
                "items" => {
                    out.insert(key.clone(), self.schema(v, &here)?);
                }
                "additionalProperties" | "additionalItems" => {
                    out.insert(key.clone(), self.schema(v, &here)?);
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if nullable {
            make_nullable(&mut out);
        }
        Ok(Value::Object(out))
    }

    /// Shapes typify 0.8 panics on or turns into code that does not compile.
    fn check_shape(&self, obj: &Map<String, Value>, at: &str) -> Result<()> {
        if let Some(Value::Array(types)) = obj.get("type") {
            if types.is_empty() {
                return Err(self.err(
                    &format!("{at}/type"),
                    "an empty `type` list has no Rust type",
                ));
            }
        }
        if let Some(values) = obj.get("enum") {
            let Value::Array(values) = values else {
                return Err(self.err(&format!("{at}/enum"), "`enum` must be an array"));
            };
            let kinds: BTreeSet<&str> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| match v {
                    Value::String(_) => "string",
                    Value::Number(_) => "number",
                    Value::Bool(_) => "boolean",
                    Value::Array(_) => "array",
                    _ => "object",
                })
                .collect();
            if kinds.is_empty() {
                return Err(self.err(
                    &format!("{at}/enum"),
                    "an `enum` without values has no Rust type",
                ));
            }
            if kinds.len() == 1
                && kinds.contains("string")
                && obj.get(OPEN_ENUM_KEY).is_none()
                && self.loader.options.open_enums == OpenEnums::Marked
            {
                let mut seen: BTreeMap<String, &str> = BTreeMap::new();
                for v in values.iter().filter_map(Value::as_str) {
                    let variant = crate::open_enum::variant_name(v);
                    if v.chars().all(|c| !c.is_ascii_alphanumeric()) {
                        return Err(self.err(&format!("{at}/enum"), format!("the value `{v}` cannot become an enum variant; make the enum open (`\"{OPEN_ENUM_KEY}\": true` on a definition, or `--open-enums all`) or use a plain string")));
                    }
                    if let Some(other) = seen.insert(variant.clone(), v) {
                        return Err(self.err(&format!("{at}/enum"), format!("name collision: the values `{other}` and `{v}` both become the variant `{variant}`; use a plain string")));
                    }
                }
            }
            if kinds.len() > 1 {
                return Err(self.err(
                    &format!("{at}/enum"),
                    format!(
                        "an `enum` mixing {} values is not supported; use values of one type",
                        kinds.into_iter().collect::<Vec<_>>().join(" and ")
                    ),
                ));
            }
        }
        if let Some(Value::Object(props)) = obj.get("properties") {
            let mut fields: BTreeMap<String, &str> = BTreeMap::new();
            for (name, schema) in props {
                let field = schema
                    .get(RUST_NAME_KEY)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| name.to_snake_case());
                if let Some(other) = fields.insert(field.clone(), name) {
                    return Err(self.err(
                        &format!("{at}/properties"),
                        format!("name collision: properties `{other}` and `{name}` both become the field `{field}`; give one an `\"{RUST_NAME_KEY}\": \"<snake_case name>\"`"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn format_keyword(&self, v: &Value, at: &str) -> Result<Option<String>> {
        let f = v
            .as_str()
            .ok_or_else(|| self.err(at, "`format` is not a string"))?;
        if let Some(o) = self.loader.options.formats.iter().find(|o| o.format == f) {
            return Ok(o.rust_type.as_ref().map(|_| f.to_string()));
        }
        if FORMATS.iter().any(|m| m.format == f) || KEPT_FORMATS.contains(&f) {
            return Ok(Some(f.to_string()));
        }
        if let Some((_, ty)) = CRATE_FORMATS.iter().find(|(c, _)| *c == f) {
            return Err(self.err(
                at,
                format!("format `{f}` needs a mapping: `--format {f}=String` (Builder: `.format(\"{f}\", \"String\")`) keeps it a string, `--format {f}={ty}` uses that type (add its crate with the serde feature)"),
            ));
        }
        // other formats (email, uri, hostname, byte, ...) are annotations: a plain string
        Ok(None)
    }

    /// The canonical form of a `$ref`, or an error naming it.
    fn reference(&mut self, r: &str, at: &str) -> Result<String> {
        let (file, fragment) = match r.split_once('#') {
            Some((f, frag)) => (f, format!("#{frag}")),
            None => (r, "#".to_string()),
        };
        if file.is_empty() {
            let Some(target) = self
                .loader
                .local_target(&fragment, self.format, self.root_is_type)
            else {
                return Err(self.err(at, format!("unsupported `$ref` `{r}`: only references to whole definitions (`#/definitions/<Name>`, `#/$defs/<Name>`, `#/components/schemas/<Name>`, `#`) and to definitions of other files work")));
            };
            return match self.names.get(&target) {
                Some(name) => Ok(format!("#/$defs/{name}")),
                None => Err(self.err(
                    at,
                    format!("unresolved `$ref` `{r}`: no such definition in this file"),
                )),
            };
        }
        if file.contains("://") || file.starts_with('/') {
            return Err(self.err(
                at,
                format!("unresolved `$ref` `{r}`: only relative file references are followed"),
            ));
        }
        let target_path = self.path.parent().unwrap_or(Path::new(".")).join(file);
        if !target_path.is_file() {
            return Err(self.err(
                at,
                format!("unresolved `$ref` `{r}`: no file {}", target_path.display()),
            ));
        }
        let key = target_path
            .canonicalize()
            .unwrap_or_else(|_| target_path.clone());
        if self.loader.active.contains(&key) {
            return Err(self.err(
                at,
                format!("unsupported `$ref` `{r}`: {file} is still being read, the files reference each other in a cycle; move the shared definitions into one file"),
            ));
        }
        let other = self.loader.load(&target_path)?;
        let target = self
            .loader
            .local_target(&fragment, other.format, other.names.contains_key(""))
            .ok_or_else(|| self.err(at, format!("unsupported `$ref` `{r}`: it must point at a whole definition of that file")))?;
        match other.names.get(&target) {
            Some(name) => Ok(format!("{file}#/$defs/{name}")),
            None => Err(self.err(
                at,
                format!("unresolved `$ref` `{r}`: no such definition in {file}"),
            )),
        }
    }
}

/// `[X, {"type": "null"}]`: an optional `X`, not a real union.
pub(crate) fn is_optional_pair(branches: &[Value]) -> bool {
    branches.len() == 2 && branches.iter().any(|b| b == &json!({"type": "null"}))
}

/// `x-open-enum` only on a definition, `x-rust-name` and `x-boxed` only on a property of one.
fn check_extensions(path: &Path, value: &Value, at: &str, depth: Depth) -> Result<()> {
    match value {
        Value::Object(obj) => {
            for (key, v) in obj {
                let here = format!("{at}/{}", escape(key));
                if key == OPEN_ENUM_KEY && depth != Depth::Definition {
                    return Err(Error::new(path, format!("#{here}: `{OPEN_ENUM_KEY}` only on a definition; give the enum a definition of its own")));
                }
                if key == RUST_NAME_KEY && depth != Depth::Property {
                    return Err(Error::new(
                        path,
                        format!("#{here}: `{RUST_NAME_KEY}` only on a property of a definition"),
                    ));
                }
                if key == BOXED_KEY && depth != Depth::Property {
                    return Err(Error::new(
                        path,
                        format!("#{here}: `{BOXED_KEY}` only on a property of a definition"),
                    ));
                }
                if key == "properties" {
                    if let Value::Object(props) = v {
                        let inner = if depth == Depth::Definition {
                            Depth::Property
                        } else {
                            Depth::Deeper
                        };
                        for (p, s) in props {
                            check_extensions(path, s, &format!("{here}/{}", escape(p)), inner)?;
                        }
                    }
                } else if !["enum", "default", "examples", "example", "const"]
                    .contains(&key.as_str())
                {
                    check_extensions(path, v, &here, Depth::Deeper)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_extensions(path, v, &format!("{at}/{i}"), Depth::Deeper)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Depth {
    Definition,
    Property,
    Deeper,
}

fn is_plain_string(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    }
}

/// OpenAPI 3.0 `nullable: true` → a `null`-accepting JSON Schema.
fn make_nullable(schema: &mut Map<String, Value>) {
    if schema.contains_key("$ref") {
        let r = schema.remove("$ref").expect("checked");
        schema.insert("anyOf".into(), json!([{"$ref": r}, {"type": "null"}]));
        return;
    }
    match schema.get("type").cloned() {
        Some(Value::String(t))
            if !schema.contains_key("format") && !schema.contains_key("enum") =>
        {
            schema.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::String(_)) => {
            let mut inner = Map::new();
            for k in ["type", "format", "enum"] {
                if let Some(v) = schema.remove(k) {
                    inner.insert(k.into(), v);
                }
            }
            schema.insert("anyOf".into(), json!([inner, {"type": "null"}]));
        }
        _ => {}
    }
}
