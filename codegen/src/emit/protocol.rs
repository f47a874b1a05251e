//! The one place that looks at a service's protocol: it picks the bindings, the body codecs
//! and the error-metadata rule the IR's protocol description names, and hands the model
//! emitters what they need from them. A new protocol is a codec or binding module and an
//! arm here.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::bindings::{http, rpc};
use super::codec::{Form, Json, RequestCodec, ResponseCodec, Xml};
use super::imports::Imports;
use crate::ir::{Bindings, Codec, ErrorRule, Operation, QueryDialect, Shape, Structure};

fn request_codec(codec: &Codec) -> Box<dyn RequestCodec + '_> {
    match codec {
        Codec::Json { content_type } => Box::new(Json { content_type }),
        Codec::Form { dialect } => Box::new(Form { dialect: *dialect }),
        Codec::Xml => Box::new(Xml),
    }
}

fn response_codec(codec: &Codec) -> Box<dyn ResponseCodec + '_> {
    match codec {
        Codec::Json { content_type } => Box::new(Json { content_type }),
        Codec::Xml => Box::new(Xml),
        Codec::Form { .. } => unreachable!("no protocol answers with a form-encoded body"),
    }
}

/// Whether the runtime's XML (and with it the query protocols' support) is needed.
pub fn needs_xml(cx: &Context<'_>) -> bool {
    cx.service.meta.protocol.speaks_xml()
}

/// What a named shape needs to travel in bodies: the request codec's impls for writing
/// it, the response codec's for reading it.
pub fn shape_impls(cx: &Context<'_>, shape: &Shape, imports: &mut Imports) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    let write = request_codec(&protocol.request_codec).write_impls(cx, shape, imports);
    let read = response_codec(&protocol.response_codec).read_impls(cx, shape, imports);
    quote! {
        #write
        #read
    }
}

/// `fn serialize` of an operation's `Operation` impl.
pub fn serialize_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    let codec = request_codec(&protocol.request_codec);
    match &protocol.bindings {
        Bindings::Http => http::serialize_fn(cx, op, input, &*codec, imports),
        Bindings::Rpc {
            target_prefix,
            query_mode,
        } => rpc::serialize_fn(
            cx,
            op,
            input,
            target_prefix.as_deref(),
            *query_mode,
            &*codec,
            imports,
        ),
    }
}

/// `fn deserialize_output` of an operation's `Operation` impl.
pub fn deserialize_output_fn(
    cx: &Context<'_>,
    op: &Operation,
    output_name: &syn::Ident,
    output: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let protocol = &cx.service.meta.protocol;
    let codec = response_codec(&protocol.response_codec);
    match &protocol.bindings {
        Bindings::Http => {
            http::deserialize_output_fn(cx, op, output_name, output, &*codec, imports)
        }
        Bindings::Rpc { .. } => {
            rpc::deserialize_output_fn(cx, op, output_name, output, &*codec, imports)
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
    let codec = response_codec(&protocol.response_codec);
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
        ErrorRule::Query(QueryDialect::AwsQuery) => {
            ("awsgen_runtime::protocol::query", "error_metadata")
        }
        ErrorRule::Query(QueryDialect::Ec2) => ("awsgen_runtime::protocol::ec2", "error_metadata"),
        ErrorRule::RestXml => ("awsgen_runtime::protocol::rest_xml", "error_metadata"),
    };
    let module = imports.name(module);
    let function = quote::format_ident!("{function}");
    quote!(#module::#function)
}
