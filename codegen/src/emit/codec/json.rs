//! The JSON body codec of restJson1 and awsJson: structures as objects keyed by wire name,
//! timestamps as the protocol's default unless a member says otherwise.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Location, Member, Operation, Shape, ShapeKind, Structure, TimestampFormat, Union};

use super::{BodyAt, RequestCodec, ResponseCodec};
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

impl RequestCodec for Json<'_> {
    fn write_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
        if !cx.usage.serialized.contains(&shape.name) {
            return TokenStream::new();
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => structure_to_json(shape, structure, imports),
            ShapeKind::Union(union) => union_to_json(shape, union, imports),
            ShapeKind::Enum(_) => enum_to_json(shape, imports),
            _ => TokenStream::new(),
        }
    }

    fn write_members(
        &self,
        _cx: &Context<'_>,
        _op: &Operation,
        members: &[&Member],
        imports: &mut Imports,
    ) -> TokenStream {
        let content_type = self.content_type;
        if members.is_empty() {
            return quote! {
                request.headers.insert("Content-Type", #content_type);
                request.body = b"{}".to_vec().into();
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
            request.body = body.into_bytes().into();
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
                    request.body = #json::to_string(value).into_bytes().into();
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
                    request.body = #body.into_bytes().into();
                }
            }
        }
    }
}

