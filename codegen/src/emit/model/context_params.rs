//! The value an `operationContextParams` expression finds in an operation's input, as a
//! Rust expression over `self` (see `ir::context_path`): field access where botocore runs a
//! JMESPath interpreter, so the generated code says exactly what it reads.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Context;
use crate::emit::imports::Imports;
use crate::emit::symbols::field_ident;
use crate::ir::context_path::ContextPath;
use crate::ir::{Member, ShapeKind, Structure};

/// An expression of type `Option<String>` (for [`ContextPath::Value`]) or
/// `Option<Vec<String>>` (the others): unset where botocore's search gives `None`.
pub fn context_value(
    cx: &Context<'_>,
    input: &Structure,
    path: &ContextPath,
    imports: &mut Imports,
) -> TokenStream {
    match path {
        ContextPath::Value(chain) => {
            let (access, last) = follow(cx, input, quote!(self), chain);
            string_value(cx, access, last)
        }
        ContextPath::Keys(chain) => {
            let sorted_keys = imports.name("awsgen_runtime::endpoint::sorted_keys");
            match follow(cx, input, quote!(self), chain).0 {
                Access::Place(map) => quote!(Some(#sorted_keys(#map.keys()))),
                Access::Optional(map) => quote!(#map.map(|map| #sorted_keys(map.keys()))),
                Access::Within {
                    option,
                    binding,
                    path,
                } => {
                    quote!(#option.map(|#binding| #sorted_keys(#binding.#path.keys())))
                }
            }
        }
        ContextPath::Each { list, select } => {
            let (access, last) = follow(cx, input, quote!(self), list);
            let ShapeKind::List(collection) = &cx.service.shape(&last.target).kind else {
                unreachable!("the IR checked that `{}` is a list", last.target)
            };
            let element = cx.service.structure(&collection.member);
            let accesses: Vec<(Access, &Member)> = select
                .iter()
                .map(|chain| follow(cx, element, quote!(item), chain))
                .collect();
            // One string every element has: a plain `map`.
            let every = match &accesses[..] {
                [(Access::Place(place), last)] => {
                    let to_string = to_string(cx, last);
                    Some(quote!(map(|item| #place.#to_string)))
                }
                _ => None,
            };
            let found: Vec<TokenStream> = accesses
                .into_iter()
                .map(|(access, last)| string_value(cx, access, last))
                .collect();
            let collect = |items: TokenStream| {
                // A sparse list's elements are `Option`s; an unset one has nothing to give.
                let items = if collection.sparse {
                    quote!(#items.iter().flatten())
                } else {
                    quote!(#items.iter())
                };
                if let Some(every) = &every {
                    quote!(#items.#every.collect())
                } else if found.len() == 1 {
                    let found = &found[0];
                    quote!(#items.filter_map(|item| #found).collect())
                } else {
                    quote!(#items.flat_map(|item| [#(#found),*]).flatten().collect())
                }
            };
            match access {
                Access::Place(list) => {
                    let collect = collect(list);
                    quote!(Some(#collect))
                }
                Access::Optional(list) => {
                    let collect = collect(quote!(items));
                    quote!(#list.map(|items| #collect))
                }
                Access::Within {
                    option,
                    binding,
                    path,
                } => {
                    let collect = collect(quote!(#binding.#path));
                    quote!(#option.map(|#binding| #collect))
                }
            }
        }
    }
}

/// Where a chain of members leads: a place while every member on the way is required; from
/// the first optional one on an `Option<&T>`, or such an option and the place within it
/// (`binding.path`, still to be mapped), so that a final clone maps it in one step.
enum Access {
    Place(TokenStream),
    Optional(TokenStream),
    Within {
        option: TokenStream,
        binding: syn::Ident,
        path: TokenStream,
    },
}

/// Walks `chain` (model names) from `root`, a value of structure `start`; returns the
/// access and the last member.
fn follow<'a>(
    cx: &'a Context<'_>,
    start: &'a Structure,
    root: TokenStream,
    chain: &[String],
) -> (Access, &'a Member) {
    let mut access = Access::Place(root);
    let mut structure = start;
    let mut last: Option<&Member> = None;
    for name in chain {
        if let Some(parent) = last {
            structure = cx.service.structure(&parent.target);
        }
        let member = structure
            .members
            .iter()
            .find(|m| m.name == *name)
            .unwrap_or_else(|| unreachable!("the IR checked that `{name}` is a member"));
        let field = field_ident(member);
        access = match (access, member.required) {
            (Access::Place(place), true) => Access::Place(quote!(#place.#field)),
            (Access::Place(place), false) => Access::Optional(quote!(#place.#field.as_ref())),
            (Access::Optional(option), true) => Access::Within {
                option,
                binding: field_ident(last.expect("an optional member before this one")),
                path: quote!(#field),
            },
            (Access::Optional(option), false) => {
                let binding = field_ident(last.expect("an optional member before this one"));
                Access::Optional(quote!(#option.and_then(|#binding| #binding.#field.as_ref())))
            }
            (
                Access::Within {
                    option,
                    binding,
                    path,
                },
                true,
            ) => Access::Within {
                option,
                binding,
                path: quote!(#path.#field),
            },
            (
                Access::Within {
                    option,
                    binding,
                    path,
                },
                false,
            ) => Access::Optional(
                quote!(#option.and_then(|#binding| #binding.#path.#field.as_ref())),
            ),
        };
        last = Some(member);
    }
    (access, last.expect("a chain names at least one member"))
}

/// `Option<String>` of the string or enum at `access`.
fn string_value(cx: &Context<'_>, access: Access, member: &Member) -> TokenStream {
    let to_string = to_string(cx, member);
    match access {
        Access::Place(place) => quote!(Some(#place.#to_string)),
        Access::Optional(option) => {
            quote!(#option.map(|value| value.#to_string))
        }
        Access::Within {
            option,
            binding,
            path,
        } => {
            quote!(#option.map(|#binding| #binding.#path.#to_string))
        }
    }
}

/// The call that makes a `String` of the member's value (a string or an enum).
fn to_string(cx: &Context<'_>, member: &Member) -> TokenStream {
    match cx.service.shape(&member.target).kind {
        ShapeKind::Enum(_) => quote!(as_str().to_owned()),
        _ => quote!(clone()),
    }
}
