//! The one place that looks at a service's protocol: it picks the bindings, the body codec
//! and the error-metadata rule the IR's protocol description names, and hands the model
//! emitters what they need from them. A new protocol is a codec or binding module and an
//! arm here.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::bindings::http;
use super::codec::{BodyCodec, Json};
use super::imports::Imports;
use crate::ir::{Operation, Protocol, Shape, Structure};

const REST_JSON_BODY: Json = Json {
    content_type: "application/json",
};

/// The codec of the service's bodies.
fn codec(cx: &Context<'_>) -> &'static dyn BodyCodec {
    match cx.service.meta.protocol {
        Protocol::RestJson => &REST_JSON_BODY,
    }
}

/// What a named shape needs to travel in bodies (see [`BodyCodec::shape_impls`]).
pub fn shape_impls(cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
    codec(cx).shape_impls(cx, shape, imports)
}

/// `fn serialize` of an operation's `Operation` impl.
pub fn serialize_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    match cx.service.meta.protocol {
        Protocol::RestJson => http::serialize_fn(cx, op, input, codec(cx), imports),
    }
}

/// `fn deserialize_output` of an operation's `Operation` impl.
pub fn deserialize_output_fn(
    cx: &Context<'_>,
    output_name: &syn::Ident,
    output: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    match cx.service.meta.protocol {
        Protocol::RestJson => {
            http::deserialize_output_fn(cx, output_name, output, codec(cx), imports)
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
    match cx.service.meta.protocol {
        Protocol::RestJson => http::error_members_fn(cx, structure, codec(cx), imports),
    }
}

/// The runtime function that finds an error response's code, message and request id.
pub fn error_metadata_fn(cx: &Context<'_>, imports: &mut Imports) -> TokenStream {
    let module = match cx.service.meta.protocol {
        Protocol::RestJson => "awsgen_runtime::protocol::rest_json",
    };
    let module = imports.name(module);
    quote!(#module::error_metadata)
}
