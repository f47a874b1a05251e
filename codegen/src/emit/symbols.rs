//! The one place that decides which Rust type stands for a shape.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Member, Service, Shape, ShapeKind, Structure, StructureRole, TimestampFormat};

use super::imports::Imports;

/// The module that holds a shape's type, if the shape becomes a named type.
pub fn module_of(shape: &Shape) -> Option<&'static str> {
    match &shape.kind {
        ShapeKind::Structure(s) => match s.role {
            StructureRole::Nested => Some("crate::types"),
            StructureRole::Error => Some("crate::error"),
            // Defined in the operation's own module.
            StructureRole::Input | StructureRole::Output => None,
        },
        ShapeKind::Enum(_) | ShapeKind::Union(_) => Some("crate::types"),
        _ => None,
    }
}

/// The Rust type of a value of shape `target`, recording the imports it needs.
pub fn rust_type(service: &Service, target: &str, imports: &mut Imports) -> TokenStream {
    let shape = service.shape(target);
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) => {
            match module_of(shape) {
                Some(module) => {
                    let ident = imports.name(&format!("{module}::{}", shape.rust_name));
                    quote!(#ident)
                }
                None => {
                    let ident = format_ident!("{}", shape.rust_name);
                    quote!(#ident)
                }
            }
        }
        ShapeKind::List(list) => {
            let element = rust_type(service, &list.member, imports);
            if list.sparse {
                quote!(Vec<Option<#element>>)
            } else {
                quote!(Vec<#element>)
            }
        }
        ShapeKind::Map(map) => {
            let map_type = imports.name("std::collections::HashMap");
            let value = rust_type(service, &map.value, imports);
            if map.sparse {
                quote!(#map_type<String, Option<#value>>)
            } else {
                quote!(#map_type<String, #value>)
            }
        }
        ShapeKind::String(_) => quote!(String),
        ShapeKind::Boolean => quote!(bool),
        ShapeKind::Integer(_) => quote!(i32),
        ShapeKind::Long(_) => quote!(i64),
        ShapeKind::Float(_) => quote!(f32),
        ShapeKind::Double(_) => quote!(f64),
        ShapeKind::Timestamp => imported(imports, "awsgen_runtime::time::DateTime"),
        ShapeKind::Blob(_) => imported(imports, "awsgen_runtime::json::Blob"),
        ShapeKind::Document => imported(imports, "awsgen_runtime::json::Document"),
    }
}

fn imported(imports: &mut Imports, path: &str) -> TokenStream {
    let ident = imports.name(path);
    quote!(#ident)
}

/// The type of a member's field: boxed when it closes a cycle, optional unless required.
pub fn field_type(service: &Service, member: &Member, imports: &mut Imports) -> TokenStream {
    let inner = value_type(service, member, imports);
    if member.required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// The member's type without the `Option` of an optional member. A streamed payload is
/// typed here as a request's (`RequestBody`); an output's is a `ByteStream`, which its
/// structure's emitter puts in its place.
fn value_type(service: &Service, member: &Member, imports: &mut Imports) -> TokenStream {
    if service.is_streamed_payload(member) {
        return imported(imports, "awsgen_runtime::body::RequestBody");
    }
    let inner = rust_type(service, &member.target, imports);
    if member.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

/// Whether a missing value of this type can fall back to `Default::default()`.
pub fn has_default(service: &Service, member: &Member) -> bool {
    service.has_default(member)
}

/// A field identifier (which may be raw, like `r#type`).
pub fn field_ident(member: &Member) -> syn::Ident {
    format_ident!("{}", member.rust_name)
}

/// Whether a member's value is sensitive and must not appear in `Debug` output.
pub fn is_sensitive(service: &Service, member: &Member) -> bool {
    service.shape(&member.target).is_sensitive()
}

/// Runs `body` with `value` bound to a reference to the member's value: always for a
/// required member, only when set for an optional one.
pub fn with_member_value(member: &Member, body: TokenStream) -> TokenStream {
    let ident = field_ident(member);
    if member.required {
        quote! {
            {
                let value = &self.#ident;
                #body
            }
        }
    } else {
        quote! {
            if let Some(value) = &self.#ident {
                #body
            }
        }
    }
}

/// Binds `value` to a reference to an input member's value around `body`, as
/// [`with_member_value`] does, except that an unset idempotency token gets one from the
/// client, so that it is always sent (botocore fills in only those).
pub fn with_request_value(member: &Member, body: TokenStream) -> TokenStream {
    if member.idempotency_token && !member.required {
        let ident = field_ident(member);
        quote! {
            {
                let token;
                let value = match &self.#ident {
                    Some(value) => value,
                    None => {
                        token = cx.idempotency_token();
                        &token
                    }
                };
                #body
            }
        }
    } else {
        with_member_value(member, body)
    }
}

/// The runtime's name for a timestamp format.
pub fn timestamp_format(format: TimestampFormat, imports: &mut Imports) -> TokenStream {
    let ty = imports.name("awsgen_runtime::time::TimestampFormat");
    match format {
        TimestampFormat::EpochSeconds => quote!(#ty::EpochSeconds),
        TimestampFormat::Iso8601 => quote!(#ty::Iso8601),
        TimestampFormat::HttpDate => quote!(#ty::HttpDate),
    }
}

/// The string member named `message` (any case), which holds the message the error
/// response carried, wherever in the response it was.
pub fn message_member<'a>(service: &Service, structure: &'a Structure) -> Option<&'a Member> {
    structure.members.iter().find(|m| {
        m.name.eq_ignore_ascii_case("message")
            && matches!(service.shape(&m.target).kind, ShapeKind::String(_))
    })
}
