//! Passes over typify's output (as a `syn` tree): `Default` derives and the catch-all field.
//!
//! These are generator settings applied to every schema, never edits of a generated file.

use std::collections::BTreeSet;

use quote::{quote, ToTokens};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Fields, Item, Token, Type};

use crate::options::{Gate, Options};
use crate::settings::{CATCH_ALL_FIELD, FORMATS};

/// Applies every pass to `file`; fails when a `...Response` type cannot derive `Default` (if
/// the options ask for that). `object_replacements`: the Rust types of replaced definitions
/// that are JSON objects (shared definitions, the user's own types).
pub fn postprocess(
    file: &mut syn::File,
    options: &Options,
    object_replacements: &[&str],
) -> Result<(), String> {
    derive_default(file, options)?;
    ListDecoders::new(file, &options.helpers_path, object_replacements).visit_file_mut(file);
    add_catch_all(file, &options.catch_all, &options.helpers_path)?;
    drop_unused_error_module(file);
    DocLines.visit_file_mut(file);
    Ok(())
}

/// The decode adapters of list and map fields, through `serde_with::As` (`deserialize_with`;
/// encoding is untouched):
/// - Optional means absent or `null` (schemas/README.md, fidelity policy): typify gives an
///   optional list or map a default (`#[serde(default, skip_serializing_if = "...::is_empty")]`)
///   instead of an `Option`, and a default alone refuses `null`. Every such field decodes
///   through `serde_with::DefaultOnNull`, so `null` decodes as empty (and, like absent, is not
///   written back).
/// - A list of structs (records, batch items) decodes through the helpers' `ObjectList`: room
///   for one element first, each element decoded straight into the list (bench `sam`: most
///   events carry one record of several hundred bytes).
struct ListDecoders {
    helpers: String,
    /// Paths of the structs decoded from JSON objects: those of the file (by name) and the
    /// replaced definitions that are objects (as written in the replacement).
    structs: BTreeSet<String>,
}

impl ListDecoders {
    fn new(file: &syn::File, helpers: &str, object_replacements: &[&str]) -> Self {
        let structs = file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Struct(s) if matches!(s.fields, Fields::Named(_)) => {
                    Some(s.ident.to_string())
                }
                _ => None,
            })
            .chain(
                object_replacements
                    .iter()
                    .map(|path| path.trim_start_matches("::").to_string()),
            )
            .collect();
        Self {
            helpers: helpers.to_string(),
            structs,
        }
    }

    /// Whether `attrs` hold typify's `default` + `skip_serializing_if = "...::is_empty"`.
    fn is_defaulted_container(attrs: &[syn::Attribute]) -> bool {
        attrs.iter().any(|a| {
            if !a.path().is_ident("serde") {
                return false;
            }
            let text = a.meta.to_token_stream().to_string();
            text.contains("default") && text.contains("is_empty")
        })
    }

    /// Whether `ty` is `Vec<S>` for a struct `S` of `structs`.
    fn is_list_of_structs(&self, ty: &Type) -> bool {
        let Type::Path(p) = ty else { return false };
        let Some(seg) = p.path.segments.last() else {
            return false;
        };
        if seg.ident != "Vec" {
            return false;
        }
        let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
            return false;
        };
        let Some(syn::GenericArgument::Type(Type::Path(item))) = args.args.first() else {
            return false;
        };
        let path: Vec<String> = item
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        item.qself.is_none() && self.structs.contains(&path.join("::"))
    }
}

