//! Where an operation's members travel in an HTTP request and response. REST protocols
//! bind members to the URI, query, headers and status ([`http`]); RPC protocols send a
//! fixed request that names the operation and carry every member in the body ([`rpc`]).
//! Either way the body itself is the codec's.

pub mod http;
pub mod rpc;
use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::imports::Imports;
use crate::emit::symbols::field_ident;
use crate::ir::{Operation, PathPart, Structure};

/// `fn serialize(&self, cx) -> SerializedRequest` around a binding's `framing` statements
/// (which fill in `request`), with what every protocol adds after them: the host prefix,
/// botocore's API-version header, compression and Glacier's checksums. (Flexible checksums
/// are the client's, which knows the endpoint's scheme.)
fn serialize_body(
    op: &Operation,
    input: &Structure,
    labels: TokenStream,
    method: &str,
    path: TokenStream,
    framing: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let serialized = imports.name("awsgen_runtime::client::SerializedRequest");
    let context = imports.name("awsgen_runtime::client::RequestContext");
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
    let api_version = op
        .api_version_header
        .as_deref()
        .map(|version| quote!(request.headers.insert("x-amz-api-version", #version);));
    // Compression comes here, before the client adds a checksum of the bytes sent.
    let compress = op.request_compression.then(|| {
        let compression = imports.name("awsgen_runtime::compression");
        quote! {
            if let Some(min_size) = cx.min_compression_size() {
                #compression::gzip_request(&mut request, min_size);
            }
        }
    });
    let tree_hash = op.tree_hash_checksums.then(|| {
        let customizations = imports.name("awsgen_runtime::customizations");
        quote!(#customizations::add_tree_hash_checksums(&mut request.headers, &request.body);)
    });
    // Before compression and checksums, which cover the bytes as sent.
    let escape = op.escape_xml_line_breaks.then(|| {
        let customizations = imports.name("awsgen_runtime::customizations");
        quote!(#customizations::escape_xml_line_breaks(&mut request.body);)
    });
    let uses_context = compress.is_some()
        || op.presigned_copy.is_some()
        || input
            .members
            .iter()
            .any(|m| m.idempotency_token && !m.required);
    let cx_param = if uses_context {
        quote!(cx)
    } else {
        quote!(_cx)
    };
    if framing.is_empty()
        && host_prefix.is_none()
        && api_version.is_none()
        && compress.is_none()
        && tree_hash.is_none()
        && escape.is_none()
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
            #framing
            #escape
            #api_version
            #compress
            #tree_hash
            request
        }
    }
}
