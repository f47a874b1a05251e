//! One module per operation: the client method, the call builder, input, output, error
//! enum, and the `Operation` impl that holds the operation's wire format.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::endpoint::Param;
use crate::ir::{
    Auth, EndpointBinding, EndpointValue, Location, Member, Operation, RequestChecksum,
    ResponseChecksum, Shape, ShapeKind, Structure, UrlDecodedOutput,
};

use crate::emit::docs::{doc_attrs, doc_lines, inner_doc_lines, to_markdown};
use crate::emit::endpoint::operation_params;
use crate::emit::imports::Imports;
use crate::emit::symbols::field_ident;
use crate::emit::{Context, protocol};

use super::context_params::context_value;
use super::errors::{deserialize_error_fn, operation_error};
use super::paginators::paginator_items;
use super::types::{constructor, required_parameters, setter, struct_definition};
use super::validation::validate_impl;
use super::with_imports;

pub fn operation_file(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let mut imports = Imports::default();
    let input_shape = cx.service.shape(&op.input);
    let output_shape = cx.service.shape(&op.output);
    let input = structure(input_shape);
    let output = structure(output_shape);

    let client_method = client_method(cx, op, input, &mut imports);
    let call = call_builder(cx, op, input, &mut imports);
    let input_definition = struct_definition(cx, input_shape, input, &mut imports);
    let input_name = format_ident!("{}", input_shape.rust_name);
    let input_constructor = constructor(cx, input, &mut imports);
    let output_definition = struct_definition(cx, output_shape, output, &mut imports);
    let error = operation_error(cx, op, &mut imports);
    let host_labels: Vec<&str> = op
        .host_prefix
        .iter()
        .flatten()
        .filter_map(|part| match part {
            crate::ir::PathPart::Label { name, .. } => Some(name.as_str()),
            crate::ir::PathPart::Literal(_) => None,
        })
        .collect();
    let validate = validate_impl(cx, input_shape, input, &host_labels, &mut imports);
    let operation_impl = operation_impl(cx, op, input, output_shape, output, &mut imports);
    let paginator = paginator_items(cx, op, &mut imports);
    let module_doc = module_doc(op);
    let items = quote! {
        #client_method
        #call
        #input_definition
        impl #input_name {
            #input_constructor
        }
        #output_definition
        #error
        #validate
        #operation_impl
        #paginator
    };
    let items = with_imports(&imports, items);
    // The model's deprecated members are still read and written here; users who touch them
    // get the warning.
    let deprecated = input
        .members
        .iter()
        .chain(&output.members)
        .any(|m| m.deprecated)
        .then(|| quote!(#![allow(deprecated)]));
    quote! {
        #module_doc
        #deprecated
        #items
    }
}

fn structure(shape: &Shape) -> &Structure {
    match &shape.kind {
        ShapeKind::Structure(structure) => structure,
        _ => unreachable!("operation inputs and outputs are structures"),
    }
}

fn module_doc(op: &Operation) -> TokenStream {
    let summary = op.docs.as_deref().map(to_markdown).unwrap_or_default();
    let first = summary.split("\n\n").next().unwrap_or_default();
    let text = format!("The `{}` operation: {first}", op.name);
    inner_doc_lines(&text)
}

/// `impl Client { pub fn create_deployment(&self, required…) -> CreateDeployment<'_> }`.
fn client_method(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let client = imports.name("crate::Client");
    let method = format_ident!("{}", op.rust_name);
    let call = format_ident!("{}", op.call_name);
    let input_name = format_ident!("{}", op.input);
    let docs = doc_attrs(op.docs.as_deref());
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let params = required_parameters(cx, input, imports);
    let args = input.members.iter().filter(|m| m.required).map(field_ident);
    // `&self` counts towards clippy's limit of seven.
    let allow = (params.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #client {
            #docs
            #deprecated
            #allow
            pub fn #method(&self, #(#params),*) -> #call<'_> {
                #call {
                    client: self,
                    input: #input_name::new(#(#args),*),
                }
            }
        }
    }
}