impl VisitMut for ListDecoders {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        let Fields::Named(fields) = &mut item.fields else {
            return;
        };
        let h = &self.helpers;
        for field in fields.named.iter_mut() {
            let adapter = match (
                Self::is_defaulted_container(&field.attrs),
                self.is_list_of_structs(&field.ty),
            ) {
                (true, true) => format!("{h}::serde_with::DefaultOnNull<{h}::ObjectList>"),
                (true, false) => format!("{h}::serde_with::DefaultOnNull"),
                (false, true) => format!("{h}::ObjectList"),
                (false, false) => continue,
            };
            let with = format!("{h}::serde_with::As::<{adapter}>::deserialize");
            field
                .attrs
                .push(syn::parse_quote!(#[serde(deserialize_with = #with)]));
        }
    }
}

/// Rewrites typify's `#[doc = "text"]` attributes as one attribute per line with a leading
/// space, so they print as readable `/// text` lines instead of `///text` or `/** */` blocks.
struct DocLines;

impl DocLines {
    fn fix(attrs: &mut Vec<syn::Attribute>) {
        let mut out = Vec::with_capacity(attrs.len());
        for attr in attrs.drain(..) {
            let text = match &attr.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            };
            match text {
                Some(text) => {
                    for line in text.lines() {
                        let line = line.trim_end();
                        let line = if line.is_empty() || line.starts_with(' ') {
                            line.to_string()
                        } else {
                            format!(" {line}")
                        };
                        out.push(syn::parse_quote!(#[doc = #line]));
                    }
                }
                None => out.push(attr),
            }
        }
        *attrs = out;
    }
}

impl VisitMut for DocLines {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
        Self::fix(attrs);
    }
}

fn last_ident(path: &syn::Path) -> Option<String> {
    path.segments.last().map(|s| s.ident.to_string())
}

pub(crate) fn has_derive(attrs: &[syn::Attribute], name: &str) -> bool {
    derives(attrs)
        .iter()
        .any(|p| last_ident(p).as_deref() == Some(name))
}

fn derives(attrs: &[syn::Attribute]) -> Vec<syn::Path> {
    let parser = Punctuated::<syn::Path, Token![,]>::parse_terminated;
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .filter_map(|a| a.parse_args_with(parser).ok())
        .flat_map(|list| list.into_iter())
        .collect()
}

/// Whether a field of type `ty` can be defaulted, given the types known to be `Default`.
fn type_has_default(ty: &Type, defaults: &BTreeSet<String>) -> bool {
    let Type::Path(p) = ty else {
        return false;
    };
    let Some(seg) = p.path.segments.last() else {
        return false;
    };
    let name = seg.ident.to_string();
    match name.as_str() {
        "Option" | "Vec" | "BTreeMap" | "HashMap" | "Map" | "String" | "Value" | "bool" | "i8"
        | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64" => true,
        "Box" => match &seg.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().all(|a| match a {
                syn::GenericArgument::Type(t) => type_has_default(t, defaults),
                _ => true,
            }),
            _ => false,
        },
        other => defaults.contains(other) || FORMATS.iter().any(|f| f.rust_type == other),
    }
}

