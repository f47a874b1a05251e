//! `impl Validate`: the model's `min` constraints, checked before anything is sent, with
//! botocore's rules (string, list and map lengths; numeric minimums).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Member, Range, Service, Shape, ShapeKind, Structure, Union};

use super::Context;
use super::imports::Imports;
use super::symbols::with_member_value;

/// Whether a value of this shape has anything to check, here or further down.
pub fn needs_validation(service: &Service, shape: &str) -> bool {
    needs(service, shape, &mut BTreeSet::new())
}

fn needs(service: &Service, name: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(name.to_owned()) {
        return false;
    }
    match &service.shape(name).kind {
        ShapeKind::String(s) => s.length.min.is_some_and(|min| min > 0.0),
        ShapeKind::Integer(r) | ShapeKind::Long(r) | ShapeKind::Float(r) | ShapeKind::Double(r) => {
            r.min.is_some()
        }
        ShapeKind::List(list) => {
            list.length.min.is_some_and(|min| min > 0.0) || needs(service, &list.member, seen)
        }
        ShapeKind::Map(map) => {
            map.length.min.is_some_and(|min| min > 0.0)
                || needs(service, &map.key, seen)
                || needs(service, &map.value, seen)
        }
        ShapeKind::Structure(s) => s.members.iter().any(|m| needs(service, &m.target, seen)),
        ShapeKind::Union(u) => u
            .variants
            .iter()
            .any(|v| needs(service, &v.member.target, seen)),
        _ => false,
    }
}

/// `impl Validate for <structure>`; `host_labels` names the members an operation puts into
/// the host name.
pub fn validate_impl(
    cx: &Context<'_>,
    shape: &Shape,
    structure: &Structure,
    host_labels: &[&str],
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let validate = imports.name("awsgen_runtime::validate::Validate");
    let path = imports.name("awsgen_runtime::validate::Path");
    let validator = imports.name("awsgen_runtime::validate::Validator");
    let checks: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|m| needs_validation(cx.service, &m.target))
        .map(|member| member_checks(cx, member))
        .chain(
            structure
                .members
                .iter()
                .filter(|m| host_labels.contains(&m.name.as_str()))
                .map(|member| {
                    let ident = format_ident!("{}", member.rust_name);
                    let wire = member.name.as_str();
                    quote!(validator.host_label(path.member(#wire), &self.#ident);)
                }),
        )
        .collect();
    let (path_param, validator_param) = if checks.is_empty() {
        (quote!(_path), quote!(_validator))
    } else {
        (quote!(path), quote!(validator))
    };
    quote! {
        impl #validate for #name {
            fn validate(&self, #path_param: #path<'_>, #validator_param: &mut #validator) {
                #(#checks)*
            }
        }
    }
}

/// `impl Validate for <union>`: the checks of whichever member is set.
pub fn union_validate_impl(
    cx: &Context<'_>,
    shape: &Shape,
    union: &Union,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let validate = imports.name("awsgen_runtime::validate::Validate");
    let path = imports.name("awsgen_runtime::validate::Path");
    let validator = imports.name("awsgen_runtime::validate::Validator");
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .filter(|v| needs_validation(cx.service, &v.member.target))
        .map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let wire = variant.member.name.as_str();
            let checks = value_checks(
                cx.service,
                &variant.member.target,
                quote!(value),
                quote!(path),
            );
            quote! {
                #name::#ident(value) => {
                    let path = path.member(#wire);
                    #checks
                }
            }
        })
        .collect();
    quote! {
        impl #validate for #name {
            fn validate(&self, path: #path<'_>, validator: &mut #validator) {
                match self {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    }
}

fn member_checks(cx: &Context<'_>, member: &Member) -> TokenStream {
    let wire = member.name.as_str();
    let checks = value_checks(cx.service, &member.target, quote!(value), quote!(path));
    let body = quote! {
        let path = path.member(#wire);
        #checks
    };
    with_member_value(member, body)
}

/// The checks on `value` (a reference) at `path`, for a value of shape `target`.
fn value_checks(
    service: &Service,
    target: &str,
    value: TokenStream,
    path: TokenStream,
) -> TokenStream {
    match &service.shape(target).kind {
        ShapeKind::String(s) => min_length(s.length, &value, &path),
        ShapeKind::Integer(r) | ShapeKind::Long(r) => min_value(r, &value, &path, |m| {
            let m = proc_macro2::Literal::i64_unsuffixed(m as i64);
            quote!(#m)
        }),
        ShapeKind::Float(r) | ShapeKind::Double(r) => min_value(r, &value, &path, |m| {
            let m = proc_macro2::Literal::f64_unsuffixed(m);
            quote!(#m)
        }),
        ShapeKind::List(list) => {
            let own = min_length(list.length, &value, &path);
            let items = needs_validation(service, &list.member).then(|| {
                let item = value_checks(service, &list.member, quote!(item), quote!(item_path));
                quote! {
                    for (index, item) in #value.iter().enumerate() {
                        let item_path = #path.index(index);
                        #item
                    }
                }
            });
            quote!(#own #items)
        }
        ShapeKind::Map(map) => {
            let own = min_length(map.length, &value, &path);
            let keys = needs_validation(service, &map.key)
                .then(|| value_checks(service, &map.key, quote!(key), quote!(key_path)));
            let values = needs_validation(service, &map.value)
                .then(|| value_checks(service, &map.value, quote!(entry), quote!(entry_path)));
            let entries = match (keys, values) {
                (None, None) => None,
                (Some(keys), None) => Some(quote! {
                    for key in #value.keys() {
                        let key_path = #path.map_key(key);
                        #keys
                    }
                }),
                (None, Some(values)) => Some(quote! {
                    for (key, entry) in #value {
                        let entry_path = #path.map_value(key);
                        #values
                    }
                }),
                (Some(keys), Some(values)) => Some(quote! {
                    for (key, entry) in #value {
                        let key_path = #path.map_key(key);
                        #keys
                        let entry_path = #path.map_value(key);
                        #values
                    }
                }),
            };
            quote!(#own #entries)
        }
        ShapeKind::Structure(_) | ShapeKind::Union(_) => quote!(#value.validate(#path, validator);),
        _ => TokenStream::new(),
    }
}

fn min_length(length: Range, value: &TokenStream, path: &TokenStream) -> TokenStream {
    match length.min {
        Some(min) if min > 0.0 => {
            let min = proc_macro2::Literal::usize_unsuffixed(min as usize);
            quote!(validator.min_length(#path, #value, #min);)
        }
        _ => TokenStream::new(),
    }
}

fn min_value(
    range: &Range,
    value: &TokenStream,
    path: &TokenStream,
    literal: impl Fn(f64) -> TokenStream,
) -> TokenStream {
    match range.min {
        Some(min) => {
            let min = literal(min);
            quote!(validator.min_value(#path, *#value, #min);)
        }
        None => TokenStream::new(),
    }
}
