//! Test support, the inverse of [`params_module`](super::params_module): functions that
//! turn what a generated client parsed (outputs and modeled errors) back into botocore's
//! result form, a JSON value keyed by member names, so that conformance tests can compare
//! it with the results botocore's protocol suites expect.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Service, ShapeKind, StructureRole};

/// A Rust module (as text) that implements `<support>::ToValue` for every structure and enum
/// an output or error reaches, and has, per operation, `pub fn <operation>_error(&Error) ->
/// Option<(&'static str, Value)>`: the modeled error's shape name and members, `None` for an
/// unhandled error. Outputs convert with `ToValue::to_value`. `krate` is the generated
/// crate's path, `support` the path of the module holding `ToValue` and `Object`; the module
/// must sit in the generated crate's own crate, as trait implementations for its types.
pub fn values_module(service: &Service, krate: &str, support: &str) -> String {
    let krate: syn::Path = syn::parse_str(krate).expect("a crate path");
    let support: syn::Path = syn::parse_str(support).expect("a module path");
    let mut reached = BTreeSet::new();
    let mut items = Vec::new();
    for op in &service.operations {
        reached.insert(op.output.clone());
        let module = format_ident!("{}", op.rust_name);
        let error_fn = format_ident!("{}_error", op.rust_name);
        let error = format_ident!("{}", op.error_name);
        let arms = op.errors.iter().map(|name| {
            let info = service
                .structure(name)
                .error
                .as_ref()
                .expect("operation errors are error structures");
            let variant = format_ident!("{}", info.variant_name);
            reached.insert(name.clone());
            quote!(#error::#variant(error) => Some((#name, error.to_value())),)
        });
        let arms: Vec<TokenStream> = arms.collect();
        // An operation that models no errors has only unhandled ones.
        let body = if arms.is_empty() {
            quote! {
                let _ = error;
                None
            }
        } else {
            quote! {
                use #krate::operation::#module::#error;
                match error {
                    #(#arms)*
                    _ => None,
                }
            }
        };
        items.push(quote! {
            pub fn #error_fn(
                error: &#krate::operation::#module::#error,
            ) -> Option<(&'static str, Value)> {
                #body
            }
        });
    }
    // Structures reach further shapes; emit until no new one appears.
    let mut done = BTreeSet::new();
    while let Some(name) = reached.iter().find(|n| !done.contains(*n)).cloned() {
        done.insert(name.clone());
        if let Some(item) = to_value_impl(service, &name, &krate, &support, &mut reached) {
            items.push(item);
        }
    }
    let file: syn::File = syn::parse2(quote! {
        #[allow(unused_imports)]
        use awsgen_runtime::json::Value;
        #[allow(unused_imports)]
        use #support::ToValue;
        #(#items)*
    })
    .expect("values module tokens are Rust");
    prettyplease::unparse(&file)
}

/// `impl ToValue` for a named type, recording the shapes its members reach.
fn to_value_impl(
    service: &Service,
    name: &str,
    krate: &syn::Path,
    support: &syn::Path,
    reached: &mut BTreeSet<String>,
) -> Option<TokenStream> {
    let shape = service.shape(name);
    let ty = format_ident!("{}", shape.rust_name);
    match &shape.kind {
        ShapeKind::Structure(structure) => {
            let path = match structure.role {
                StructureRole::Error => quote!(#krate::error::#ty),
                StructureRole::Nested => quote!(#krate::types::#ty),
                StructureRole::Input | StructureRole::Output => {
                    let op = service
                        .operations
                        .iter()
                        .find(|op| op.input == name || op.output == name)
                        .expect("inputs and outputs belong to an operation");
                    let module = format_ident!("{}", op.rust_name);
                    quote!(#krate::operation::#module::#ty)
                }
            };
            let streamed = service.streamed_output_payload(structure);
            let fields = structure.members.iter().map(|member| {
                reach(service, &member.target, reached);
                let field = format_ident!("{}", member.rust_name);
                let key = member.name.as_str();
                // A streamed body is always there.
                let required = member.required
                    || streamed.is_some_and(|streamed| streamed.name == member.name);
                match (member.base64_header, required) {
                    // botocore decodes the header's JSON text into a value.
                    (true, true) => quote!(object.json_text(#key, &self.#field);),
                    (true, false) => quote!(object.optional_json_text(#key, &self.#field);),
                    (false, true) => quote!(object.member(#key, &self.#field);),
                    (false, false) => quote!(object.optional(#key, &self.#field);),
                }
            });
            Some(quote! {
                impl ToValue for #path {
                    #[allow(deprecated)]
                    fn to_value(&self) -> Value {
                        #[allow(unused_mut)]
                        let mut object = #support::Object::new();
                        #(#fields)*
                        object.finish()
                    }
                }
            })
        }
        ShapeKind::Union(union) => {
            let (patterns, members): (Vec<TokenStream>, Vec<TokenStream>) = union
                .variants
                .iter()
                .map(|variant| {
                    reach(service, &variant.member.target, reached);
                    let ident = format_ident!("{}", variant.rust_name);
                    let key = variant.member.name.as_str();
                    (
                        quote!(#krate::types::#ty::#ident(value)),
                        quote!(object.member(#key, value)),
                    )
                })
                .unzip();
            // An unknown variant has no members botocore would show.
            let fill = match (patterns.as_slice(), members.as_slice()) {
                ([pattern], [member]) => quote! {
                    if let #pattern = self {
                        #member;
                    }
                },
                _ => quote! {
                    match self {
                        #(#patterns => #members,)*
                        _ => {}
                    }
                },
            };
            Some(quote! {
                impl ToValue for #krate::types::#ty {
                    fn to_value(&self) -> Value {
                        let mut object = #support::Object::new();
                        #fill
                        object.finish()
                    }
                }
            })
        }
        ShapeKind::Enum(_) => Some(quote! {
            impl ToValue for #krate::types::#ty {
                fn to_value(&self) -> Value {
                    Value::String(self.as_str().to_owned())
                }
            }
        }),
        _ => None,
    }
}

/// Records the named types a member's value reaches through collections.
fn reach(service: &Service, target: &str, reached: &mut BTreeSet<String>) {
    match &service.shape(target).kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) => {
            reached.insert(target.to_owned());
        }
        ShapeKind::List(list) => reach(service, &list.member, reached),
        ShapeKind::Map(map) => reach(service, &map.value, reached),
        _ => {}
    }
}
