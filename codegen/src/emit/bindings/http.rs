//! HTTP bindings, shared by every REST protocol (restJson1 now, restXml later): members
//! bound to URI labels, the query string, headers, header prefixes, the status code or the
//! whole body; the remaining members go in the body through the protocol's codec.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Context;
use crate::emit::codec::{BodyAt, RequestCodec, ResponseCodec};
use crate::emit::fields::{Strictness, finish_field, local_ident, required_value};
use crate::emit::imports::Imports;
use crate::emit::symbols::{
    field_ident, message_member, rust_type, timestamp_format, with_member_value, with_request_value,
};
use crate::ir::{
    Location, Member, Operation, PathPart, ShapeKind, Structure, TimestampFormat, Transform,
};

use super::serialize_body;

/// `fn serialize(&self, cx) -> SerializedRequest` of an operation's input.
pub fn serialize_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    codec: &dyn RequestCodec,
    imports: &mut Imports,
) -> TokenStream {
    let method = op.method.as_str();
    let (labels, path) = path_expr(cx, op, input, imports);
    let query = query_statements(cx, op, input, imports);
    let headers = header_statements(cx, input, imports);
    let body = body_statements(cx, op, input, codec, imports);
    let framing = quote! {
        #query
        #headers
        #body
    };
    serialize_body(op, input, labels, method, path, framing, imports)
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
        ShapeKind::String(_) if member.transform == Some(Transform::LastPathSegment) => {
            let encode = encode(imports);
            let customizations = imports.name("awsgen_runtime::customizations");
            quote!(#encode(#customizations::last_path_segment(&self.#ident)))
        }
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
    if let (Location::Query(key), Some(Transform::UrlEncodingUnlessChosen)) =
        (&member.location, member.transform)
    {
        let field = field_ident(member);
        return quote! {
            query.push(#key, self.#field.as_ref().map_or("url", |value| value.as_str()));
        };
    }
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
            _ if member.transform == Some(Transform::LastPathSegment) => {
                let customizations = imports.name("awsgen_runtime::customizations");
                quote!(query.push(#key, #customizations::last_path_segment(value));)
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
                Location::Header(name) if member.transform == Some(Transform::CustomerKeyMd5) => {
                    return Some(customer_key_md5(input, member, name, imports));
                }
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

/// The header of an SSE-C key's MD5: the caller's, else computed from the key beside it
/// (the member of the same name without `MD5`), else none.
fn customer_key_md5(
    input: &Structure,
    member: &Member,
    name: &str,
    imports: &mut Imports,
) -> TokenStream {
    let key = input
        .members
        .iter()
        .find(|m| Some(m.name.as_str()) == member.name.strip_suffix("MD5"))
        .expect("the IR marks only an MD5 with its key beside it");
    let md5 = field_ident(member);
    let key = field_ident(key);
    let customizations = imports.name("awsgen_runtime::customizations");
    quote! {
        if let Some(md5) = #customizations::customer_key_md5(self.#md5.as_deref(), self.#key.as_ref()) {
            request.headers.insert(#name, md5);
        }
    }
}

/// A header value, from `value: &T`: timestamps default to the HTTP date format, lists
/// join their items, a string the model marks as JSON text and an SSE-C key go
/// base64-encoded, and S3's copy source is percent-encoded.
fn header_text(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    match member.transform {
        Some(Transform::CustomerKey) => {
            let encoding = imports.name("awsgen_runtime::encoding");
            return quote!(#encoding::base64_encode(value.as_bytes()));
        }
        Some(Transform::QuotedCopySource) => {
            let customizations = imports.name("awsgen_runtime::customizations");
            return quote!(#customizations::quote_copy_source(value));
        }
        _ => {}
    }
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

/// The body: the body members through the codec (an empty object when none is set but
/// the input has some), or the payload member; nothing when the input has no body at all.
fn body_statements(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    codec: &dyn RequestCodec,
    imports: &mut Imports,
) -> TokenStream {
    if let Some(payload) = input
        .members
        .iter()
        .find(|m| matches!(m.location, Location::Payload(_)))
    {
        return payload_statements(cx, payload, codec, imports);
    }
    let body_members: Vec<&Member> = input
        .members
        .iter()
        .filter(|m| matches!(m.location, Location::Body(_)))
        .collect();
    if body_members.is_empty() {
        return TokenStream::new();
    }
    codec.write_members(cx, op, &body_members, imports)
}

fn payload_statements(
    cx: &Context<'_>,
    payload: &Member,
    codec: &dyn RequestCodec,
    imports: &mut Imports,
) -> TokenStream {
    // A raw payload is the body itself. botocore gives it no Content-Type of its own (only a
    // header member can), and neither is one made up here.
    let raw = |bytes: TokenStream| with_member_value(payload, quote!(request.body = #bytes;));
    if cx.service.is_streamed_payload(payload) {
        // A file or a reader is opened when the request is sent, not here.
        return raw(quote!(value.clone()));
    }
    match &cx.service.shape(&payload.target).kind {
        ShapeKind::Blob(_) | ShapeKind::String(_) => raw(quote!(value.as_bytes().to_vec().into())),
        ShapeKind::Enum(_) => raw(quote!(value.as_str().as_bytes().to_vec().into())),
        _ => codec.write_payload(cx, payload, imports),
    }
}

/// `fn deserialize_output(response) -> Result<Output, DeserializeError>`.
pub fn deserialize_output_fn(
    cx: &Context<'_>,
    op: &Operation,
    output_name: &syn::Ident,
    output: &Structure,
    codec: &dyn ResponseCodec,
    imports: &mut Imports,
) -> TokenStream {
    let response_type = imports.name("awsgen_runtime::http::HttpResponse");
    let deserialize_error = imports.name("awsgen_runtime::error::DeserializeError");
    let body_members: Vec<&Member> = output
        .members
        .iter()
        .filter(|m| matches!(m.location, Location::Body(_)) && !is_root_text(m))
        .collect();
    let parse = if body_members.is_empty() {
        TokenStream::new()
    } else {
        codec.read_members(cx, &body_members, BodyAt::Output(op), imports)
    };
    let streamed = cx.service.streamed_output_payload(output);
    let fields: Vec<TokenStream> = output
        .members
        .iter()
        .map(|member| match &member.location {
            Location::Body(_) if is_root_text(member) => root_text_field(cx, member, imports),
            Location::Body(_) => finish_field(cx, member, codec.runtime_module(), imports),
            _ if streamed.is_some_and(|streamed| streamed.name == member.name) => {
                let ident = field_ident(member);
                if ident == "body" {
                    quote!(body,)
                } else {
                    quote!(#ident: body,)
                }
            }
            _ => bound_output_field(cx, member, codec, imports),
        })
        .collect();
    let Some(_) = streamed else {
        let response_param = if output.members.is_empty() {
            quote!(_response)
        } else {
            quote!(response)
        };
        return quote! {
            fn deserialize_output(#response_param: &#response_type) -> Result<Self::Output, #deserialize_error> {
                #parse
                Ok(#output_name { #(#fields)* })
            }
        };
    };
    // The payload is all of the body, so nothing else is read from it.
    let byte_stream = imports.name("awsgen_runtime::body::ByteStream");
    let response_param = if output.members.len() == 1 {
        quote!(_response)
    } else {
        quote!(response)
    };
    quote! {
        const STREAMING_OUTPUT: bool = true;

        /// The output of a response read whole, its body streamed from memory.
        fn deserialize_output(response: &#response_type) -> Result<Self::Output, #deserialize_error> {
            Self::deserialize_streaming_output(response, #byte_stream::from(response.body.clone()))
        }

        fn deserialize_streaming_output(
            #response_param: &#response_type,
            body: #byte_stream,
        ) -> Result<Self::Output, #deserialize_error> {
            Ok(#output_name { #(#fields)* })
        }
    }
}

fn is_root_text(member: &Member) -> bool {
    member.transform == Some(Transform::RootText)
}

/// A member that is the text of the document's element (an enum or a string).
fn root_text_field(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    let ident = field_ident(member);
    let xml = imports.name("awsgen_runtime::xml");
    let ty = rust_type(cx.service, &member.target, imports);
    quote!(#ident: #xml::root_text(&response.body)?.map(|text| #ty::from(text.as_str())),)
}

/// An output member bound to a header, the status code or the whole body.
fn bound_output_field(
    cx: &Context<'_>,
    member: &Member,
    codec: &dyn ResponseCodec,
    imports: &mut Imports,
) -> TokenStream {
    let ident = field_ident(member);
    let value = match bound_value(cx, member, Strictness::Strict, codec, imports) {
        Found::Always(value) if member.required => value,
        Found::Always(value) => quote!(Some(#value)),
        Found::Maybe(found) if member.required => {
            required_value(cx, member, found, codec.runtime_module(), imports)
        }
        Found::Maybe(found) => found,
    };
    quote!(#ident: #value,)
}

/// A bound member's value as read from a response.
enum Found {
    /// Always there: the status code, the prefix headers, a raw payload (the body, even an
    /// empty one, as botocore returns it). An expression of the member's type.
    Always(TokenStream),
    /// A header or a body member, which may be absent: an `Option` expression.
    Maybe(TokenStream),
}

/// A member bound to a header, the status code or the whole body, read from `response`.
/// Strictly, the expression uses `?` with a `DeserializeError`; leniently, a value that
/// does not parse is `None`.
fn bound_value(
    cx: &Context<'_>,
    member: &Member,
    strictness: Strictness,
    codec: &dyn ResponseCodec,
    imports: &mut Imports,
) -> Found {
    if member.location == Location::StatusCode {
        return Found::Always(quote!(i32::from(response.status)));
    }
    let shape = cx.service.shape(&member.target);
    let found = match (&member.location, &shape.kind) {
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
            return Found::Always(quote!(#rest::prefix_headers(response, #prefix)));
        }
        (Location::Payload(_), ShapeKind::Blob(_)) => {
            let blob = imports.name("awsgen_runtime::json::Blob");
            return Found::Always(quote!(#blob::from(response.body.clone())));
        }
        (Location::Payload(_), ShapeKind::Enum(_)) => {
            let ty = rust_type(cx.service, &member.target, imports);
            return Found::Always(quote!(
                #ty::from(String::from_utf8_lossy(&response.body).as_ref())
            ));
        }
        (Location::Payload(_), ShapeKind::String(_)) => {
            return Found::Always(quote!(String::from_utf8_lossy(&response.body).into_owned()));
        }
        (Location::Payload(_), _) => settle(codec.read_payload(cx, member, imports), strictness),
        (location, _) => unreachable!("{location:?} is not an output binding"),
    };
    Found::Maybe(found)
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
    codec: &dyn ResponseCodec,
    imports: &mut Imports,
) -> TokenStream {
    let response_type = imports.name("awsgen_runtime::http::HttpResponse");
    let meta_type = imports.name("awsgen_runtime::error::ErrorMetadata");
    let message = message_member(cx.service, structure);
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
        codec.read_members(cx, &others, BodyAt::Error, imports)
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
                match bound_value(cx, member, Strictness::Lenient, codec, imports) {
                    Found::Always(value) if member.required => value,
                    Found::Always(value) => quote!(Some(#value)),
                    Found::Maybe(found) if member.required => quote!(#found.unwrap_or_default()),
                    Found::Maybe(found) => found,
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
