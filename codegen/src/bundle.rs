//! Bundling: copy definitions referenced from `schemas/shared/*.json` into a family schema.
//!
//! typify 0.8 panics on a `$ref` to another file, and the `jsonschema` validator would need a
//! retriever for them; both get a self-contained schema instead. A reference
//! `"shared/x.json#/$defs/Name"` becomes `"#/$defs/Name"` and the definition (with everything it
//! references in turn) is copied into the root `$defs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// Reads the schema at `path` and returns it with every cross-file reference bundled in.
///
/// References are resolved relative to the file that contains them. A bundled definition
/// whose name clashes with a different definition already present is an error.
pub fn bundle_schema_file(path: &Path) -> Result<Value> {
    bundle_with(read_json(path)?, path, &mut |file: &Path| read_json(file))
}

/// Bundles `root` (read from `path`); `load` reads the other files it references.
pub(crate) fn bundle_with(
    mut root: Value,
    path: &Path,
    load: &mut dyn FnMut(&Path) -> Result<Value>,
) -> Result<Value> {
    let base = path.to_path_buf();
    let mut defs = match root.get_mut("$defs") {
        Some(Value::Object(defs)) => std::mem::take(defs),
        Some(_) => return Err(Error::new(path, "`$defs` is not an object")),
        None => Map::new(),
    };
    // origin of each definition: the file it was written in
    let mut origin: BTreeMap<String, PathBuf> =
        defs.keys().map(|k| (k.clone(), base.clone())).collect();
    let mut pending: Vec<(PathBuf, String)> = Vec::new();
    for (name, def) in defs.iter_mut() {
        rewrite_refs(def, &base, &base, &mut pending)
            .map_err(|e| Error::new(path, format!("in `$defs/{name}`: {e}")))?;
    }
    let mut files: BTreeMap<PathBuf, Value> = BTreeMap::new();
    while let Some((file, name)) = pending.pop() {
        if let Some(seen) = origin.get(&name) {
            if same_file(seen, &file) {
                continue;
            }
            return Err(Error::new(
                path,
                format!(
                    "definition `{name}` from {} clashes with the one from {}",
                    file.display(),
                    seen.display()
                ),
            ));
        }
        if !files.contains_key(&file) {
            files.insert(file.clone(), load(&file)?);
        }
        let mut def = files[&file]
            .get("$defs")
            .and_then(|d| d.get(&name))
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    path,
                    format!(
                        "`$ref` to `{name}` in {}: no such definition",
                        file.display()
                    ),
                )
            })?;
        rewrite_refs(&mut def, &file, &base, &mut pending)
            .map_err(|e| Error::new(&file, format!("in `$defs/{name}`: {e}")))?;
        origin.insert(name.clone(), file);
        defs.insert(name, def);
    }
    let obj = root
        .as_object_mut()
        .ok_or_else(|| Error::new(path, "schema root is not an object"))?;
    obj.insert("$defs".to_string(), Value::Object(defs));
    Ok(root)
}

/// A schema that validates one definition of a bundled schema: the bundle with a root `$ref`.
pub fn definition_schema(bundled: &Value, name: &str) -> Value {
    let mut schema = bundled.clone();
    if let Some(obj) = schema.as_object_mut() {
        obj.remove("$id");
        obj.insert("$ref".to_string(), Value::String(format!("#/$defs/{name}")));
    }
    schema
}

