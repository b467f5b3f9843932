//! This repository's generation: `schemas/shared/*.json` once into `generated/shared/`, each
//! family into `generated/<family>.rs`, re-exporting the shared types it uses.
//!
//! A shared definition is one Rust type, whatever family reaches it: families refer to it through
//! typify's replacements (by its bare name, which the family module brings in with a
//! `pub use super::shared::<file>::<Name>`), so `apigw::IamPolicyDocument` and
//! `iot::IamPolicyDocument` are the same type. A shared module holds only the definitions some
//! family reaches and is compiled only with the features of those families.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bundle::{bundle_with, read_json};
use crate::error::{Error, Result};
use crate::options::{Options, Replacement};
use crate::{family_name, lint_schema, render, schema_files, GENERATED_DIR};

/// Directory of the shared modules, below [`GENERATED_DIR`].
pub const SHARED_DIR: &str = "shared";

/// One schema file read and checked.
struct Schema {
    /// Family name or shared file stem.
    name: String,
    path: PathBuf,
    raw: Value,
}

impl Schema {
    fn read(path: &Path, name: String) -> Result<Self> {
        let raw = read_json(path)?;
        lint_schema(path, &raw)?;
        Ok(Self {
            name,
            path: path.to_path_buf(),
            raw,
        })
    }

    fn def_names(&self) -> BTreeSet<String> {
        defs(&self.raw).keys().cloned().collect()
    }
}

fn defs(schema: &Value) -> serde_json::Map<String, Value> {
    match schema.get("$defs") {
        Some(Value::Object(defs)) => defs.clone(),
        _ => serde_json::Map::new(),
    }
}

