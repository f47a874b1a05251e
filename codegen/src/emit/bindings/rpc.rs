//! RPC framing (awsJson, awsQuery and ec2Query; rpcv2Cbor later): every request is `POST /`
//! naming the operation (in a header for awsJson, in the body for the query protocols), and
//! every member travels in the body.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Context;
use crate::emit::codec::{RequestCodec, ResponseCodec};
use crate::emit::imports::Imports;
use crate::ir::{Member, Operation, Structure};

use super::{http, serialize_body};

/// `fn serialize`: `POST /`, with `X-Amz-Target: <target_prefix>.<Operation>` when there
/// is a target prefix, and the whole input as the body, even when it has no members.
pub fn serialize_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    target_prefix: Option<&str>,
    query_mode: bool,
    codec: &dyn RequestCodec,
    imports: &mut Imports,
) -> TokenStream {
    let target = target_prefix.map(|prefix| {
        let target = format!("{prefix}.{}", op.name);
        quote!(request.headers.insert("X-Amz-Target", #target);)
    });
    let query_mode =
        query_mode.then(|| quote!(request.headers.insert("x-amzn-query-mode", "true");));
    let members: Vec<&Member> = input.members.iter().collect();
    let body = codec.write_members(cx, op, &members, imports);
    let framing = quote! {
        #target
        #query_mode
        #body
    };
    let method = op.method.as_str();
    serialize_body(
        op,
        input,
        TokenStream::new(),
        method,
        quote!("/".to_owned()),
        framing,
        imports,
    )
}

/// `fn deserialize_output`: with every member in the body, this is what the HTTP bindings
/// emit for an output that binds nothing.
pub fn deserialize_output_fn(
    cx: &Context<'_>,
    op: &Operation,
    output_name: &syn::Ident,
    output: &Structure,
    codec: &dyn ResponseCodec,
    imports: &mut Imports,
) -> TokenStream {
    http::deserialize_output_fn(cx, op, output_name, output, codec, imports)
}

/// An error structure's `from_response`, likewise the HTTP bindings' with nothing bound.
pub fn error_members_fn(
    cx: &Context<'_>,
    structure: &Structure,
    codec: &dyn ResponseCodec,
    imports: &mut Imports,
) -> TokenStream {
    http::error_members_fn(cx, structure, codec, imports)
}
