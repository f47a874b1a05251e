//! Paginators: for an operation that botocore's `paginators-1.json` describes, the call's
//! `into_paginator`, a paginator type with `page_size`, `pages` and `items`, and the
//! `Paginated` impl that tells the runtime's `Pages` where the tokens and results are.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Member, Operation, Paginator, ShapeKind, Structure, TokenPath, TokenStep};

use crate::emit::Context;
use crate::emit::docs::doc_lines;
use crate::emit::imports::Imports;
use crate::emit::symbols::{field_ident, rust_type};

/// The paginator items of `op`'s module; empty when the operation is not paginated.
pub fn paginator_items(cx: &Context<'_>, op: &Operation, imports: &mut Imports) -> TokenStream {
    let Some(paginator) = &op.paginator else {
        return TokenStream::new();
    };
    let arc = imports.name("std::sync::Arc");
    let core = imports.name("awsgen_runtime::client::ClientCore");
    let pages = imports.name("awsgen_runtime::paginate::Pages");
    let call = format_ident!("{}", op.call_name);
    let paginator_name = format_ident!("{}", paginator_type_name(op));
    let input_name = format_ident!("{}", op.input);
    let input = cx.service.structure(&op.input);

    let into_doc = doc_lines(&format!(
        "Pages through the results of `{}`, starting from this call's input: each request \
         sends the token of the response before it.",
        op.name
    ));
    let type_doc = doc_lines(&format!(
        "Sends `{}` once per page until a response has no {} (or repeats the one it was sent). \
         Read it with `pages` or `items`.",
        op.name,
        token_names(paginator)
    ));
    let page_size = paginator.limit_key.as_deref().map(|key| {
        let member = member(input, key);
        let ident = field_ident(member);
        let ty = rust_type(cx.service, &member.target, imports);
        let doc = doc_lines(&format!(
            "Asks for at most `page_size` results per page: sets `{key}` on every request."
        ));
        // A limit the model requires is a plain field; an optional one is set.
        let value = if member.required {
            quote!(page_size)
        } else {
            quote!(Some(page_size))
        };
        quote! {
            #doc
            pub fn page_size(mut self, page_size: #ty) -> Self {
                self.input.#ident = #value;
                self
            }
        }
    });
    let items = item_type(cx, op, paginator, imports).map(|(result, _)| {
        let items = imports.name("awsgen_runtime::paginate::Items");
        let doc = doc_lines(&format!(
            "Every result in `{result}` of every page, in order, with `while let Some(item) = items.next().await`."
        ));
        quote! {
            #doc
            pub fn items(self) -> #items<#input_name> {
                self.pages().items()
            }
        }
    });
    let paginated = paginated_impl(cx, op, paginator, imports);
    let paginated_items = paginated_items_impl(cx, op, paginator, imports);
    quote! {
        impl #call<'_> {
            #into_doc
            pub fn into_paginator(self) -> #paginator_name {
                #paginator_name {
                    core: #arc::clone(&self.client.core),
                    input: self.input,
                }
            }
        }

        #type_doc
        #[derive(Debug)]
        #[must_use = "a paginator sends nothing until its pages or items are read"]
        pub struct #paginator_name {
            core: #arc<#core>,
            input: #input_name,
        }

        impl #paginator_name {
            #page_size

            /// Every page, one request each, with `while let Some(page) = pages.next().await`;
            /// an error ends the pages.
            pub fn pages(self) -> #pages<#input_name> {
                #pages::new(self.core, self.input)
            }

            #items
        }

        #paginated
        #paginated_items
    }
}

/// The paginator type of an operation, e.g. `ListAppsPaginator`.
pub fn paginator_type_name(op: &Operation) -> String {
    format!("{}Paginator", op.call_name)
}

fn token_names(paginator: &Paginator) -> String {
    let names: Vec<String> = paginator
        .tokens
        .iter()
        .map(|token| {
            let alternatives: Vec<String> =
                token.output.iter().map(|path| path.to_string()).collect();
            format!("`{}`", alternatives.join(" || "))
        })
        .collect();
    names.join(" or ")
}

fn member<'a>(structure: &'a Structure, name: &str) -> &'a Member {
    structure
        .members
        .iter()
        .find(|m| m.name == name)
        .expect("paginator members were resolved in the IR")
}

