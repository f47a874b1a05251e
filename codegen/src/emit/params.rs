//! Test support: functions that build each operation's input from botocore-style parameters
//! (a JSON object keyed by member names, as `client.create_deployment(**params)` takes them),
//! through the generated crate's public types. The wire and conformance tests feed the same
//! parameters to botocore and to the generated client.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Member, Service, ShapeKind, StructureRole, Union};

/// A Rust module (as text) with one `pub fn <operation>(params: &Value) -> Result<Input,
/// String>` per operation. `krate` is the generated crate's name as a path, `support` the
/// path of the module holding the scalar converters (`string`, `i32`, `list`, `map`, …).
pub fn params_module(service: &Service, krate: &str, support: &str) -> String {
    let krate: syn::Path = syn::parse_str(krate).expect("a crate path");
    let support: syn::Path = syn::parse_str(support).expect("a module path");
    let mut nested = BTreeSet::new();
    let mut items = Vec::new();
    for op in &service.operations {
        let function = format_ident!("{}", op.rust_name);
        let module = format_ident!("{}", op.rust_name);
        let input = format_ident!("{}", op.input);
        let body = struct_literal(
            service,
            &quote!(#krate::operation::#module::#input),
            &service.structure(&op.input).members,
            &krate,
            &support,
            &mut nested,
        );
        items.push(quote! {
            pub fn #function(params: &Value) -> Result<#krate::operation::#module::#input, String> {
                #body
            }
        });
    }
    // Nested structures and unions reach further nested ones (themselves, too: a union may
    // hold itself); emit until no new one appears.
    let mut done = BTreeSet::new();
    while let Some(name) = nested.iter().find(|n| !done.contains(*n)).cloned() {
        done.insert(name.clone());
        let shape = service.shape(&name);
        let ty = format_ident!("{}", shape.rust_name);
        let function = nested_fn(service, &name);
        let body = match &shape.kind {
            ShapeKind::Union(union) => {
                union_literal(service, &ty, union, &krate, &support, &mut nested)
            }
            _ => struct_literal(
                service,
                &quote!(#krate::types::#ty),
                &service.structure(&name).members,
                &krate,
                &support,
                &mut nested,
            ),
        };
        items.push(quote! {
            fn #function(params: &Value) -> Result<#krate::types::#ty, String> {
                #body
            }
        });
    }
    let arms = service.operations.iter().map(|op| {
        let name = op.name.as_str();
        let function = format_ident!("{}", op.rust_name);
        quote! {
            #name => {
                let input = #function(params)?;
                Ok(client.send(&input).await.err().map(|error| error.to_string()))
            }
        }
    });
    items.push(quote! {
        /// Builds `operation`'s input from `params` and sends it: `Err` when the parameters
        /// do not fit the model, `Ok(Some(error))` when the call failed.
        pub async fn send(
            client: &#krate::Client,
            operation: &str,
            params: &Value,
        ) -> Result<Option<String>, String> {
            match operation {
                #(#arms)*
                other => Err(format!("the model has no operation `{other}`")),
            }
        }
    });
    let file: syn::File = syn::parse2(quote! {
        #[allow(deprecated, unused_imports)]
        use awsgen_runtime::json::Value;
        #(#items)*
    })
    .expect("params module tokens are Rust");
    prettyplease::unparse(&file)
}

fn nested_fn(service: &Service, name: &str) -> syn::Ident {
    let module = &service.shape(name).module_name;
    format_ident!("nested_{}", module.trim_start_matches("r#"))
}