/// The call a client method returns: optional members are set by chained methods, then
/// `send` runs it.
fn call_builder(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let client = imports.name("crate::Client");
    let sdk_error = imports.name("awsgen_runtime::error::SdkError");
    let presigned = imports.name("awsgen_runtime::presign::PresignedRequest");
    let presign_error = imports.name("awsgen_runtime::presign::PresignError");
    let duration = imports.name("std::time::Duration");
    let call = format_ident!("{}", op.call_name);
    let input_name = format_ident!("{}", op.input);
    let output_name = format_ident!("{}", op.output);
    let error_name = format_ident!("{}", op.error_name);
    let doc = doc_lines(&format!(
        "A `{}` call ready to send: set optional members with the methods named after them, then `send`.",
        op.name
    ));
    let setters: Vec<TokenStream> = input
        .members
        .iter()
        .filter(|m| !m.required)
        .map(|member| {
            let ident = field_ident(member);
            setter(cx, member, quote!(self.input.#ident), imports)
        })
        .collect();
    // The accessor is `as_input`, not `input`, which may be a member's setter (Step
    // Functions' `StartExecution` has an `input` member).
    quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #call<'a> {
            client: &'a #client,
            input: #input_name,
        }

        impl #call<'_> {
            #(#setters)*

            /// The input as it stands.
            pub fn as_input(&self) -> &#input_name {
                &self.input
            }

            /// Validates the input, sends the request and parses the response.
            pub async fn send(self) -> Result<#output_name, #sdk_error<#error_name>> {
                self.client.core.call(&self.input).await
            }

            /// The request, signed in its URL for `expires_in` (at most seven days), for
            /// anyone to send without credentials; nothing is sent now.
            pub fn presigned(self, expires_in: #duration) -> Result<#presigned, #presign_error> {
                self.client.core.presign(&self.input, expires_in)
            }
        }
    }
}

fn operation_impl(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    output_shape: &Shape,
    output: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let operation = imports.name("awsgen_runtime::client::Operation");
    let input_name = format_ident!("{}", op.input);
    let output_name = format_ident!("{}", output_shape.rust_name);
    let error_name = format_ident!("{}", op.error_name);
    let name = op.name.as_str();
    let auth = match op.auth {
        Auth::SigV4 => None,
        Auth::SigV4UnsignedPayload => Some(quote!(SigV4UnsignedPayload)),
        Auth::None => Some(quote!(NoAuth)),
    }
    .map(|variant| {
        let scheme = imports.name("awsgen_runtime::client::AuthScheme");
        quote!(const AUTH: #scheme = #scheme::#variant;)
    });
    let success_may_hold_error = op.success_may_hold_error.then(|| {
        quote!(
            const SUCCESS_MAY_HOLD_ERROR: bool = true;
        )
    });
    let long_polling = op.long_polling.then(|| {
        quote!(
            const LONG_POLLING: bool = true;
        )
    });
    let streaming_input = cx.service.streamed_input_payload(input).map(|_| {
        quote!(
            const STREAMING_INPUT: bool = true;
        )
    });
    let request_checksum = op
        .request_checksum
        .as_ref()
        .map(|checksum| request_checksum(checksum, input, imports));
    let response_checksum = op
        .response_checksum
        .as_ref()
        .map(|checksum| response_checksum(checksum, input, imports));
    let endpoint = endpoint_fn(cx, op, input, imports);
    let serialize = protocol::serialize_fn(cx, op, input, imports);
    let deserialize_output = protocol::deserialize_output_fn(cx, op, &output_name, output, imports);
    let deserialize_error = deserialize_error_fn(cx, op, imports);
    let finish_output = op
        .url_decoded_output
        .as_ref()
        .and_then(|decoded| finish_output_fn(cx, decoded, input, output, imports));
    quote! {
        impl #operation for #input_name {
            type Output = #output_name;
            type Error = #error_name;

            const NAME: &'static str = #name;
            #auth
            #long_polling
            #success_may_hold_error
            #streaming_input
            #request_checksum
            #response_checksum

            #endpoint
            #serialize
            #deserialize_output
            #deserialize_error
            #finish_output
        }
    }
}

