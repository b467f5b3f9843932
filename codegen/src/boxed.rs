//! `"x-boxed": true` on a property: the field holds its value behind a `Box`.
//!
//! For an object that only some records carry (S3's per-event-type data): the record stays small
//! to build, move and drop, and the rare part costs one allocation when it is there. typify
//! boxes only recursive types, so the mark is taken off before typify and the field's type is
//! wrapped after it (`Option<T>` becomes `Option<Box<T>>`, `T` becomes `Box<T>`).

use std::collections::BTreeSet;

use quote::ToTokens;
use serde_json::Value;
use syn::{GenericArgument, Item, PathArguments, Type};

use crate::{marks, BOXED_KEY};

/// `(definition, wire name)` of every boxed property.
pub type Boxed = BTreeSet<(String, String)>;

/// Takes `x-boxed` off every property of every `$defs` entry in `schema`, returning where it
/// was; fails on a value other than `true`/`false`.
pub fn take(schema: &mut Value) -> Result<Boxed, String> {
    let mut boxed = Boxed::new();
    for mark in marks::take(schema, BOXED_KEY) {
        match mark.value {
            Value::Bool(true) => {
                boxed.insert((mark.def, mark.wire));
            }
            Value::Bool(false) => {}
            _ => {
                return Err(format!(
                    "{}: `{BOXED_KEY}` must be true or false",
                    mark.path()
                ))
            }
        }
    }
    Ok(boxed)
}

/// Whether `field` is the one typify made of the property `wire`: a `rename` to it, or the
/// same name.
fn is_field_of(field: &syn::Field, wire: &str) -> bool {
    let renamed = format!("rename = \"{wire}\"");
    field.ident.as_ref().is_some_and(|i| i == wire)
        || field.attrs.iter().any(|a| {
            a.path().is_ident("serde") && a.meta.to_token_stream().to_string().contains(&renamed)
        })
}

/// `Option<T>` -> `Option<Box<T>>`, `T` -> `Box<T>`.
fn box_type(ty: &mut Type) {
    if let Type::Path(path) = ty {
        if let Some(last) = path.path.segments.last_mut() {
            if last.ident == "Option" {
                if let PathArguments::AngleBracketed(args) = &mut last.arguments {
                    if let Some(GenericArgument::Type(inner)) = args.args.first_mut() {
                        *inner = syn::parse_quote!(::std::boxed::Box<#inner>);
                        return;
                    }
                }
            }
        }
    }
    *ty = syn::parse_quote!(::std::boxed::Box<#ty>);
}

/// Boxes the fields of `boxed` in the generated structs; fails when one is not found.
pub fn apply(file: &mut syn::File, boxed: &Boxed) -> Result<(), String> {
    let mut done = 0;
    for item in &mut file.items {
        let Item::Struct(s) = item else { continue };
        let def = s.ident.to_string();
        for (_, wire) in boxed.iter().filter(|(d, _)| *d == def) {
            let Some(field) = s.fields.iter_mut().find(|f| is_field_of(f, wire)) else {
                continue;
            };
            box_type(&mut field.ty);
            done += 1;
        }
    }
    if done < boxed.len() {
        return Err(format!(
            "`{BOXED_KEY}`: {} of {} boxed properties not found in the generated structs",
            boxed.len() - done,
            boxed.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_the_option_or_the_type() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Rec {
                #[serde(rename = "rareData", skip_serializing_if = "::std::option::Option::is_none")]
                pub rare_data: ::std::option::Option<Rare>,
                pub always: Rare,
                pub other: ::std::option::Option<Rare>,
            }
        };
        let boxed: Boxed = [
            ("Rec".into(), "rareData".into()),
            ("Rec".into(), "always".into()),
        ]
        .into_iter()
        .collect();
        apply(&mut file, &boxed).unwrap();
        let text = file.to_token_stream().to_string().replace(' ', "");
        assert!(
            text.contains("pubrare_data:::std::option::Option<::std::boxed::Box<Rare>>"),
            "{text}"
        );
        assert!(text.contains("pubalways:::std::boxed::Box<Rare>"), "{text}");
        assert!(
            text.contains("pubother:::std::option::Option<Rare>"),
            "{text}"
        );
    }

    #[test]
    fn a_mark_without_its_field_or_not_a_bool_is_an_error() {
        let mut file: syn::File = syn::parse_quote! { pub struct Rec { pub a: A } };
        let boxed: Boxed = [("Rec".into(), "b".into())].into_iter().collect();
        let err = apply(&mut file, &boxed).unwrap_err();
        assert!(err.contains("1 of 1 boxed properties not found"), "{err}");
        let mut schema =
            serde_json::json!({"$defs": {"Rec": {"properties": {"a": {"x-boxed": "yes"}}}}});
        let err = take(&mut schema).unwrap_err();
        assert_eq!(
            err,
            "#/$defs/Rec/properties/a/x-boxed: `x-boxed` must be true or false"
        );
    }
}
