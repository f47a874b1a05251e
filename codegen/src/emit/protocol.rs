//! The one place that looks at a service's protocol: it picks the bindings, the body codec
//! and the error-metadata rule the IR's protocol description names, and hands the model
//! emitters what they need from them. A new protocol is a codec or binding module and an
//! arm here.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::bindings::{http, rpc};
use super::codec::{BodyCodec, Json};
use super::imports::Imports;
use crate::ir::{Bindings, Codec, ErrorRule, Operation, Shape, Structure};

fn codec<'a>(codec: &'a Codec) -> Box<dyn BodyCodec + 'a> {
    match codec {
        Codec::Json { content_type } => Box::new(Json { content_type }),
    }
}

/// What a named shape needs to travel in bodies (see [`BodyCodec::shape_impls`]). Both
/// directions of the protocols so far share a codec, so the request's speaks for both.
pub fn shape_impls(cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    debug_assert_eq!(protocol.request_codec, protocol.response_codec);
    codec(&protocol.request_codec).shape_impls(cx, shape, imports)
}

/// `fn serialize` of an operation's `Operation` impl.
pub fn serialize_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    let codec = codec(&protocol.request_codec);
    match &protocol.bindings {
        Bindings::Http => http::serialize_fn(cx, op, input, &*codec, imports),
        Bindings::Rpc {
            target_prefix,
            query_mode,
        } => rpc::serialize_fn(cx, op, input, target_prefix, *query_mode, &*codec, imports),
    }
}

/// `fn deserialize_output` of an operation's `Operation` impl.
pub fn deserialize_output_fn(
    cx: &Context<'_>,
    output_name: &syn::Ident,
    output: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    let codec = codec(&protocol.response_codec);
    match &protocol.bindings {
        Bindings::Http => http::deserialize_output_fn(cx, output_name, output, &*codec, imports),
        Bindings::Rpc { .. } => {
            rpc::deserialize_output_fn(cx, output_name, output, &*codec, imports)
        }
    }
}

/// `fn from_response(response, meta) -> Self` of an error structure: its members read from
/// an error response, leniently.
pub fn error_from_response_fn(
    cx: &Context<'_>,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    let codec = codec(&protocol.response_codec);
    match &protocol.bindings {
        Bindings::Http => http::error_members_fn(cx, structure, &*codec, imports),
        Bindings::Rpc { .. } => rpc::error_members_fn(cx, structure, &*codec, imports),
    }
}

/// The runtime function that finds an error response's code, message and request id.
pub fn error_metadata_fn(cx: &Context<'_>, imports: &mut Imports) -> TokenStream {
    let (module, function) = match cx.service.meta.protocol.errors {
        ErrorRule::RestJson => ("awsgen_runtime::protocol::rest_json", "error_metadata"),
        ErrorRule::AwsJson {
            by_shape_name: false,
        } => ("awsgen_runtime::protocol::aws_json", "error_metadata"),
        ErrorRule::AwsJson {
            by_shape_name: true,
        } => (
            "awsgen_runtime::protocol::aws_json",
            "error_metadata_by_shape_name",
        ),
    };
    let module = imports.name(module);
    let function = quote::format_ident!("{function}");
    quote!(#module::#function)
}