/// Generates every module from the schemas in `schemas_dir` (see [`crate::generate`]).
pub fn generate(schemas_dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let shared_dir = schemas_dir.join(SHARED_DIR);
    let mut shared = Vec::new();
    if shared_dir.is_dir() {
        for path in schema_files(&shared_dir)? {
            let name = family_name(&path)?;
            shared.push(Schema::read(&path, name)?);
        }
    }
    let mut families = Vec::new();
    for path in schema_files(schemas_dir)? {
        let name = family_name(&path)?;
        families.push(Schema::read(&path, name)?);
    }
    // names are global: a shared name says which shared file owns it
    let mut owner: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut shared_file_of: BTreeMap<String, String> = BTreeMap::new();
    for schema in shared.iter().chain(&families) {
        for name in schema.def_names() {
            if let Some(other) = owner.insert(name.clone(), schema.path.clone()) {
                return Err(Error::new(
                    &schema.path,
                    format!(
                        "definition `{name}` is also defined in {}: names must be globally unique",
                        other.display()
                    ),
                ));
            }
        }
    }
    for schema in &shared {
        for name in schema.def_names() {
            shared_file_of.insert(name, schema.name.clone());
        }
    }
    let mut load = |file: &Path| read_json(file);
    // families first: which shared definitions each reaches
    let mut bundled_families = Vec::new();
    // shared file -> (definitions reached, families reaching it)
    let mut reached: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for family in &families {
        let bundled = bundle_with(family.raw.clone(), &family.path, &mut load)?;
        let used: BTreeSet<String> = defs(&bundled)
            .keys()
            .filter(|n| shared_file_of.contains_key(*n))
            .cloned()
            .collect();
        for name in &used {
            let entry = reached.entry(shared_file_of[name].clone()).or_default();
            entry.0.insert(name.clone());
            entry.1.insert(family.name.clone());
        }
        bundled_families.push((family, bundled, used));
    }
    let mut out = Vec::new();
    // shared modules, each after the shared modules it refers to
    let mut defaults: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<&Schema> = shared
        .iter()
        .filter(|s| reached.contains_key(&s.name))
        .collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut shared_structs: BTreeMap<String, syn::ItemStruct> = BTreeMap::new();
    let mut shared_mods: Vec<(String, BTreeSet<String>)> = Vec::new();
    while !pending.is_empty() {
        let mut progressed = false;
        let mut rest = Vec::new();
        for schema in pending {
            let (names, users) = &reached[&schema.name];
            let mut root = schema.raw.clone();
            let kept: serde_json::Map<String, Value> = defs(&schema.raw)
                .into_iter()
                .filter(|(n, _)| names.contains(n))
                .collect();
            root["$defs"] = Value::Object(kept);
            let bundled = bundle_with(root, &schema.path, &mut load)?;
            let external: BTreeSet<String> = defs(&bundled)
                .keys()
                .filter(|n| !names.contains(*n))
                .cloned()
                .collect();
            if external.iter().any(|n| !done.contains(&shared_file_of[n])) {
                rest.push(schema);
                continue;
            }
            let source = format!("schemas/{SHARED_DIR}/{}.json", schema.name);
            let (code, file) = module(
                &bundled,
                &source,
                &external,
                &shared_file_of,
                &defaults,
                &shared_structs,
                false,
            )?;
            collect_defaults(&file, &mut defaults);
            for item in file.items {
                if let syn::Item::Struct(s) = item {
                    shared_structs.insert(s.ident.to_string(), s);
                }
            }
            out.push((
                PathBuf::from(GENERATED_DIR)
                    .join(SHARED_DIR)
                    .join(format!("{}.rs", schema.name)),
                code,
            ));
            done.insert(schema.name.clone());
            shared_mods.push((schema.name.clone(), users.clone()));
            progressed = true;
        }
        if !progressed {
            let names: Vec<String> = rest.iter().map(|s| s.name.clone()).collect();
            return Err(Error::new(
                &shared_dir,
                format!("shared schemas refer to each other in a cycle: {names:?}"),
            ));
        }
        pending = rest;
    }
    let mut listed = Vec::new();
    let mut rules = Vec::new();
    for (family, bundled, used) in &bundled_families {
        rules.extend(crate::detect::rules_of(
            &family.path,
            Some(&family.name),
            &family.raw,
        )?);
        let source = format!("schemas/{}.json", family.name);
        let (code, _) = module(
            bundled,
            &source,
            used,
            &shared_file_of,
            &defaults,
            &shared_structs,
            true,
        )?;
        out.push((
            PathBuf::from(GENERATED_DIR).join(format!("{}.rs", family.name)),
            code,
        ));
        listed.push((family.name.clone(), family.raw.clone()));
    }
    shared_mods.sort();
    let shared_docs: Vec<(String, Option<String>)> = shared_mods
        .iter()
        .map(|(name, _)| {
            let title = shared
                .iter()
                .find(|s| &s.name == name)
                .and_then(|s| s.raw.get("title"))
                .and_then(Value::as_str)
                .map(str::to_string);
            (name.clone(), title)
        })
        .collect();
    out.push((
        PathBuf::from(GENERATED_DIR).join(SHARED_DIR).join("mod.rs"),
        render::shared_mod_rs(&shared_mods, &shared_docs)?,
    ));
    for schema in &shared {
        for rule in crate::detect::rules_of(&schema.path, None, &schema.raw)? {
            // the family must exist and re-export the type
            let reexported = bundled_families
                .iter()
                .any(|(f, _, used)| f.name == rule.family() && used.contains(rule.type_name()));
            if !reexported {
                return Err(Error::new(
                    &schema.path,
                    format!(
                        "$defs/{}/x-detect/family: family `{}` does not use this definition",
                        rule.type_name(),
                        rule.family()
                    ),
                ));
            }
            rules.push(rule);
        }
    }
    crate::detect::sort_rules(&mut rules)?;
    out.push((
        PathBuf::from(GENERATED_DIR).join("detection.rs"),
        render::detection_rs(&crate::detect::detection_rs(&rules))?,
    ));
    out.push((
        PathBuf::from(GENERATED_DIR).join("mod.rs"),
        render::mod_rs(&listed)?,
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Generates one module; the `external` definitions come from shared modules (replaced by
/// their bare names and imported: `pub use` in a family, so its existing paths keep working).
fn module(
    bundled: &Value,
    source: &str,
    external: &BTreeSet<String>,
    shared_file_of: &BTreeMap<String, String>,
    defaults: &BTreeSet<String>,
    shared_structs: &BTreeMap<String, syn::ItemStruct>,
    reexport: bool,
) -> Result<(String, syn::File)> {
    let mut options = Options::workspace();
    for name in external {
        options.replacements.push(Replacement {
            schema_name: name.clone(),
            rust_type: name.clone(),
            default: defaults.contains(name),
        });
    }
    let mut file = crate::generate_items(bundled, source, &options)?;
    let mut by_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for name in external {
        by_file
            .entry(shared_file_of[name].as_str())
            .or_default()
            .push(name.as_str());
    }
    let mut uses = Vec::new();
    for (shared_file, names) in by_file {
        let idents: Vec<syn::Ident> = names
            .iter()
            .map(|n| syn::Ident::new(n, proc_macro2::Span::call_site()))
            .collect();
        let home = syn::Ident::new(shared_file, proc_macro2::Span::call_site());
        let item: syn::Item = if reexport {
            syn::parse_quote! {
                #[doc(inline)]
                pub use super::shared::#home::{#(#idents),*};
            }
        } else {
            syn::parse_quote! { use super::#home::{#(#idents),*}; }
        };
        uses.push(item);
    }
    let conversions = base_conversions(bundled, &file, shared_structs);
    file.items.extend(conversions);
    file.items.splice(0..0, uses);
    let code = render::module(bundled, source, &file, &options)?;
    Ok((code, file))
}

/// Adds the names of the types of `file` that implement `Default`.
fn collect_defaults(file: &syn::File, defaults: &mut BTreeSet<String>) {
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if crate::postprocess::has_derive(&s.attrs, "Default") => {
                defaults.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) if crate::postprocess::has_derive(&e.attrs, "Default") => {
                defaults.insert(e.ident.to_string());
            }
            syn::Item::Impl(i) => {
                let is_default = i
                    .trait_
                    .as_ref()
                    .and_then(|(p, _)| p.segments.last())
                    .is_some_and(|s| s.ident == "Default");
                if let (true, syn::Type::Path(p)) = (is_default, &*i.self_ty) {
                    if let Some(seg) = p.path.segments.last() {
                        defaults.insert(seg.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

/// `impl From<Derived> for Base` for every definition written as `allOf: [{"$ref": Base},
/// {extension}]`: typify merges such a definition into one flat struct (fast to decode, same
/// field names as `Base`), so a function that takes the base type (the one `CloudTrailRecord`,
/// the one `EventBridgeEnvelope`) accepts the derived value through `.into()`. A field the
/// extension types more precisely than the base's free JSON is converted to JSON; when a field
/// cannot be carried over that way, no conversion is emitted.
fn base_conversions(
    bundled: &Value,
    file: &syn::File,
    shared_structs: &BTreeMap<String, syn::ItemStruct>,
) -> Vec<syn::Item> {
    let local: BTreeMap<String, &syn::ItemStruct> = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (name, def) in defs(bundled) {
        let Some(Value::Array(parts)) = def.get("allOf") else {
            continue;
        };
        let Some(base) = parts
            .first()
            .and_then(|p| p.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            continue;
        };
        let (Some(derived), Some(base_struct)) = (
            local.get(&name),
            local
                .get(base)
                .copied()
                .or_else(|| shared_structs.get(base)),
        ) else {
            continue;
        };
        if let Some(item) = conversion(derived, base_struct) {
            out.push(item);
        }
    }
    out
}

fn type_text(ty: &syn::Type) -> String {
    quote::quote!(#ty).to_string().replace(' ', "")
}

/// `impl From<derived> for base`, or `None` when a base field has no counterpart.
fn conversion(derived: &syn::ItemStruct, base: &syn::ItemStruct) -> Option<syn::Item> {
    let syn::Fields::Named(base_fields) = &base.fields else {
        return None;
    };
    let syn::Fields::Named(derived_fields) = &derived.fields else {
        return None;
    };
    let mut inits = Vec::new();
    for field in &base_fields.named {
        let ident = field.ident.as_ref()?;
        let other = derived_fields
            .named
            .iter()
            .find(|f| f.ident.as_ref() == Some(ident))?;
        let (want, have) = (type_text(&field.ty), type_text(&other.ty));
        let init: syn::Expr = if want == have {
            syn::parse_quote!(value.#ident)
        } else if want == "::std::option::Option<::serde_json::Value>"
            && have.starts_with("::std::option::Option<")
        {
            syn::parse_quote!(value.#ident.and_then(|v| ::serde_json::to_value(v).ok()))
        } else {
            return None;
        };
        inits.push(quote::quote!(#ident: #init));
    }
    let (d, b) = (&derived.ident, &base.ident);
    let doc = format!(
        " The [`{b}`] part of a [`{d}`]: every field it has (fields typed more precisely here become JSON again)."
    );
    Some(syn::parse_quote! {
        impl ::std::convert::From<#d> for #b {
            #[doc = #doc]
            fn from(value: #d) -> Self {
                Self { #(#inits),* }
            }
        }
    })
}
