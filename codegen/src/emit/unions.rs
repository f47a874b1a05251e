//! Unions: an enum with one variant per member, and what its uses require (JSON in both
//! directions, validation).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Shape, Union};

use super::Context;
use super::docs::doc_attrs;
use super::imports::Imports;
use super::rest_json::{Value, write_member_value};
use super::symbols::{is_sensitive, rust_type};
use super::validation;

pub fn union_type(
    cx: &Context<'_>,
    shape: &Shape,
    union: &Union,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let docs = doc_attrs(shape.docs.as_deref());
    let variants = union.variants.iter().map(|variant| {
        let ident = format_ident!("{}", variant.rust_name);
        let ty = rust_type(cx.service, &variant.member.target, imports);
        let ty = if variant.member.boxed {
            quote!(Box<#ty>)
        } else {
            ty
        };
        let docs = doc_attrs(variant.member.docs.as_deref());
        quote! {
            #docs
            #ident(#ty),
        }
    });
    let variants: Vec<TokenStream> = variants.collect();
    let sensitive = union
        .variants
        .iter()
        .any(|v| is_sensitive(cx.service, &v.member));
    let derives = if sensitive {
        quote!(#[derive(Clone, PartialEq)])
    } else {
        quote!(#[derive(Clone, Debug, PartialEq)])
    };
    let debug = sensitive.then(|| {
        let fmt = imports.name("std::fmt");
        let arms = union.variants.iter().map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let label = variant.rust_name.as_str();
            if is_sensitive(cx.service, &variant.member) {
                quote!(#name::#ident(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(),)
            } else {
                quote!(#name::#ident(value) => f.debug_tuple(#label).field(value).finish(),)
            }
        });
        quote! {
            impl #fmt::Debug for #name {
                fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                    match self {
                        #(#arms)*
                        #name::Unknown(member) => f.debug_tuple("Unknown").field(member).finish(),
                    }
                }
            }
        }
    });
    let to_json = cx
        .usage
        .serialized
        .contains(&shape.name)
        .then(|| to_json_impl(shape, union, imports));
    let from_json = cx
        .usage
        .deserialized
        .contains(&shape.name)
        .then(|| from_json_impl(cx, shape, union, imports));
    let validate = (cx.usage.in_input.contains(&shape.name)
        && validation::needs_validation(cx.service, &shape.name))
    .then(|| validation::union_validate_impl(cx, shape, union, imports));
    let default = cx.usage.deserialized.contains(&shape.name).then(|| {
        quote! {
            /// An empty unknown member: what a required member the service left out takes.
            impl Default for #name {
                fn default() -> Self {
                    #name::Unknown(String::new())
                }
            }
        }
    });
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        // Variants hold the members as the model has them; boxing the large ones would make
        // matching on a union uneven for a size the caller rarely notices.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member this client does not know, named as the service sent it. Sending it
            /// sends an empty union.
            Unknown(String),
        }
        #debug
        #default
        #to_json
        #from_json
        #validate
    }
}

/// A union is written as an object with its one member.
fn to_json_impl(shape: &Shape, union: &Union, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let to_json = imports.name("awsgen_runtime::json::ToJson");
    let writer = imports.name("awsgen_runtime::json::ValueWriter");
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let write =
                write_member_value(&variant.member, Value::Reference(quote!(value)), imports);
            quote!(#name::#ident(value) => { #write })
        })
        .collect();
    quote! {
        impl #to_json for #name {
            fn write_json(&self, out: #writer<'_>) {
                let mut object = out.start_object();
                match self {
                    #(#arms)*
                    #name::Unknown(_) => {}
                }
                object.finish();
            }
        }
    }
}

/// The first member that is set (not `null`, not the `__type` some services add) picks the
/// variant; a member the model does not know becomes `Unknown`.
fn from_json_impl(
    cx: &Context<'_>,
    shape: &Shape,
    union: &Union,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let from_json = imports.name("awsgen_runtime::json::FromJson");
    let json_error = imports.name("awsgen_runtime::json::JsonError");
    let value_type = imports.name("awsgen_runtime::json::Value");
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let key = match &variant.member.location {
                crate::ir::Location::Body(key) => key.as_str(),
                _ => variant.member.name.as_str(),
            };
            let ty = rust_type(cx.service, &variant.member.target, imports);
            let parse =
                quote!(<#ty as #from_json>::from_json(value).map_err(|e| e.in_member(#key))?);
            let parse = if variant.member.boxed {
                quote!(Box::new(#parse))
            } else {
                parse
            };
            quote!(#key => #name::#ident(#parse),)
        })
        .collect();
    quote! {
        impl #from_json for #name {
            fn from_json(value: #value_type) -> Result<Self, #json_error> {
                for (key, value) in value.into_object()? {
                    if value == #value_type::Null || key == "__type" {
                        continue;
                    }
                    return Ok(match key.as_str() {
                        #(#arms)*
                        _ => #name::Unknown(key),
                    });
                }
                Err(#json_error::new("a union with no member set"))
            }
        }
    }
}
