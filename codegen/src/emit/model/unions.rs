//! Unions: an enum with one variant per member, and what its uses require (the codec's
//! impls, validation).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Shape, Union};

use crate::emit::docs::doc_attrs;
use crate::emit::imports::Imports;
use crate::emit::symbols::{is_sensitive, rust_type};
use crate::emit::{Context, protocol};

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
    let codec = protocol::shape_impls(cx, shape, imports);
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
        #codec
        #validate
    }
}