fn struct_literal(
    service: &Service,
    ty: &TokenStream,
    members: &[Member],
    krate: &syn::Path,
    support: &syn::Path,
    nested: &mut BTreeSet<String>,
) -> TokenStream {
    let fields = members.iter().map(|member| {
        let ident = format_ident!("{}", member.rust_name);
        let key = member.name.as_str();
        let convert = if member.base64_header {
            // botocore's parameter is any JSON value, which it encodes; the member holds the
            // JSON text.
            quote!(#support::json_header_text)
        } else if service.is_streamed_payload(member) {
            quote!(#support::request_body)
        } else {
            converter(service, &member.target, krate, support, nested)
        };
        let convert = if member.boxed {
            quote!(|v: &Value| {
                let convert = #convert;
                convert(v).map(Box::new)
            })
        } else {
            convert
        };
        if member.required {
            quote!(#ident: #support::required(params, #key, #convert)?,)
        } else {
            quote!(#ident: #support::optional(params, #key, #convert)?,)
        }
    });
    let fields: Vec<TokenStream> = fields.collect();
    let known = members.iter().map(|m| m.name.as_str());
    quote! {
        // A parameter the structure has no member for has no field to go to.
        #support::only(params, &[#(#known),*])?;
        #[allow(deprecated)]
        Ok(#ty { #(#fields)* })
    }
}

/// The body of a union's converter: the one member the parameters set, as its variant.
fn union_literal(
    service: &Service,
    ty: &syn::Ident,
    union: &Union,
    krate: &syn::Path,
    support: &syn::Path,
    nested: &mut BTreeSet<String>,
) -> TokenStream {
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|variant| {
            let key = variant.member.name.as_str();
            let ident = format_ident!("{}", variant.rust_name);
            let convert = converter(service, &variant.member.target, krate, support, nested);
            let converted = quote!({
                let convert = #convert;
                convert(value)?
            });
            let value = if variant.member.boxed {
                quote!(Box::new(#converted))
            } else {
                converted
            };
            quote!(#key => #krate::types::#ty::#ident(#value),)
        })
        .collect();
    quote! {
        #support::union(params, |key, value| Ok(match key {
            #(#arms)*
            other => return Err(format!("the union has no member `{other}`")),
        }))
    }
}

/// An expression of type `impl Fn(&Value) -> Result<T, String>` for a value of `target`.
fn converter(
    service: &Service,
    target: &str,
    krate: &syn::Path,
    support: &syn::Path,
    nested: &mut BTreeSet<String>,
) -> TokenStream {
    let shape = service.shape(target);
    match &shape.kind {
        ShapeKind::String(_) => quote!(#support::string),
        ShapeKind::Enum(_) => {
            let ty = format_ident!("{}", shape.rust_name);
            quote!(|v: &Value| #support::string(v).map(|s| #krate::types::#ty::from(s.as_str())))
        }
        ShapeKind::Boolean => quote!(#support::boolean),
        ShapeKind::Integer(_) => quote!(#support::i32),
        ShapeKind::Long(_) => quote!(#support::i64),
        ShapeKind::Float(_) => quote!(#support::f32),
        ShapeKind::Double(_) => quote!(#support::f64),
        ShapeKind::Timestamp => quote!(#support::timestamp),
        ShapeKind::Blob(_) => quote!(#support::blob),
        ShapeKind::Document => quote!(#support::document),
        ShapeKind::List(list) => {
            let element = converter(service, &list.member, krate, support, nested);
            if list.sparse {
                quote!(|v: &Value| #support::sparse_list(v, #element))
            } else {
                quote!(|v: &Value| #support::list(v, #element))
            }
        }
        ShapeKind::Map(map) => {
            let value = converter(service, &map.value, krate, support, nested);
            if map.sparse {
                quote!(|v: &Value| #support::sparse_map(v, #value))
            } else {
                quote!(|v: &Value| #support::map(v, #value))
            }
        }
        ShapeKind::Union(_) => {
            nested.insert(target.to_owned());
            let function = nested_fn(service, target);
            quote!(#function)
        }
        ShapeKind::Structure(s) => {
            debug_assert_eq!(s.role, StructureRole::Nested);
            nested.insert(target.to_owned());
            let function = nested_fn(service, target);
            quote!(#function)
        }
    }
}
