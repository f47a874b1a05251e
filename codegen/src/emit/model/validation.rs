//! `impl Validate`: the model's constraints, checked before anything is sent. `min` on
//! string, list and map lengths and on numbers are botocore's rules and always checked;
//! `max`, `pattern` and enum values are checked only by a strict validator.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{
    Member, Range, Service, Shape, ShapeKind, StringShape, Structure, Transform, Union,
};

use crate::emit::Context;
use crate::emit::imports::Imports;
use crate::emit::patterns::{checked_pattern, pattern_static};
use crate::emit::symbols::{rust_type, with_member_value};

/// Whether a value of this shape has anything to check, here or further down.
pub fn needs_validation(service: &Service, shape: &str) -> bool {
    needs(service, shape, &mut BTreeSet::new())
}

fn needs(service: &Service, name: &str, seen: &mut BTreeSet<String>) -> bool {
    if !seen.insert(name.to_owned()) {
        return false;
    }
    match &service.shape(name).kind {
        ShapeKind::String(s) => has_length_rule(s.length) || checked_pattern(s).is_some(),
        ShapeKind::Enum(_) => true,
        ShapeKind::Integer(r) | ShapeKind::Long(r) | ShapeKind::Float(r) | ShapeKind::Double(r) => {
            r.min.is_some() || r.max.is_some()
        }
        ShapeKind::List(list) => has_length_rule(list.length) || needs(service, &list.member, seen),
        ShapeKind::Map(map) => {
            has_length_rule(map.length)
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

/// A minimum length of 0 holds for every value.
fn has_length_rule(length: Range) -> bool {
    length.min.is_some_and(|min| min > 0.0) || length.max.is_some()
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
    let checks: Vec<TokenStream> = structure
        .members
        .iter()
        .filter(|m| needs_validation(cx.service, &m.target))
        .map(|member| member_checks(cx, member, imports))
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
        .chain(
            structure
                .members
                .iter()
                .filter(|m| m.transform == Some(Transform::AsciiOnly))
                .map(|member| {
                    let wire = member.name.as_str();
                    let check = quote!(validator.ascii_metadata(path.member(#wire), value););
                    with_member_value(member, check)
                }),
        )
        .collect();
    let checks_something = !checks.is_empty();
    impl_validate(shape, quote!(#(#checks)*), checks_something, imports)
}

/// `impl Validate for <shape>` running `body`, which uses `path` and `validator` when
/// `checks_something`.
fn impl_validate(
    shape: &Shape,
    body: TokenStream,
    checks_something: bool,
    imports: &mut Imports,
) -> TokenStream {
    let name = format_ident!("{}", shape.rust_name);
    let validate = imports.name("awsgen_runtime::validate::Validate");
    let path = imports.name("awsgen_runtime::validate::Path");
    let validator = imports.name("awsgen_runtime::validate::Validator");
    let (path_param, validator_param) = if checks_something {
        (quote!(path), quote!(validator))
    } else {
        (quote!(_path), quote!(_validator))
    };
    quote! {
        impl #validate for #name {
            fn validate(&self, #path_param: #path<'_>, #validator_param: &mut #validator) {
                #body
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
    let arms: Vec<(TokenStream, TokenStream)> = union
        .variants
        .iter()
        .filter(|v| needs_validation(cx.service, &v.member.target))
        .map(|variant| {
            let ident = format_ident!("{}", variant.rust_name);
            let wire = variant.member.name.as_str();
            let checks = value_checks(
                cx,
                &variant.member.target,
                quote!(value),
                quote!(path),
                imports,
            );
            let pattern = quote!(#name::#ident(value));
            let checks = quote! {
                let path = path.member(#wire);
                #checks
            };
            (pattern, checks)
        })
        .collect();
    // One member to check reads best as an `if let`.
    let body = match arms.as_slice() {
        [(pattern, checks)] => quote! {
            if let #pattern = self {
                #checks
            }
        },
        _ => {
            let arms = arms
                .iter()
                .map(|(pattern, checks)| quote!(#pattern => { #checks }));
            quote! {
                match self {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    // Only unions with something to check are validated, so `path` and `validator` are used.
    impl_validate(shape, body, true, imports)
}

fn member_checks(cx: &Context<'_>, member: &Member, imports: &mut Imports) -> TokenStream {
    let wire = member.name.as_str();
    let checks = value_checks(cx, &member.target, quote!(value), quote!(path), imports);
    let body = quote! {
        let path = path.member(#wire);
        #checks
    };
    with_member_value(member, body)
}

/// The checks on `value` (a reference) at `path`, for a value of shape `target`.
fn value_checks(
    cx: &Context<'_>,
    target: &str,
    value: TokenStream,
    path: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let service = cx.service;
    let shape = service.shape(target);
    match &shape.kind {
        ShapeKind::String(s) => {
            let length = length_checks(s.length, &value, &path);
            let pattern = string_pattern(shape, s, &value, &path, imports);
            quote!(#length #pattern)
        }
        ShapeKind::Enum(_) => {
            let ty = rust_type(service, target, imports);
            quote!(validator.enum_value(#path, #value.as_str(), #ty::VALUES);)
        }
        ShapeKind::Integer(r) | ShapeKind::Long(r) => value_range(r, &value, &path, |m| {
            let m = proc_macro2::Literal::i64_unsuffixed(m as i64);
            quote!(#m)
        }),
        ShapeKind::Float(r) | ShapeKind::Double(r) => value_range(r, &value, &path, |m| {
            let m = proc_macro2::Literal::f64_unsuffixed(m);
            quote!(#m)
        }),
        ShapeKind::List(list) => {
            let own = length_checks(list.length, &value, &path);
            let items = needs_validation(service, &list.member).then(|| {
                let item = value_checks(cx, &list.member, quote!(item), quote!(item_path), imports);
                // A sparse list's null items have nothing to check.
                let item = if list.sparse {
                    quote!(if let Some(item) = item { #item })
                } else {
                    item
                };
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
            let own = length_checks(map.length, &value, &path);
            let keys = needs_validation(service, &map.key)
                .then(|| value_checks(cx, &map.key, quote!(key), quote!(key_path), imports));
            let values = needs_validation(service, &map.value).then(|| {
                let values =
                    value_checks(cx, &map.value, quote!(entry), quote!(entry_path), imports);
                // A sparse map's null values have nothing to check.
                if map.sparse {
                    quote!(if let Some(entry) = entry { #values })
                } else {
                    values
                }
            });
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

fn length_checks(length: Range, value: &TokenStream, path: &TokenStream) -> TokenStream {
    let min = match length.min {
        Some(min) if min > 0.0 => {
            let min = proc_macro2::Literal::usize_unsuffixed(min as usize);
            quote!(validator.min_length(#path, #value, #min);)
        }
        _ => TokenStream::new(),
    };
    let max = length.max.map(|max| {
        let max = proc_macro2::Literal::usize_unsuffixed(max as usize);
        quote!(validator.max_length(#path, #value, #max);)
    });
    quote!(#min #max)
}

/// The pattern check of a string, when its pattern can be checked and can fail.
fn string_pattern(
    shape: &Shape,
    string: &StringShape,
    value: &TokenStream,
    path: &TokenStream,
    imports: &mut Imports,
) -> Option<TokenStream> {
    checked_pattern(string)?;
    let patterns = imports.name("crate::patterns");
    let name = pattern_static(shape);
    let pattern = quote!(#patterns::#name);
    Some(if string.sensitive {
        quote!(validator.sensitive_pattern(#path, #value, &#pattern);)
    } else {
        quote!(validator.pattern(#path, #value, &#pattern);)
    })
}

fn value_range(
    range: &Range,
    value: &TokenStream,
    path: &TokenStream,
    literal: impl Fn(f64) -> TokenStream,
) -> TokenStream {
    let min = range.min.map(|min| {
        let min = literal(min);
        quote!(validator.min_value(#path, *#value, #min);)
    });
    let max = range.max.map(|max| {
        let max = literal(max);
        quote!(validator.max_value(#path, *#value, #max);)
    });
    quote!(#min #max)
}
