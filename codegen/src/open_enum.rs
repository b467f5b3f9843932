//! Open string enums (`"x-open-enum": true`): one variant per known value plus `Unknown(String)`.
//!
//! typify 0.8 only knows closed enums, so these are emitted here and typify is told (with
//! `with_replacement`) to use our type wherever the definition is referenced.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::options::Gate;

/// Variant name for a wire value: UpperCamelCase, `V` prefix when it would start with a digit.
pub fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

/// Emits the enum `name` for the open-enum definition `def` (already linted).
pub fn open_enum_tokens(name: &str, def: &Value, schemars: &Gate) -> Result<TokenStream, String> {
    let values: Vec<&str> = def
        .get("enum")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut seen = std::collections::BTreeMap::new();
    let mut variants = Vec::new();
    for v in &values {
        let variant = variant_name(v);
        if variant == "Unknown" {
            return Err(format!(
                "value `{v}` would clash with the `Unknown` fallback"
            ));
        }
        if let Some(other) = seen.insert(variant.clone(), *v) {
            return Err(format!(
                "values `{other}` and `{v}` both give the variant `{variant}`"
            ));
        }
        variants.push(format_ident!("{}", variant));
    }
    let ident = format_ident!("{}", name);
    // `"default": "<value>"`: a `Default` impl, so structs that require the enum can derive
    // `Default` too (response records users build)
    let default_impl = match def.get("default") {
        None => None,
        Some(Value::String(d)) if values.contains(&d.as_str()) => {
            let variant = format_ident!("{}", variant_name(d));
            Some(quote! {
                impl ::std::default::Default for #ident {
                    fn default() -> Self {
                        Self::#variant
                    }
                }
            })
        }
        Some(other) => return Err(format!("`default` {other} is not one of the enum values")),
    };
    let description = def
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("`{name}`"));
    let doc = format!(
        "{description}\n\nOpen set: a value this version does not know decodes as `Unknown` and is written back unchanged."
    );
    let vdocs = values.iter().map(|v| format!("`{v}`"));
    let values_a = &values;
    let variants_a = &variants;
    let schema_description = description.clone();
    let schemars_cfg = match schemars {
        Gate::Never => None,
        Gate::Always => Some(quote! {}),
        Gate::Feature(f) => Some(quote! { #[cfg(feature = #f)] }),
    };
    let schemars_impl = schemars_cfg.map(|cfg| {
        quote! {
            #cfg
            impl ::schemars::JsonSchema for #ident {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#name)
                }
                fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                    ::schemars::json_schema!({
                        "type": "string",
                        "description": #schema_description,
                        "examples": [ #( #values_a ),* ],
                    })
                }
            }
        }
    });
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident {
            #( #[doc = #vdocs] #variants_a, )*
            /// A value not known to this version, kept verbatim.
            Unknown(::std::string::String),
        }

        impl #ident {
            /// Every value known to this version, in schema order.
            pub const KNOWN: &'static [&'static str] = &[ #( #values_a ),* ];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants_a => #values_a, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Compares the value as sent on the wire (`x == "..."`), known or not.
        impl ::std::cmp::PartialEq<str> for #ident {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        /// Compares the value as sent on the wire (`x == "..."`), known or not.
        impl ::std::cmp::PartialEq<&str> for #ident {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #values_a => Self::#variants_a, )*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values_a => Self::#variants_a, )*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a string (", stringify!(#ident), ")"))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
                        Ok(#ident::from(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Self::Value, E> {
                        Ok(#ident::from(value))
                    }
                }
                deserializer.deserialize_string(Visitor)
            }
        }

        #default_impl

        #schemars_impl
    })
}
