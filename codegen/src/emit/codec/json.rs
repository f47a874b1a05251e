//! The JSON body codec of restJson1 and awsJson: structures as objects keyed by wire name,
//! timestamps as the protocol's default unless a member says otherwise.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Location, Member, Shape, ShapeKind, Structure, TimestampFormat, Union};

use super::BodyCodec;
use crate::emit::Context;
use crate::emit::fields::{Strictness, finish_field, local_ident};
use crate::emit::imports::Imports;
use crate::emit::symbols::{
    field_ident, rust_type, timestamp_format, with_member_value, with_request_value,
};

/// JSON bodies sent with `content_type`.
pub struct Json<'a> {
    pub content_type: &'a str,
}

impl BodyCodec for Json<'_> {
    fn shape_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
        let written = cx.usage.serialized.contains(&shape.name);
        let read = cx.usage.deserialized.contains(&shape.name);
        let (write, read) = match &shape.kind {
            ShapeKind::Structure(structure) => (
                written.then(|| structure_to_json(shape, structure, imports)),
                read.then(|| structure_from_json(cx, shape, structure, imports)),
            ),
            ShapeKind::Union(union) => (
                written.then(|| union_to_json(shape, union, imports)),
                read.then(|| union_from_json(cx, shape, union, imports)),
            ),
            ShapeKind::Enum(_) => (
                written.then(|| enum_to_json(shape, imports)),
                read.then(|| enum_from_json(shape, imports)),
            ),
            _ => (None, None),
        };
        quote! {
            #write
            #read
        }
    }

    fn write_members(
        &self,
        _cx: &Context<'_>,
        members: &[&Member],
        imports: &mut Imports,
    ) -> TokenStream {
        let content_type = self.content_type;
        if members.is_empty() {
            return quote! {
                request.headers.insert("Content-Type", #content_type);
                request.body = b"{}".to_vec();
            };
        }
        let writer = imports.name("awsgen_runtime::json::ObjectWriter");
        let writes = member_writes(members.iter().copied(), true, imports);
        quote! {
            // Room for a typical body, so that writing it does not grow the string step by step.
            let mut body = String::with_capacity(256);
            let mut object = #writer::new(&mut body);
            #writes
            object.finish();
            request.headers.insert("Content-Type", #content_type);
            request.body = body.into_bytes();
        }
    }

    fn write_payload(
        &self,
        cx: &Context<'_>,
        payload: &Member,
        imports: &mut Imports,
    ) -> TokenStream {
        let content_type = self.content_type;
        let json = imports.name("awsgen_runtime::json");
        match &cx.service.shape(&payload.target).kind {
            // An unset union or document sends no body at all; there is no empty value to send.
            ShapeKind::Union(_) | ShapeKind::Document if !payload.required => with_member_value(
                payload,
                quote! {
                    request.headers.insert("Content-Type", #content_type);
                    request.body = #json::to_string(value).into_bytes();
                },
            ),
            _ => {
                let ident = field_ident(payload);
                let body = if payload.required {
                    quote!(#json::to_string(&self.#ident))
                } else {
                    quote! {
                        match &self.#ident {
                            Some(value) => #json::to_string(value),
                            None => "{}".to_owned(),
                        }
                    }
                };
                quote! {
                    request.headers.insert("Content-Type", #content_type);
                    request.body = #body.into_bytes();
                }
            }
        }
    }

    fn read_members(
        &self,
        cx: &Context<'_>,
        members: &[&Member],
        strictness: Strictness,
        imports: &mut Imports,
    ) -> TokenStream {
        let rest_json = imports.name("awsgen_runtime::protocol::rest_json");
        let object = match strictness {
            Strictness::Strict => quote!(#rest_json::body_members(response)?),
            Strictness::Lenient => quote!(#rest_json::body_members(response).unwrap_or_default()),
        };
        parse_members(cx, members, object, strictness, imports)
    }

    fn read_payload(
        &self,
        _cx: &Context<'_>,
        _payload: &Member,
        imports: &mut Imports,
    ) -> TokenStream {
        let rest_json = imports.name("awsgen_runtime::protocol::rest_json");
        quote!(#rest_json::payload(response))
    }
}

/// `impl ToJson` for a structure written into request bodies.
fn structure_to_json(shape: &Shape, structure: &Structure, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let to_json = imports.name("awsgen_runtime::json::ToJson");
    let writer = imports.name("awsgen_runtime::json::ValueWriter");
    if structure.members.is_empty() {
        return quote! {
            impl #to_json for #name {
                fn write_json(&self, out: #writer<'_>) {
                    out.start_object().finish();
                }
            }
        };
    }
    let writes = member_writes(structure.members.iter(), false, imports);
    quote! {
        impl #to_json for #name {
            fn write_json(&self, out: #writer<'_>) {
                let mut object = out.start_object();
                #writes
                object.finish();
            }
        }
    }
}

/// `object.key(…).…` for each member, skipping unset optional ones. In an operation's
/// input (`top_level`), an unset idempotency token is filled in.
fn member_writes<'a>(
    members: impl Iterator<Item = &'a Member>,
    top_level: bool,
    imports: &mut Imports,
) -> TokenStream {
    let writes = members.map(|member| {
        let ident = field_ident(member);
        if member.required {
            write_member_value(member, Value::Place(quote!(self.#ident)), imports)
        } else {
            let write = write_member_value(member, Value::Reference(quote!(value)), imports);
            if top_level {
                with_request_value(member, write)
            } else {
                with_member_value(member, write)
            }
        }
    });
    let writes: Vec<TokenStream> = writes.collect();
    quote!(#(#writes)*)
}

/// How an emitter names a member's value.
enum Value {
    /// A place such as `self.name`.
    Place(TokenStream),
    /// A reference such as `value` in `if let Some(value) = &self.name`.
    Reference(TokenStream),
}

/// `object.key(…).…(value)` for a body member.
fn write_member_value(member: &Member, value: Value, imports: &mut Imports) -> TokenStream {
    let key = wire_name(member);
    match member.timestamp_format {
        Some(format) if format != TimestampFormat::EpochSeconds => {
            let format = timestamp_format(format, imports);
            let time = match value {
                Value::Place(place) => place,
                Value::Reference(reference) => quote!(*#reference),
            };
            quote!(object.key(#key).timestamp(#time, #format);)
        }
        _ => {
            let value = match value {
                Value::Place(place) => quote!(&#place),
                Value::Reference(reference) => reference,
            };
            quote!(object.key(#key).value(#value);)
        }
    }
}

fn wire_name(member: &Member) -> &str {
    match &member.location {
        Location::Body(key) => key,
        other => unreachable!("a member bound to {other:?} is not in the body"),
    }
}

/// `impl FromJson` for a structure read from response bodies.
fn structure_from_json(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let from_json = imports.name("awsgen_runtime::json::FromJson");
    let json_error = imports.name("awsgen_runtime::json::JsonError");
    let value = imports.name("awsgen_runtime::json::Value");
    let members: Vec<&Member> = structure.members.iter().collect();
    if members.is_empty() {
        // Still an object, whatever it holds.
        return quote! {
            impl #from_json for #name {
                fn from_json(value: #value) -> Result<Self, #json_error> {
                    value.into_object()?;
                    Ok(#name {})
                }
            }
        };
    }
    let parse = parse_members(
        cx,
        &members,
        quote!(value.into_object()?),
        Strictness::Strict,
        imports,
    );
    let fields = members
        .iter()
        .map(|m| finish_field(cx, m, imports))
        .collect::<Vec<_>>();
    quote! {
        impl #from_json for #name {
            fn from_json(value: #value) -> Result<Self, #json_error> {
                #parse
                Ok(#name { #(#fields)* })
            }
        }
    }
}

/// One `let mut` per member, then a loop over the object's members that fills them.
fn parse_members(
    cx: &Context<'_>,
    members: &[&Member],
    object: TokenStream,
    strictness: Strictness,
    imports: &mut Imports,
) -> TokenStream {
    if members.is_empty() {
        return TokenStream::new();
    }
    let json = imports.name("awsgen_runtime::json");
    let lets: Vec<TokenStream> = members
        .iter()
        .map(|member| {
            let local = local_ident(member);
            let ty = rust_type(cx.service, &member.target, imports);
            quote!(let mut #local: Option<#ty> = None;)
        })
        .collect();
    let arms = members
        .iter()
        .map(|member| {
            let key = wire_name(member);
            let local = local_ident(member);
            let read = quote!(#json::member(wire_value, #key));
            let read = match strictness {
                Strictness::Strict => quote!(#read?),
                Strictness::Lenient => quote!(#read.unwrap_or_default()),
            };
            (key, quote!(#local = #read;))
        })
        .collect();
    let dispatch = dispatch_on_key(arms);
    quote! {
        #(#lets)*
        // Named so that no member's local (named after the member) can shadow them.
        for (wire_key, wire_value) in #object {
            #dispatch
        }
    }
}

/// `match wire_key.as_str() { … }`, or an `if` when there is a single key.
fn dispatch_on_key(arms: Vec<(&str, TokenStream)>) -> TokenStream {
    if let [(key, statement)] = arms.as_slice() {
        return quote! {
            if wire_key == #key {
                #statement
            }
        };
    }
    let arms = arms
        .iter()
        .map(|(key, statement)| quote!(#key => { #statement }));
    quote! {
        match wire_key.as_str() {
            #(#arms)*
            _ => {}
        }
    }
}

/// A union is written as an object with its one member.
fn union_to_json(shape: &Shape, union: &Union, imports: &mut Imports) -> TokenStream {
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
fn union_from_json(
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
            let key = wire_name(&variant.member);
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

fn enum_to_json(shape: &Shape, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let to_json = imports.name("awsgen_runtime::json::ToJson");
    let writer = imports.name("awsgen_runtime::json::ValueWriter");
    quote! {
        impl #to_json for #name {
            fn write_json(&self, out: #writer<'_>) {
                out.string(self.as_str());
            }
        }
    }
}

fn enum_from_json(shape: &Shape, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let from_json = imports.name("awsgen_runtime::json::FromJson");
    let json_error = imports.name("awsgen_runtime::json::JsonError");
    let value = imports.name("awsgen_runtime::json::Value");
    quote! {
        impl #from_json for #name {
            fn from_json(value: #value) -> Result<Self, #json_error> {
                String::from_json(value).map(|value| #name::from(value.as_str()))
            }
        }
    }
}