fn paginated_impl(
    cx: &Context<'_>,
    op: &Operation,
    paginator: &Paginator,
    imports: &mut Imports,
) -> TokenStream {
    let paginated = imports.name("awsgen_runtime::paginate::Paginated");
    let input_name = format_ident!("{}", op.input);
    let output_name = format_ident!("{}", op.output);
    let input = cx.service.structure(&op.input);
    let inputs: Vec<&Member> = paginator
        .tokens
        .iter()
        .map(|token| member(input, &token.input))
        .collect();
    let fields: Vec<syn::Ident> = inputs.iter().map(|m| field_ident(m)).collect();
    let types: Vec<TokenStream> = inputs
        .iter()
        .map(|m| rust_type(cx.service, &m.target, imports))
        .collect();
    let outputs: Vec<TokenStream> = paginator
        .tokens
        .iter()
        .zip(&inputs)
        .map(|(token, input)| {
            let alternatives = token.output.iter().map(|path| {
                let found = borrowed_path(cx, &op.output, path, quote!(output));
                let target = path_target(cx, &op.output, path);
                let can_be_empty = matches!(
                    cx.service.shape(&target).kind,
                    ShapeKind::String(_) | ShapeKind::List(_) | ShapeKind::Map(_)
                );
                // botocore treats an empty token as none.
                if can_be_empty {
                    quote!(#found.filter(|token| !token.is_empty()))
                } else {
                    found
                }
            });
            let mut alternatives = alternatives.collect::<Vec<_>>().into_iter();
            let first = alternatives.next().expect("a token is found somewhere");
            // The IR checked that every alternative has the input token's type.
            let owned = if is_copy(cx, &input.target) {
                quote!(copied)
            } else {
                quote!(cloned)
            };
            quote!(#first #(.or_else(|| #alternatives))*.#owned())
        })
        .collect();
    let more_results = paginator.more_results.as_ref().map(|path| {
        let found = borrowed_path(cx, &op.output, &TokenPath::members(path), quote!(output));
        quote! {
            if !#found.copied().unwrap_or(false) {
                return None;
            }
        }
    });
    let (token_type, token, set_token, next_token) = if let [field] = fields.as_slice() {
        let ty = &types[0];
        let output = &outputs[0];
        let token = if is_copy(cx, &inputs[0].target) {
            quote!(self.#field)
        } else {
            quote!(self.#field.clone())
        };
        (
            quote!(#ty),
            token,
            quote!(self.#field = Some(token);),
            quote!(#output),
        )
    } else {
        let nones = fields.iter().map(|_| quote!(None));
        let nones_again = nones.clone();
        (
            quote!((#(Option<#types>),*)),
            quote! {
                match (#(self.#fields.clone()),*) {
                    (#(#nones),*) => None,
                    token => Some(token),
                }
            },
            quote! {
                let (#(#fields),*) = token;
                #(self.#fields = #fields;)*
            },
            quote! {
                match (#(#outputs),*) {
                    (#(#nones_again),*) => None,
                    token => Some(token),
                }
            },
        )
    };
    quote! {
        impl #paginated for #input_name {
            type Token = #token_type;

            fn token(&self) -> Option<#token_type> {
                #token
            }

            fn set_token(&mut self, token: #token_type) {
                #set_token
            }

            fn next_token(output: &#output_name) -> Option<#token_type> {
                #more_results
                #next_token
            }
        }
    }
}

/// `impl PaginatedItems`, when the primary result key is a list.
fn paginated_items_impl(
    cx: &Context<'_>,
    op: &Operation,
    paginator: &Paginator,
    imports: &mut Imports,
) -> Option<TokenStream> {
    let (_, item) = item_type(cx, op, paginator, imports)?;
    let paginated_items = imports.name("awsgen_runtime::paginate::PaginatedItems");
    let input_name = format_ident!("{}", op.input);
    let output_name = format_ident!("{}", op.output);
    let results = owned_path(cx, &op.output, &paginator.result_keys[0], quote!(output));
    Some(quote! {
        impl #paginated_items for #input_name {
            type Item = #item;

            fn into_items(output: #output_name) -> Vec<#item> {
                #results
            }
        }
    })
}

/// The primary result key's path (as written in the model) and its element type, when it
/// is a list.
fn item_type(
    cx: &Context<'_>,
    op: &Operation,
    paginator: &Paginator,
    imports: &mut Imports,
) -> Option<(String, TokenStream)> {
    let path = paginator.result_keys.first()?;
    let target = path_target(cx, &op.output, &TokenPath::members(path));
    let ShapeKind::List(list) = &cx.service.shape(&target).kind else {
        return None;
    };
    let element = rust_type(cx.service, &list.member, imports);
    let item = if list.sparse {
        quote!(Option<#element>)
    } else {
        element
    };
    Some((path.join("."), item))
}

/// The members along `path`, from the structure `from`.
fn path_members<'a>(cx: &'a Context<'_>, from: &str, path: &[String]) -> Vec<&'a Member> {
    let mut current = from.to_owned();
    let mut members = Vec::with_capacity(path.len());
    for segment in path {
        let found = member(cx.service.structure(&current), segment);
        current = found.target.clone();
        members.push(found);
    }
    members
}

/// Integer and long tokens (S3's part numbers) are `Copy`; the others are cloned.
fn is_copy(cx: &Context<'_>, shape: &str) -> bool {
    matches!(
        cx.service.shape(shape).kind,
        ShapeKind::Integer(_) | ShapeKind::Long(_)
    )
}

/// The shape at the end of `path`, from the structure `from`.
fn path_target(cx: &Context<'_>, from: &str, path: &TokenPath) -> String {
    let mut current = from.to_owned();
    for step in &path.0 {
        current = match step {
            TokenStep::Member(name) => member(cx.service.structure(&current), name).target.clone(),
            TokenStep::Last => list_of(cx, &current).member.clone(),
        };
    }
    current
}

fn list_of<'a>(cx: &'a Context<'_>, shape: &str) -> &'a crate::ir::Collection {
    match &cx.service.shape(shape).kind {
        ShapeKind::List(list) => list,
        _ => unreachable!("the IR checked that `[-1]` follows a list"),
    }
}

/// An `Option<&T>` expression for the value at `path` under `root`.
fn borrowed_path(cx: &Context<'_>, from: &str, path: &TokenPath, root: TokenStream) -> TokenStream {
    let mut current = from.to_owned();
    let mut expression: Option<TokenStream> = None;
    for step in &path.0 {
        let TokenStep::Member(name) = step else {
            let list = list_of(cx, &current);
            let last = if list.sparse {
                quote!(value.last().and_then(Option::as_ref))
            } else {
                quote!(value.last())
            };
            current = list.member.clone();
            let previous = expression.expect("the IR checked that a path starts with a member");
            expression = Some(quote!(#previous.and_then(|value| #last)));
            continue;
        };
        let member = member(cx.service.structure(&current), name);
        current = member.target.clone();
        let field = field_ident(member);
        let step = |value: TokenStream| match (member.required, member.boxed) {
            (true, false) => quote!(&#value.#field),
            (true, true) => quote!(&*#value.#field),
            (false, false) => quote!(#value.#field.as_ref()),
            (false, true) => quote!(#value.#field.as_deref()),
        };
        expression = Some(match expression {
            None if member.required => {
                let value = step(root.clone());
                quote!(Some(#value))
            }
            None => step(root.clone()),
            Some(previous) if member.required => {
                let value = step(quote!(value));
                quote!(#previous.map(|value| #value))
            }
            Some(previous) => {
                let value = step(quote!(value));
                quote!(#previous.and_then(|value| #value))
            }
        });
    }
    expression.expect("a member path has at least one member")
}

/// A `Vec<T>` expression that takes the list at `path` out of `root`; a missing list is
/// an empty page.
fn owned_path(cx: &Context<'_>, from: &str, path: &[String], root: TokenStream) -> TokenStream {
    let members = path_members(cx, from, path);
    if let [member] = members.as_slice() {
        let field = field_ident(member);
        return if member.required {
            quote!(#root.#field)
        } else {
            quote!(#root.#field.unwrap_or_default())
        };
    }
    let mut expression: Option<TokenStream> = None;
    for member in members {
        let field = field_ident(member);
        let unboxed = |value: TokenStream| match (member.required, member.boxed) {
            (true, true) => quote!(*#value.#field),
            (false, true) => quote!(#value.#field.map(|boxed| *boxed)),
            _ => quote!(#value.#field),
        };
        expression = Some(match expression {
            None if member.required => {
                let value = unboxed(root.clone());
                quote!(Some(#value))
            }
            None => unboxed(root.clone()),
            Some(previous) if member.required => {
                let value = unboxed(quote!(value));
                quote!(#previous.map(|value| #value))
            }
            Some(previous) => {
                let value = unboxed(quote!(value));
                quote!(#previous.and_then(|value| #value))
            }
        });
    }
    let expression = expression.expect("a member path has at least one member");
    quote!(#expression.unwrap_or_default())
}
