//! The rest-json protocol: request serializers and response deserializers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{
    Location, Member, Operation, PathPart, Shape, ShapeKind, Structure, TimestampFormat,
};

use super::Context;
use super::errors::message_member;
use super::imports::Imports;
use super::symbols::{field_ident, has_default, rust_type, with_member_value};

/// `impl ToJson` for a structure written into request bodies.
pub fn to_json_impl(shape: &Shape, structure: &Structure, imports: &mut Imports) -> TokenStream {
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
/// input (`top_level`), an unset idempotency token is filled in, as botocore fills only
/// those.
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
pub(super) enum Value {
    /// A place such as `self.name`.
    Place(TokenStream),
    /// A reference such as `value` in `if let Some(value) = &self.name`.
    Reference(TokenStream),
}

/// `object.key(…).…(value)` for a body member.
pub(super) fn write_member_value(
    member: &Member,
    value: Value,
    imports: &mut Imports,
) -> TokenStream {
    let Location::Body(key) = &member.location else {
        unreachable!("only body members are written as JSON members");
    };
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

fn timestamp_format(format: TimestampFormat, imports: &mut Imports) -> TokenStream {
    let ty = imports.name("awsgen_runtime::time::TimestampFormat");
    match format {
        TimestampFormat::EpochSeconds => quote!(#ty::EpochSeconds),
        TimestampFormat::Iso8601 => quote!(#ty::Iso8601),
        TimestampFormat::HttpDate => quote!(#ty::HttpDate),
    }
}

/// `impl FromJson` for a structure read from response bodies.
pub fn from_json_impl(
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

/// How a member that does not parse is treated.
#[derive(Clone, Copy)]
enum Strictness {
    /// The response is an error.
    Strict,
    /// The member is left unset, for error responses, whose code and message matter more.
    Lenient,
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
            let Location::Body(key) = &member.location else {
                unreachable!("only body members are read from JSON members");
            };
            let local = local_ident(member);
            let read = quote!(#json::member(wire_value, #key));
            let read = match strictness {
                Strictness::Strict => quote!(#read?),
                Strictness::Lenient => quote!(#read.unwrap_or_default()),
            };
            (key.as_str(), quote!(#local = #read;))
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

/// `field: value,` in the struct literal after parsing: a missing required member gets its
/// type's default where it has one (as the official SDKs correct such responses), and is an
/// error where it has none.
fn finish_field(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    let ident = field_ident(member);
    let local = local_ident(member);
    if !member.required && !member.boxed && local == ident {
        return quote!(#ident,);
    }
    let value = if member.required {
        required_value(cx, member, quote!(#local), imports)
    } else if member.boxed {
        quote!(#local.map(Box::new))
    } else {
        quote!(#local)
    };
    quote!(#ident: #value,)
}

/// The local a parser collects a member in: named after the field, unless that name is
/// one the parser's own code uses (its parameters and loop variables).
fn local_ident(member: &Member) -> syn::Ident {
    const TAKEN: &[&str] = &["value", "response", "meta", "wire_key", "wire_value"];
    if TAKEN.contains(&member.rust_name.as_str()) {
        format_ident!("{}_member", member.rust_name)
    } else {
        field_ident(member)
    }
}

/// A required member's value from the `Option` a response gave: the type's default when
/// it is missing and the type has one, else an error naming the member.
fn required_value(
    cx: &Context<'_>,
    member: &Member,
    found: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let value = if has_default(cx.service, member) {
        quote!(#found.unwrap_or_default())
    } else {
        let json = imports.name("awsgen_runtime::json");
        let key = member.name.as_str();
        quote!(#json::required(#found, #key)?)
    };
    if member.boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

/// `fn serialize(&self, cx) -> SerializedRequest` of an operation's input.
pub fn serialize_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let serialized = imports.name("awsgen_runtime::client::SerializedRequest");
    let context = imports.name("awsgen_runtime::client::RequestContext");
    let method = op.method.as_str();
    let (labels, path) = path_expr(cx, op, input, imports);
    let query = query_statements(cx, op, input, imports);
    let headers = header_statements(cx, input, imports);
    let body = body_statements(cx, input, imports);
    let host_prefix = op.host_prefix.as_ref().map(|parts| {
        let pieces = parts.iter().map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Label { name, .. } => {
                let member = input
                    .members
                    .iter()
                    .find(|m| m.name == *name)
                    .expect("the IR checks that every host label is bound");
                let ident = field_ident(member);
                quote!(self.#ident.as_str())
            }
        });
        quote!(request.host_prefix = Some([#(#pieces),*].concat());)
    });
    // Compression comes before the checksum, which covers the bytes sent.
    let compress = op.request_compression.then(|| {
        let compression = imports.name("awsgen_runtime::compression");
        quote! {
            if let Some(min_size) = cx.min_compression_size() {
                #compression::gzip_request(&mut request, min_size);
            }
        }
    });
    let checksum = op.checksum_required.then(|| {
        let md5 = imports.name("awsgen_runtime::md5");
        quote!(request.headers.insert("Content-MD5", #md5::base64_digest(&request.body));)
    });
    let uses_context = compress.is_some()
        || input
            .members
            .iter()
            .any(|m| m.idempotency_token && !m.required);
    let cx_param = if uses_context {
        quote!(cx)
    } else {
        quote!(_cx)
    };
    if query.is_empty()
        && headers.is_empty()
        && body.is_empty()
        && host_prefix.is_none()
        && compress.is_none()
        && checksum.is_none()
    {
        return quote! {
            fn serialize(&self, #cx_param: &#context<'_>) -> #serialized {
                #labels
                #serialized::new(#method, #path)
            }
        };
    }
    quote! {
        fn serialize(&self, #cx_param: &#context<'_>) -> #serialized {
            #labels
            let mut request = #serialized::new(#method, #path);
            #host_prefix
            #query
            #headers
            #body
            #compress
            #checksum
            request
        }
    }
}

/// Binds `value` to a reference to the member's value around `body`, as
/// [`with_member_value`] does, except that an unset idempotency token gets one from the
/// client, so that it is always sent.
fn with_request_value(member: &Member, body: TokenStream) -> TokenStream {
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

/// The labels bound to locals, then the path joined from literals and labels
/// (`["/apps/", &*app_id, "/deployments"].concat()`: one allocation, no formatting
/// machinery, on every call); or a literal path when the URI has no labels.
fn path_expr(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> (TokenStream, TokenStream) {
    let mut pieces = Vec::new();
    let mut lets = Vec::new();
    for part in &op.uri.path {
        match part {
            PathPart::Literal(text) => pieces.push(quote!(#text)),
            PathPart::Label { name, greedy } => {
                let member = input
                    .members
                    .iter()
                    .find(|m| m.location == Location::Label(name.clone()))
                    .expect("the IR checks that every label is bound");
                let local = field_ident(member);
                let value = label_value(cx, member, *greedy, imports);
                lets.push(quote!(let #local = #value;));
                pieces.push(quote!(&*#local));
            }
        }
    }
    match (lets.is_empty(), pieces.as_slice()) {
        (true, [literal]) => (TokenStream::new(), quote!(#literal.to_owned())),
        (true, []) => (TokenStream::new(), quote!(String::new())),
        _ => (quote!(#(#lets)*), quote!([#(#pieces),*].concat())),
    }
}

fn label_value(
    cx: &Context<'_>,
    member: &Member,
    greedy: bool,
    imports: &mut Imports,
) -> TokenStream {
    let ident = field_ident(member);
    let encode = |imports: &mut Imports| {
        let rest = imports.name("awsgen_runtime::protocol::rest");
        if greedy {
            quote!(#rest::greedy_label)
        } else {
            quote!(#rest::label)
        }
    };
    // Numbers and booleans are made of unreserved characters and need no encoding.
    match cx.service.shape(&member.target).kind {
        ShapeKind::String(_) => {
            let encode = encode(imports);
            quote!(#encode(&self.#ident))
        }
        ShapeKind::Enum(_) => {
            let encode = encode(imports);
            quote!(#encode(self.#ident.as_str()))
        }
        ShapeKind::Timestamp => {
            let encode = encode(imports);
            let format = timestamp_format(
                member.timestamp_format.unwrap_or(TimestampFormat::Iso8601),
                imports,
            );
            // The encoded text outlives the formatted one it may borrow.
            quote!(#encode(&#format.format(self.#ident)).into_owned())
        }
        ShapeKind::Float(_) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(#rest::float32(self.#ident))
        }
        ShapeKind::Double(_) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(#rest::float(self.#ident))
        }
        _ => quote!(self.#ident.to_string()),
    }
}

fn query_statements(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let members: Vec<&Member> = input
        .members
        .iter()
        .filter(|m| matches!(m.location, Location::Query(_) | Location::QueryMap))
        .collect();
    let literal: Vec<String> = op
        .uri
        .query
        .iter()
        .map(|(k, v)| match v {
            Some(v) => format!("{k}={v}"),
            None => k.clone(),
        })
        .collect();
    let literal = literal.join("&");
    if members.is_empty() {
        return if literal.is_empty() {
            TokenStream::new()
        } else {
            quote!(request.query = #literal.to_owned();)
        };
    }
    let query_type = imports.name("awsgen_runtime::protocol::rest::Query");
    let start = if literal.is_empty() {
        quote!(#query_type::new())
    } else {
        quote!(#query_type::from_literal(#literal))
    };
    let pushes: Vec<TokenStream> = members
        .iter()
        .map(|member| query_push(cx, member, imports))
        .collect();
    quote! {
        let mut query = #start;
        #(#pushes)*
        request.query = query.finish();
    }
}

fn query_push(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    let push = match &member.location {
        Location::QueryMap => {
            let map_value = match &cx.service.shape(&member.target).kind {
                ShapeKind::Map(map) => map.value.clone(),
                _ => unreachable!("the IR binds only maps to the whole query"),
            };
            let push = match &cx.service.shape(&map_value).kind {
                ShapeKind::List(list) => {
                    let item = scalar_text(cx, &list.member, member, quote!(item), imports);
                    quote! {
                        for item in value {
                            query.push(key, #item);
                        }
                    }
                }
                _ => {
                    let text = scalar_text(cx, &map_value, member, quote!(value), imports);
                    quote!(query.push(key, #text);)
                }
            };
            quote! {
                // Keys the operation binds itself win over the map's entries, as in botocore.
                // Sorted, so that a request is the same from one run to the next.
                let mut entries: Vec<_> = value.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, value) in entries {
                    if !query.contains_key(key) {
                        #push
                    }
                }
            }
        }
        Location::Query(key) => match &cx.service.shape(&member.target).kind {
            ShapeKind::List(list) => {
                let item = scalar_text(cx, &list.member, member, quote!(item), imports);
                quote! {
                    for item in value {
                        query.push(#key, #item);
                    }
                }
            }
            _ => {
                let text = scalar_text(cx, &member.target, member, quote!(value), imports);
                quote!(query.push(#key, #text);)
            }
        },
        _ => unreachable!("only query members are pushed"),
    };
    with_request_value(member, push)
}

/// A scalar as text for a URI, query string or header, given `value`, an expression of
/// type `&T`. Timestamps default to ISO 8601 (URIs and query strings); headers pass their
/// own default through the member.
fn scalar_text(
    cx: &Context<'_>,
    target: &str,
    member: &Member,
    value: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    scalar_text_with(cx, target, member, value, TimestampFormat::Iso8601, imports)
}

fn scalar_text_with(
    cx: &Context<'_>,
    target: &str,
    member: &Member,
    value: TokenStream,
    default_format: TimestampFormat,
    imports: &mut Imports,
) -> TokenStream {
    match &cx.service.shape(target).kind {
        ShapeKind::String(_) | ShapeKind::Enum(_) => quote!(#value.as_str()),
        ShapeKind::Timestamp => {
            let format =
                timestamp_format(member.timestamp_format.unwrap_or(default_format), imports);
            quote!(#format.format(*#value))
        }
        ShapeKind::Float(_) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(#rest::float32(*#value))
        }
        ShapeKind::Double(_) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(#rest::float(*#value))
        }
        _ => quote!(#value.to_string()),
    }
}

fn header_statements(cx: &Context<'_>, input: &Structure, imports: &mut Imports) -> TokenStream {
    let statements: Vec<TokenStream> = input
        .members
        .iter()
        .filter_map(|member| {
            let set = match &member.location {
                Location::Header(name) => {
                    let text = header_text(cx, member, imports);
                    quote!(request.headers.insert(#name, #text);)
                }
                Location::PrefixHeaders(prefix) => {
                    let name = format!("{prefix}{{name}}");
                    quote! {
                        for (name, value) in value {
                            request.headers.insert(format!(#name), value.as_str());
                        }
                    }
                }
                _ => return None,
            };
            Some(with_request_value(member, set))
        })
        .collect();
    quote!(#(#statements)*)
}

/// A header value, from `value: &T`: timestamps default to the HTTP date format, lists
/// join their items, and a string the model marks as JSON text goes base64-encoded.
fn header_text(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    match &cx.service.shape(&member.target).kind {
        ShapeKind::List(list) => {
            let item = scalar_text_with(
                cx,
                &list.member,
                member,
                quote!(item),
                TimestampFormat::HttpDate,
                imports,
            );
            let quote_items = matches!(
                cx.service.shape(&list.member).kind,
                ShapeKind::String(_) | ShapeKind::Enum(_)
            );
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(#rest::header_list(value.iter().map(|item| #item), #quote_items))
        }
        ShapeKind::String(_) if member.base64_header => {
            let encoding = imports.name("awsgen_runtime::encoding");
            quote!(#encoding::base64_encode(value.as_bytes()))
        }
        _ => scalar_text_with(
            cx,
            &member.target,
            member,
            quote!(value),
            TimestampFormat::HttpDate,
            imports,
        ),
    }
}

/// The JSON body: the set body members as an object (`{}` when none is set but the input
/// has some), or the payload member; nothing when the input has no body at all.
fn body_statements(cx: &Context<'_>, input: &Structure, imports: &mut Imports) -> TokenStream {
    if let Some(payload) = input
        .members
        .iter()
        .find(|m| m.location == Location::Payload)
    {
        return payload_statements(cx, payload, imports);
    }
    let body_members: Vec<&Member> = input
        .members
        .iter()
        .filter(|m| matches!(m.location, Location::Body(_)))
        .collect();
    if body_members.is_empty() {
        return TokenStream::new();
    }
    let writer = imports.name("awsgen_runtime::json::ObjectWriter");
    let writes = member_writes(body_members.into_iter(), true, imports);
    quote! {
        // Room for a typical body, so that writing it does not grow the string step by step.
        let mut body = String::with_capacity(256);
        let mut object = #writer::new(&mut body);
        #writes
        object.finish();
        request.headers.insert("Content-Type", "application/json");
        request.body = body.into_bytes();
    }
}

fn payload_statements(cx: &Context<'_>, payload: &Member, imports: &mut Imports) -> TokenStream {
    let ident = field_ident(payload);
    // A raw payload is the body itself, with a generic content type unless a header member
    // gave one.
    let raw = |bytes: TokenStream, content_type: &str| {
        with_member_value(
            payload,
            quote! {
                if !request.headers.contains("Content-Type") {
                    request.headers.insert("Content-Type", #content_type);
                }
                request.body = #bytes;
            },
        )
    };
    match &cx.service.shape(&payload.target).kind {
        ShapeKind::Blob(_) => raw(
            quote!(value.as_bytes().to_vec()),
            "application/octet-stream",
        ),
        ShapeKind::String(_) => raw(quote!(value.as_bytes().to_vec()), "text/plain"),
        ShapeKind::Enum(_) => raw(quote!(value.as_str().as_bytes().to_vec()), "text/plain"),
        // An unset union or document sends no body at all; there is no empty value to send.
        ShapeKind::Union(_) | ShapeKind::Document if !payload.required => {
            let json = imports.name("awsgen_runtime::json");
            with_member_value(
                payload,
                quote! {
                    request.headers.insert("Content-Type", "application/json");
                    request.body = #json::to_string(value).into_bytes();
                },
            )
        }
        _ => {
            let json = imports.name("awsgen_runtime::json");
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
                request.headers.insert("Content-Type", "application/json");
                request.body = #body.into_bytes();
            }
        }
    }
}

/// `fn deserialize_output(response) -> Result<Output, DeserializeError>`.
pub fn deserialize_output_fn(
    cx: &Context<'_>,
    output_name: &syn::Ident,
    output: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let response_type = imports.name("awsgen_runtime::http::HttpResponse");
    let deserialize_error = imports.name("awsgen_runtime::error::DeserializeError");
    let body_members: Vec<&Member> = output
        .members
        .iter()
        .filter(|m| matches!(m.location, Location::Body(_)))
        .collect();
    let parse = if body_members.is_empty() {
        TokenStream::new()
    } else {
        let rest_json = imports.name("awsgen_runtime::protocol::rest_json");
        parse_members(
            cx,
            &body_members,
            quote!(#rest_json::body_members(response)?),
            Strictness::Strict,
            imports,
        )
    };
    let fields: Vec<TokenStream> = output
        .members
        .iter()
        .map(|member| match &member.location {
            Location::Body(_) => finish_field(cx, member, imports),
            _ => bound_output_field(cx, member, imports),
        })
        .collect();
    let response_param = if output.members.is_empty() {
        quote!(_response)
    } else {
        quote!(response)
    };
    quote! {
        fn deserialize_output(#response_param: &#response_type) -> Result<Self::Output, #deserialize_error> {
            #parse
            Ok(#output_name { #(#fields)* })
        }
    }
}

/// An output member bound to a header, the status code or the whole body.
fn bound_output_field(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    let ident = field_ident(member);
    let found = bound_value(cx, member, Strictness::Strict, imports);
    let value = if member.required {
        required_value(cx, member, found, imports)
    } else {
        found
    };
    quote!(#ident: #value,)
}

/// An `Option` of a member bound to a header, the status code or the whole body, read from
/// `response`. Strictly, the expression uses `?` with a `DeserializeError`; leniently, a
/// value that does not parse is `None`.
fn bound_value(
    cx: &Context<'_>,
    member: &Member,
    strictness: Strictness,
    imports: &mut Imports,
) -> TokenStream {
    if member.location == Location::StatusCode {
        return quote!(Some(i32::from(response.status)));
    }
    let shape = cx.service.shape(&member.target);
    // Each expression is an `Option`: a header or a body may be absent.
    match (&member.location, &shape.kind) {
        (Location::Header(name), ShapeKind::List(list)) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            let http_dates = matches!(cx.service.shape(&list.member).kind, ShapeKind::Timestamp)
                && member.timestamp_format.unwrap_or(TimestampFormat::HttpDate)
                    == TimestampFormat::HttpDate;
            let parse = item_parser(cx, &list.member, member, imports);
            settle(
                quote!(#rest::parse_header_list(response, #name, #http_dates, #parse)),
                strictness,
            )
        }
        (Location::Header(name), ShapeKind::String(_)) if member.base64_header => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            settle(
                quote!(#rest::parse_header(response, #name, #rest::base64_text)),
                strictness,
            )
        }
        (Location::Header(name), ShapeKind::String(_)) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(#rest::header(response, #name).map(str::to_owned))
        }
        (Location::Header(name), ShapeKind::Enum(_)) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            let ty = rust_type(cx.service, &member.target, imports);
            quote!(#rest::header(response, #name).map(#ty::from))
        }
        (Location::Header(name), _) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            let parse = item_parser(cx, &member.target, member, imports);
            settle(
                quote!(#rest::parse_header(response, #name, #parse)),
                strictness,
            )
        }
        (Location::PrefixHeaders(prefix), _) => {
            let rest = imports.name("awsgen_runtime::protocol::rest");
            quote!(Some(#rest::prefix_headers(response, #prefix)))
        }
        (Location::Payload, ShapeKind::Blob(_)) => {
            let blob = imports.name("awsgen_runtime::json::Blob");
            quote! {
                if response.body.is_empty() {
                    None
                } else {
                    Some(#blob::from(response.body.clone()))
                }
            }
        }
        (Location::Payload, ShapeKind::Enum(_)) => {
            let ty = rust_type(cx.service, &member.target, imports);
            quote! {
                if response.body.is_empty() {
                    None
                } else {
                    Some(#ty::from(String::from_utf8_lossy(&response.body).as_ref()))
                }
            }
        }
        (Location::Payload, ShapeKind::String(_)) => {
            quote!(Some(String::from_utf8_lossy(&response.body).into_owned()))
        }
        (Location::Payload, _) => {
            let rest_json = imports.name("awsgen_runtime::protocol::rest_json");
            settle(quote!(#rest_json::payload(response)), strictness)
        }
        (location, _) => unreachable!("{location:?} is not an output binding"),
    }
}

/// A `Result<Option<T>, _>` expression as an `Option<T>`: through `?` when strict, with a
/// value that does not parse as `None` when lenient.
fn settle(result: TokenStream, strictness: Strictness) -> TokenStream {
    match strictness {
        Strictness::Strict => quote!(#result?),
        Strictness::Lenient => quote!(#result.ok().flatten()),
    }
}

/// A closure that parses one header value (or list item) of shape `target`.
fn item_parser(
    cx: &Context<'_>,
    target: &str,
    member: &Member,
    imports: &mut Imports,
) -> TokenStream {
    let rest = imports.name("awsgen_runtime::protocol::rest");
    match &cx.service.shape(target).kind {
        ShapeKind::String(_) => {
            let infallible = imports.name("std::convert::Infallible");
            quote!(|item: &str| Ok::<String, #infallible>(item.to_owned()))
        }
        ShapeKind::Enum(_) => {
            let infallible = imports.name("std::convert::Infallible");
            let ty = rust_type(cx.service, target, imports);
            quote!(|item: &str| Ok::<#ty, #infallible>(#ty::from(item)))
        }
        ShapeKind::Timestamp => {
            let format = timestamp_format(
                member.timestamp_format.unwrap_or(TimestampFormat::HttpDate),
                imports,
            );
            quote!(|item: &str| #format.parse(item))
        }
        ShapeKind::Float(_) => quote!(|item: &str| #rest::parse_float_item(item).map(|f| f as f32)),
        ShapeKind::Double(_) => quote!(#rest::parse_float_item),
        _ => {
            let ty = rust_type(cx.service, target, imports);
            quote!(#rest::parse_item::<#ty>)
        }
    }
}

/// Parses an error structure's members from an error response, leniently: a member that
/// does not parse is left unset rather than hiding the error the service reported.
pub fn error_members_fn(
    cx: &Context<'_>,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let response_type = imports.name("awsgen_runtime::http::HttpResponse");
    let meta_type = imports.name("awsgen_runtime::error::ErrorMetadata");
    let message = message_member(cx, structure);
    let is_message = |m: &Member| message.is_some_and(|message| message.name == m.name);
    let others: Vec<&Member> = structure
        .members
        .iter()
        .filter(|m| !is_message(m) && matches!(m.location, Location::Body(_)))
        .collect();
    let reads_response = !others.is_empty()
        || structure
            .members
            .iter()
            .any(|m| !matches!(m.location, Location::Body(_)));
    let parse = if others.is_empty() {
        TokenStream::new()
    } else {
        let rest_json = imports.name("awsgen_runtime::protocol::rest_json");
        let members = quote!(#rest_json::body_members(response).unwrap_or_default());
        parse_members(cx, &others, members, Strictness::Lenient, imports)
    };
    let fields: Vec<TokenStream> = structure
        .members
        .iter()
        .map(|member| {
            let ident = field_ident(member);
            let value = if is_message(member) {
                if member.required {
                    quote!(meta.message().unwrap_or_default().to_owned())
                } else {
                    quote!(meta.message().map(str::to_owned))
                }
            } else if !matches!(member.location, Location::Body(_)) {
                // Leniently, like the body members: a header that does not parse is left unset.
                let found = bound_value(cx, member, Strictness::Lenient, imports);
                if member.required {
                    quote!(#found.unwrap_or_default())
                } else {
                    found
                }
            } else if !member.required {
                let local = local_ident(member);
                if local == ident {
                    return quote!(#ident,);
                }
                quote!(#local)
            } else {
                let local = local_ident(member);
                quote!(#local.unwrap_or_default())
            };
            quote!(#ident: #value,)
        })
        .collect();
    let response_param = if !reads_response {
        quote!(_response)
    } else {
        quote!(response)
    };
    let meta_param = if message.is_some() {
        quote!(meta)
    } else {
        quote!(_meta)
    };
    quote! {
        pub(crate) fn from_response(#response_param: &#response_type, #meta_param: &#meta_type) -> Self {
            #parse
            Self { #(#fields)* }
        }
    }
}