/// `fn finish_output` for an S3 listing: unless the caller chose an encoding, the client
/// asked for `url` (`Transform::UrlEncodingUnlessChosen`), and decodes what S3 encoded.
fn finish_output_fn(
    cx: &Context<'_>,
    decoded: &UrlDecodedOutput,
    input: &Structure,
    output: &Structure,
    imports: &mut Imports,
) -> Option<TokenStream> {
    let member_of = |structure: &'_ Structure, name: &str| {
        structure
            .members
            .iter()
            .find(|m| m.name == name)
            .cloned()
            .unwrap_or_else(|| unreachable!("the IR keeps only members the shapes have"))
    };
    let chosen = member_of(input, &decoded.encoding_member);
    if chosen.required {
        return None;
    }
    let url_decode = imports.name("awsgen_runtime::customizations::url_decode");
    let decode = |place: TokenStream, member: &Member| {
        let field = field_ident(member);
        if member.required {
            quote!(#url_decode(&mut #place.#field);)
        } else {
            quote!(if let Some(value) = &mut #place.#field { #url_decode(value); })
        }
    };
    let mut statements: Vec<TokenStream> = decoded
        .members
        .iter()
        .map(|name| decode(quote!(output), &member_of(output, name)))
        .collect();
    for (list, name) in &decoded.nested {
        let list = member_of(output, list);
        let ShapeKind::List(collection) = &cx.service.shape(&list.target).kind else {
            unreachable!("the IR checked that `{}` is a list", list.name)
        };
        let element = member_of(cx.service.structure(&collection.member), name);
        let field = field_ident(&list);
        let items = match (list.required, collection.sparse) {
            (true, false) => quote!(&mut output.#field),
            (true, true) | (false, false) => quote!(output.#field.iter_mut().flatten()),
            (false, true) => quote!(output.#field.iter_mut().flatten().flatten()),
        };
        let decode = decode(quote!(item), &element);
        statements.push(quote!(for item in #items { #decode }));
    }
    let chosen = field_ident(&chosen);
    let used_member = member_of(output, &decoded.encoding_member);
    let used = field_ident(&used_member);
    let used = if used_member.required {
        quote!(output.#used.as_str() == "url")
    } else {
        quote!(output.#used.as_ref().is_some_and(|encoding| encoding.as_str() == "url"))
    };
    Some(quote! {
        fn finish_output(&self, output: &mut Self::Output) {
            if self.#chosen.is_none() && #used {
                #(#statements)*
            }
        }
    })
}

/// The header an input member is bound to; the IR checks that checksum members are.
fn header_of<'a>(input: &'a Structure, member: &str) -> &'a str {
    input
        .members
        .iter()
        .find_map(|m| match &m.location {
            Location::Header(header) if m.name == member => Some(header.as_str()),
            _ => None,
        })
        .expect("the IR checks that checksum members are bound to headers")
}

fn request_checksum(
    checksum: &RequestChecksum,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let request_checksum = imports.name("awsgen_runtime::checksum::RequestChecksum");
    let required = checksum.required;
    let streaming = checksum.streaming;
    let algorithm_member = match &checksum.algorithm_member {
        Some(name) => {
            let member = imports.name("awsgen_runtime::checksum::AlgorithmMember");
            let header = header_of(input, name);
            quote!(Some(#member { name: #name, header: #header }))
        }
        None => quote!(None),
    };
    quote! {
        const REQUEST_CHECKSUM: Option<#request_checksum> = Some(#request_checksum {
            required: #required,
            algorithm_member: #algorithm_member,
            streaming: #streaming,
        });
    }
}

fn response_checksum(
    checksum: &ResponseChecksum,
    input: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let response_checksum = imports.name("awsgen_runtime::checksum::ResponseChecksum");
    let algorithm = imports.name("awsgen_runtime::checksum::Algorithm");
    let mode_header = header_of(input, &checksum.mode_member);
    // The runtime checks the ones it knows; the xxHash family and MD5 are not among them.
    let algorithms = checksum.algorithms.iter().filter_map(|name| {
        let variant = match name.to_ascii_uppercase().as_str() {
            "CRC32" => quote!(Crc32),
            "CRC32C" => quote!(Crc32c),
            "CRC64NVME" => quote!(Crc64Nvme),
            "SHA1" => quote!(Sha1),
            "SHA256" => quote!(Sha256),
            "SHA512" => quote!(Sha512),
            _ => return None,
        };
        Some(quote!(#algorithm::#variant))
    });
    quote! {
        const RESPONSE_CHECKSUM: Option<#response_checksum> = Some(#response_checksum {
            mode_header: #mode_header,
            algorithms: &[#(#algorithms),*],
        });
    }
}

/// `fn endpoint`, for an operation that gives the endpoint rules values of its own: the
/// rules resolved with the client's parameters and those.
fn endpoint_fn(
    cx: &Context<'_>,
    op: &Operation,
    input: &Structure,
    imports: &mut Imports,
) -> Option<TokenStream> {
    let bindings = operation_params(cx.endpoint_rules, op);
    if bindings.is_empty() {
        return None;
    }
    let built_ins = imports.name("awsgen_runtime::endpoint::BuiltIns");
    let endpoint = imports.name("awsgen_runtime::endpoint::Endpoint");
    let endpoint_error = imports.name("awsgen_runtime::endpoint::EndpointError");
    let params = imports.name("crate::endpoint::Params");
    let resolve = imports.name("crate::endpoint::resolve");
    let client_params = imports.name("crate::client::endpoint_params");
    let fields = bindings.iter().map(|(binding, param)| {
        let field = format_ident!("{}", param.rust_name);
        let value = match &binding.value {
            EndpointValue::Bool(value) => quote!(Some(#value)),
            EndpointValue::String(value) => quote!(Some(#value.to_owned())),
            EndpointValue::Member(name) => {
                let member = input
                    .members
                    .iter()
                    .find(|m| m.name == *name)
                    .expect("context parameters name input members");
                let ident = field_ident(member);
                match (&cx.service.shape(&member.target).kind, member.required) {
                    (ShapeKind::String(_), true) => quote!(Some(self.#ident.clone())),
                    (ShapeKind::String(_), false) => quote!(self.#ident.clone()),
                    (ShapeKind::Enum(_), true) => quote!(Some(self.#ident.as_str().to_owned())),
                    (ShapeKind::Enum(_), false) => {
                        quote!(self.#ident.as_ref().map(|value| value.as_str().to_owned()))
                    }
                    (_, true) => quote!(Some(self.#ident)),
                    (_, false) => quote!(self.#ident),
                }
            }
            EndpointValue::Path(path) => context_value(cx, input, path, imports),
        };
        quote!(#field: #value)
    });
    let bucket = endpoint_bucket_fn(cx, &bindings, input);
    Some(quote! {
        fn endpoint(&self, built_ins: &#built_ins<'_>) -> Option<Result<#endpoint, #endpoint_error>> {
            Some(#resolve(&#params {
                #(#fields,)*
                ..#client_params(built_ins)
            }))
        }
        #bucket
    })
}

/// `fn endpoint_bucket`, for an operation whose input names S3's `Bucket` endpoint
/// parameter with a string member: where a presigned URL goes depends on it.
fn endpoint_bucket_fn(
    cx: &Context<'_>,
    bindings: &[(&EndpointBinding, &Param)],
    input: &Structure,
) -> Option<TokenStream> {
    let member = bindings
        .iter()
        .find_map(|(binding, param)| match &binding.value {
            EndpointValue::Member(name) if param.name == "Bucket" => {
                input.members.iter().find(|m| m.name == *name)
            }
            _ => None,
        })?;
    if !matches!(cx.service.shape(&member.target).kind, ShapeKind::String(_)) {
        return None;
    }
    let ident = field_ident(member);
    let bucket = if member.required {
        quote!(Some(&self.#ident))
    } else {
        quote!(self.#ident.as_deref())
    };
    Some(quote! {
        fn endpoint_bucket(&self) -> Option<&str> {
            #bucket
        }
    })
}