pub(crate) fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::new(path, format!("read: {e}")))?;
    serde_json::from_str(&text).map_err(|e| Error::new(path, format!("parse JSON: {e}")))
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Rewrites every `$ref` in `value` (found in `file`) to a local `#/$defs/Name` and queues the
/// definitions that live in another file than `root`.
fn rewrite_refs(
    value: &mut Value,
    file: &Path,
    root: &Path,
    pending: &mut Vec<(PathBuf, String)>,
) -> std::result::Result<(), String> {
    match value {
        Value::Object(obj) => {
            if let Some(r) = obj.get_mut("$ref") {
                let Value::String(reference) = r else {
                    return Err("`$ref` is not a string".to_string());
                };
                let (target_file, fragment) = match reference.split_once('#') {
                    Some((f, frag)) => (f.to_string(), frag.to_string()),
                    None => return Err(format!("`$ref` `{reference}` has no `#/$defs/` fragment")),
                };
                let name = fragment
                    .strip_prefix("/$defs/")
                    .filter(|n| !n.is_empty() && !n.contains('/'))
                    .ok_or_else(|| format!("`$ref` `{reference}` must point at `#/$defs/<Name>`"))?
                    .to_string();
                let target = if target_file.is_empty() {
                    file.to_path_buf()
                } else {
                    file.parent().unwrap_or(Path::new(".")).join(&target_file)
                };
                if !same_file(&target, root) {
                    pending.push((target, name.clone()));
                }
                *r = Value::String(format!("#/$defs/{name}"));
            }
            for (_, v) in obj.iter_mut() {
                rewrite_refs(v, file, root, pending)?;
            }
        }
        Value::Array(items) => {
            for v in items {
                rewrite_refs(v, file, root, pending)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Drops the value lists of open enums (`"x-open-enum": true`) so the schema accepts any
/// string there, as the generated Rust types do. Useful to validate samples that may carry
/// values newer than the schema.
pub fn widen_open_enums(schema: &mut Value) {
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        for def in defs.values_mut() {
            if let Value::Object(obj) = def {
                if obj.contains_key(crate::OPEN_ENUM_KEY) {
                    obj.remove("enum");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write(dir: &Path, name: &str, value: Value) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, value.to_string()).unwrap();
        path
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("typed-lambda-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn bundles_referenced_definitions_transitively_and_only_those() {
        let dir = temp_dir("ok");
        write(
            &dir,
            "shared/a.json",
            json!({"$defs": {
                "Person": {"properties": {"home": {"$ref": "#/$defs/Address"}, "pet": {"$ref": "b.json#/$defs/Pet"}}},
                "Address": {"type": "object"},
                "Unused": {"type": "object"}
            }}),
        );
        write(
            &dir,
            "shared/b.json",
            json!({"$defs": {"Pet": {"type": "string"}}}),
        );
        let fam = write(
            &dir,
            "fam.json",
            json!({"$defs": {
                "Top": {"properties": {"p": {"$ref": "shared/a.json#/$defs/Person"}, "q": {"$ref": "#/$defs/Local"}}},
                "Local": {"type": "integer"}
            }}),
        );
        let bundled = bundle_schema_file(&fam).unwrap();
        let defs = bundled["$defs"].as_object().unwrap();
        let names: Vec<&str> = defs.keys().map(String::as_str).collect();
        assert_eq!(names, ["Address", "Local", "Person", "Pet", "Top"]);
        assert_eq!(
            bundled["$defs"]["Top"]["properties"]["p"]["$ref"],
            "#/$defs/Person"
        );
        assert_eq!(
            bundled["$defs"]["Person"]["properties"]["pet"]["$ref"],
            "#/$defs/Pet"
        );
        let one = definition_schema(&bundled, "Top");
        assert_eq!(one["$ref"], "#/$defs/Top");
    }

    #[test]
    fn clashes_and_missing_definitions_are_errors() {
        let dir = temp_dir("bad");
        write(
            &dir,
            "shared/a.json",
            json!({"$defs": {"Local": {"type": "string"}}}),
        );
        let fam = write(
            &dir,
            "fam.json",
            json!({"$defs": {
                "Top": {"properties": {"p": {"$ref": "shared/a.json#/$defs/Local"}}},
                "Local": {"type": "integer"}
            }}),
        );
        let err = bundle_schema_file(&fam).unwrap_err().to_string();
        assert!(err.contains("definition `Local` from"), "{err}");
        assert!(err.contains("clashes"), "{err}");

        let fam = write(
            &dir,
            "fam2.json",
            json!({"$defs": {
                "Top": {"properties": {"p": {"$ref": "shared/a.json#/$defs/Nope"}}}
            }}),
        );
        let err = bundle_schema_file(&fam).unwrap_err().to_string();
        assert!(err.contains("`$ref` to `Nope`"), "{err}");
        assert!(err.contains("no such definition"), "{err}");

        let fam = write(
            &dir,
            "fam3.json",
            json!({"$defs": {
                "Top": {"properties": {"p": {"$ref": "#/properties/x"}}}
            }}),
        );
        let err = bundle_schema_file(&fam).unwrap_err().to_string();
        assert!(err.contains("must point at `#/$defs/<Name>`"), "{err}");
    }

    #[test]
    fn widening_drops_only_open_enum_lists() {
        let mut schema = json!({"$defs": {
            "Open": {"type": "string", "enum": ["a"], "x-open-enum": true},
            "Closed": {"type": "string", "enum": ["b"]}
        }});
        widen_open_enums(&mut schema);
        assert!(schema["$defs"]["Open"].get("enum").is_none());
        assert_eq!(schema["$defs"]["Closed"]["enum"], json!(["b"]));
    }
}
