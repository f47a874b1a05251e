//! Error structures (one per modeled exception) and each operation's error enum.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs::{doc_attrs, doc_lines};
use crate::emit::imports::Imports;
use crate::emit::symbols::message_member;
use crate::emit::{Context, protocol};
use crate::ir::{Operation, Shape, Structure};

use super::types::struct_definition;

/// An exception's structure, its `Display` (code and message) and its parser.
pub fn error_structure(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let definition = struct_definition(cx, shape, structure, imports);
    let from_response = protocol::error_from_response_fn(cx, structure, imports);
    let fmt = imports.name("std::fmt");
    let code = shape.error_info().code.as_str();
    let display = match message_member(cx.service, structure) {
        Some(member) if member.required => {
            let ident = format_ident!("{}", member.rust_name);
            let template = format!("{code}: {{}}");
            quote!(write!(f, #template, self.#ident))
        }
        Some(member) => {
            let ident = format_ident!("{}", member.rust_name);
            let template = format!("{code}: {{message}}");
            quote! {
                match &self.#ident {
                    Some(message) => write!(f, #template),
                    None => f.write_str(#code),
                }
            }
        }
        None => quote!(f.write_str(#code)),
    };
    quote! {
        #definition

        impl #name {
            #from_response
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                #display
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `enum <Op>Error` with a variant per modeled error and one for everything else, plus the
/// function that picks the variant from an error response.
pub fn operation_error(cx: &Context<'_>, op: &Operation, imports: &mut Imports) -> TokenStream {
    let name = format_ident!("{}", op.error_name);
    let meta_type = imports.name("awsgen_runtime::error::ErrorMetadata");
    let fmt = imports.name("std::fmt");
    let doc = doc_lines(&format!("An error that `{}` can return.", op.name));
    let errors: Vec<(&Shape, syn::Ident, syn::Ident)> = op
        .errors
        .iter()
        .map(|error| {
            let shape = cx.service.shape(error);
            let ty = imports.name(&format!("crate::error::{}", shape.rust_name));
            (
                shape,
                format_ident!("{}", shape.error_info().variant_name),
                ty,
            )
        })
        .collect();
    let variants = errors.iter().map(|(shape, variant, ty)| {
        let docs = doc_attrs(shape.docs.as_deref());
        quote!(#docs #variant(#ty),)
    });
    let display_arms = errors
        .iter()
        .map(|(_, variant, _)| quote!(#name::#variant(error) => error.fmt(f),));
    let source_arms = errors
        .iter()
        .map(|(_, variant, _)| quote!(#name::#variant(error) => Some(error),));
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe; its code, message, HTTP status and
            /// request id are kept.
            Unhandled(#meta_type),
        }

        impl #fmt::Display for #name {
            fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                match self {
                    #(#display_arms)*
                    #name::Unhandled(meta) => meta.fmt(f),
                }
            }
        }

        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    #name::Unhandled(_) => None,
                }
            }
        }
    }
}

/// `fn deserialize_error(response) -> ServiceError<…>`: the error code picks the variant.
pub fn deserialize_error_fn(
    cx: &Context<'_>,
    op: &Operation,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", op.error_name);
    let response_type = imports.name("awsgen_runtime::http::HttpResponse");
    let service_error = imports.name("awsgen_runtime::error::ServiceError");
    let error_metadata = protocol::error_metadata_fn(cx, imports);
    let arms = op.errors.iter().map(|error| {
        let shape = cx.service.shape(error);
        let info = shape.error_info();
        let code = info.code.as_str();
        let ty = format_ident!("{}", shape.rust_name);
        let variant = format_ident!("{}", info.variant_name);
        quote!(#code => #name::#variant(#ty::from_response(response, &meta)),)
    });
    if op.errors.is_empty() {
        return quote! {
            fn deserialize_error(response: &#response_type) -> #service_error<Self::Error> {
                let meta = #error_metadata(response);
                let error = #name::Unhandled(meta.clone());
                #service_error { error, meta }
            }
        };
    }
    quote! {
        fn deserialize_error(response: &#response_type) -> #service_error<Self::Error> {
            let meta = #error_metadata(response);
            let error = match meta.modeled_code() {
                #(#arms)*
                _ => #name::Unhandled(meta.clone()),
            };
            #service_error { error, meta }
        }
    }
}