impl ResponseCodec for Json<'_> {
    fn read_impls(&self, cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
        if !cx.usage.deserialized.contains(&shape.name) {
            return TokenStream::new();
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => structure_read_json(cx, shape, structure, imports),
            ShapeKind::Union(union) => union_read_json(shape, union, imports),
            ShapeKind::Enum(_) => enum_read_json(shape, imports),
            _ => TokenStream::new(),
        }
    }

    fn read_members(
        &self,
        cx: &Context<'_>,
        members: &[&Member],
        at: BodyAt<'_>,
        imports: &mut Imports,
    ) -> TokenStream {
        let reader = imports.name("awsgen_runtime::json::JsonReader");
        let lets = member_locals(cx, members, imports);
        match at.strictness() {
            Strictness::Strict => {
                let dispatch = dispatch_on_key(members, Strictness::Strict);
                quote! {
                    #lets
                    let mut reader = #reader::body_object(&response.body)?;
                    while let Some(wire_key) = reader.next_key()? {
                        #dispatch
                    }
                    reader.end()?;
                }
            }
            Strictness::Lenient => {
                let dispatch = dispatch_on_key(members, Strictness::Lenient);
                quote! {
                    #lets
                    let mut reader = #reader::lenient_body_object(&response.body);
                    while let Ok(Some(wire_key)) = reader.next_key() {
                        #dispatch
                    }
                }
            }
        }
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

    fn runtime_module(&self) -> &'static str {
        "awsgen_runtime::json"
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
        } else if top_level && member.idempotency_token {
            let write = write_member_value(member, Value::Reference(quote!(value)), imports);
            with_request_value(member, write)
        } else {
            write_optional_member(member, quote!(self.#ident), imports)
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

/// `object.optional(…)` for an optional body member, left out when unset.
fn write_optional_member(
    member: &Member,
    place: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let key = wire_name(member);
    match member.timestamp_format {
        Some(format) if format != TimestampFormat::EpochSeconds => {
            let format = timestamp_format(format, imports);
            quote!(object.optional_timestamp(#key, #place, #format);)
        }
        _ => quote!(object.optional(#key, &#place);),
    }
}

fn wire_name(member: &Member) -> &str {
    match &member.location {
        Location::Body(key) => key,
        other => unreachable!("a member bound to {other:?} is not in the body"),
    }
}

/// `impl ReadJson` for a structure read from response bodies: one local per member, filled
/// as its key comes by; keys the model does not know are skipped by `next_key`.
fn structure_read_json(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let read_json = imports.name("awsgen_runtime::json::ReadJson");
    let reader_type = imports.name("awsgen_runtime::json::JsonReader");
    let json_error = imports.name("awsgen_runtime::json::JsonError");
    let members: Vec<&Member> = structure.members.iter().collect();
    if members.is_empty() {
        // Still an object, whatever it holds.
        return quote! {
            impl #read_json for #name {
                fn read_json(reader: &mut #reader_type<'_>) -> Result<Self, #json_error> {
                    reader.begin_object()?;
                    while reader.next_key()?.is_some() {}
                    Ok(#name {})
                }
            }
        };
    }
    let lets = member_locals(cx, &members, imports);
    let dispatch = dispatch_on_key(&members, Strictness::Strict);
    let fields = members
        .iter()
        .map(|m| finish_field(cx, m, "awsgen_runtime::json", imports))
        .collect::<Vec<_>>();
    quote! {
        impl #read_json for #name {
            fn read_json(reader: &mut #reader_type<'_>) -> Result<Self, #json_error> {
                #lets
                reader.begin_object()?;
                while let Some(wire_key) = reader.next_key()? {
                    #dispatch
                }
                Ok(#name { #(#fields)* })
            }
        }
    }
}

/// `let mut <local>: Option<T> = None;` for each member.
fn member_locals(cx: &Context<'_>, members: &[&Member], imports: &mut Imports) -> TokenStream {
    let lets = members.iter().map(|member| {
        let local = local_ident(member);
        let ty = rust_type(cx.service, &member.target, imports);
        quote!(let mut #local: Option<#ty> = None;)
    });
    quote!(#(#lets)*)
}

/// `match &*wire_key { "key" => local = reader.member("key")?, … }`, or an `if` when there
/// is a single key. A key with no arm is skipped by the next `next_key`.
fn dispatch_on_key(members: &[&Member], strictness: Strictness) -> TokenStream {
    let arms: Vec<(&str, TokenStream)> = members
        .iter()
        .map(|member| {
            let key = wire_name(member);
            let local = local_ident(member);
            let read = match strictness {
                Strictness::Strict => quote!(reader.member(#key)?),
                Strictness::Lenient => quote!(reader.lenient_member(#key).ok().flatten()),
            };
            (key, quote!(#local = #read))
        })
        .collect();
    if let [(key, assignment)] = arms.as_slice() {
        return quote! {
            if wire_key == #key {
                #assignment;
            }
        };
    }
    let arms = arms
        .iter()
        .map(|(key, assignment)| quote!(#key => #assignment,));
    quote! {
        match &*wire_key {
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
/// variant and the rest of the object is skipped; a member the model does not know becomes
/// `Unknown`.
fn union_read_json(shape: &Shape, union: &Union, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let read_json = imports.name("awsgen_runtime::json::ReadJson");
    let reader_type = imports.name("awsgen_runtime::json::JsonReader");
    let json_error = imports.name("awsgen_runtime::json::JsonError");
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let key = wire_name(&variant.member);
            let read = quote!(reader.variant(#key)?);
            let read = if variant.member.boxed {
                quote!(Box::new(#read))
            } else {
                read
            };
            quote!(#key => #name::#ident(#read),)
        })
        .collect();
    quote! {
        impl #read_json for #name {
            fn read_json(reader: &mut #reader_type<'_>) -> Result<Self, #json_error> {
                reader.begin_object()?;
                while let Some(key) = reader.next_key()? {
                    if key == "__type" || reader.skip_null()? {
                        continue;
                    }
                    let value = match &*key {
                        #(#arms)*
                        _ => #name::Unknown(key.into_owned()),
                    };
                    while reader.next_key()?.is_some() {}
                    return Ok(value);
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

fn enum_read_json(shape: &Shape, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let read_json = imports.name("awsgen_runtime::json::ReadJson");
    let reader_type = imports.name("awsgen_runtime::json::JsonReader");
    let json_error = imports.name("awsgen_runtime::json::JsonError");
    quote! {
        impl #read_json for #name {
            fn read_json(reader: &mut #reader_type<'_>) -> Result<Self, #json_error> {
                reader.string().map(|value| #name::from(&*value))
            }
        }
    }
}