/// Derives `Default` on every struct whose fields all have a default (to a fixpoint), so users
/// can build values with `..Default::default()`.
fn derive_default(file: &mut syn::File, options: &Options) -> Result<(), String> {
    // replaced types declared `Default` count as such (by the last segment of their path)
    let mut defaults: BTreeSet<String> = options
        .replacements
        .iter()
        .filter(|r| r.default)
        .filter_map(|r| r.rust_type.rsplit("::").next().map(str::to_string))
        .collect();
    for item in &file.items {
        match item {
            Item::Struct(s) if has_derive(&s.attrs, "Default") => {
                defaults.insert(s.ident.to_string());
            }
            Item::Enum(e) if has_derive(&e.attrs, "Default") => {
                defaults.insert(e.ident.to_string());
            }
            Item::Impl(i) => {
                let is_default = i
                    .trait_
                    .as_ref()
                    .and_then(|(p, _)| last_ident(p))
                    .is_some_and(|n| n == "Default");
                if let (true, Type::Path(p)) = (is_default, &*i.self_ty) {
                    if let Some(n) = last_ident(&p.path) {
                        defaults.insert(n);
                    }
                }
            }
            _ => {}
        }
    }
    let explicit = defaults.clone();
    loop {
        let before = defaults.len();
        for item in &file.items {
            if let Item::Struct(s) = item {
                // newtypes with a hand-made `Deserialize` carry typify's validation
                // (`minLength`, `pattern`, ...): an empty default could break it
                if (matches!(s.fields, Fields::Named(_)) || has_derive(&s.attrs, "Deserialize"))
                    && s.fields.iter().all(|f| type_has_default(&f.ty, &defaults))
                {
                    defaults.insert(s.ident.to_string());
                }
            }
        }
        if defaults.len() == before {
            break;
        }
    }
    for item in &mut file.items {
        let Item::Struct(s) = item else { continue };
        let name = s.ident.to_string();
        if options.responses_must_default && name.ends_with("Response") && !defaults.contains(&name)
        {
            return Err(format!(
                "`{name}` cannot derive `Default` (a required field has no default): response types must be constructible with `..Default::default()`"
            ));
        }
        if !defaults.contains(&name) || explicit.contains(&name) {
            continue;
        }
        let mut paths = derives(&s.attrs);
        paths.push(syn::parse_quote!(Default));
        let at = s
            .attrs
            .iter()
            .position(|a| a.path().is_ident("derive"))
            .unwrap_or(0);
        s.attrs.retain(|a| !a.path().is_ident("derive"));
        s.attrs
            .insert(at, syn::parse_quote!(#[derive(#(#paths),*)]));
    }
    Ok(())
}

/// Removes typify's `pub mod error { pub struct ConversionError ... }` when no other item of
/// the module names `ConversionError` (typify emits it in every module; only `TryFrom`/`FromStr`
/// impls of closed enums and constrained strings use it).
fn drop_unused_error_module(file: &mut syn::File) {
    let is_error_module =
        |item: &Item| matches!(item, Item::Mod(m) if m.ident == "error" && m.content.is_some());
    let used = file
        .items
        .iter()
        .filter(|i| !is_error_module(i))
        .any(|item| quote!(#item).to_string().contains("ConversionError"));
    if !used {
        file.items.retain(|i| !is_error_module(i));
    }
}

/// Adds the `unknown_fields` map (`UnknownFields` from `helpers`, flattened with the
/// `catch-all-fields` feature) to every struct with named fields.
fn add_catch_all(file: &mut syn::File, gate: &Gate, helpers: &str) -> Result<(), String> {
    let ident = syn::Ident::new(CATCH_ALL_FIELD, proc_macro2::Span::call_site());
    // one pointer while empty (a `serde_json::Map` in each nested struct made every decoded
    // event larger to move and slower to drop: bench `sam`)
    let fields_type: Type = syn::parse_str(&format!("{helpers}::UnknownFields"))
        .map_err(|e| format!("helpers path `{helpers}`: {e}"))?;
    // With a feature the field exists with and without it, so the feature is additive: struct
    // literals compile either way. Without it the field is skipped by serde (always empty).
    let tokens = match gate {
        Gate::Never => return Ok(()),
        Gate::Always => quote! {
            /// Keys of the JSON object that the schema does not model, kept and written back.
            #[serde(flatten)]
            pub #ident: #fields_type
        },
        Gate::Feature(feature) => {
            let doc = format!(
                " Keys of the JSON object that this version does not model. Filled (and written back)\n only with the `{feature}` feature; otherwise unknown keys are ignored and this\n stays empty."
            );
            quote! {
                #[doc = #doc]
                #[cfg_attr(feature = #feature, serde(flatten))]
                #[cfg_attr(not(feature = #feature), serde(skip))]
                pub #ident: #fields_type
            }
        }
    };
    let field = syn::Field::parse_named
        .parse2(tokens)
        .map_err(|e| format!("catch-all field: {e}"))?;
    for item in &mut file.items {
        let Item::Struct(s) = item else { continue };
        if !has_derive(&s.attrs, "Deserialize") {
            continue;
        }
        let Fields::Named(named) = &mut s.fields else {
            continue;
        };
        // typify's map of an object's `additionalProperties` beside its `properties` already
        // keeps every other key: it gets a doc, and no second flattened map (both would take
        // every unknown key)
        if let Some(extra) = named.named.iter_mut().find(|f| {
            f.ident.as_ref().is_some_and(|i| i == "extra")
                && f.attrs
                    .iter()
                    .any(|a| quote!(#a).to_string().contains("flatten"))
        }) {
            if !extra.attrs.iter().any(|a| a.path().is_ident("doc")) {
                extra.attrs.insert(
                    0,
                    syn::parse_quote!(#[doc = " The object's other keys (the schema's `additionalProperties`), kept and written back."]),
                );
            }
            continue;
        }
        if named
            .named
            .iter()
            .any(|f| f.ident.as_ref().is_some_and(|i| i == CATCH_ALL_FIELD))
        {
            return Err(format!(
                "`{}` has a field `{CATCH_ALL_FIELD}`, which is reserved for the catch-all map",
                s.ident
            ));
        }
        named.named.push(field.clone());
    }
    Ok(())
}
