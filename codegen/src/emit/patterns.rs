//! `src/patterns.rs`: every `pattern` trait an input can break, as a constant tree for the
//! runtime's matcher (parsed in `ir::pattern`), one `static` per string shape.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::pattern::{Alternatives, ClassItem, Node, Pattern};
use crate::ir::{Shape, ShapeKind, StringShape};

use super::Context;
use super::docs::{doc_lines, inner_doc_lines};

/// The pattern of a string shape when there is something to check: it parsed, and some
/// value that the length rules allow can fail it.
pub fn checked_pattern(string: &StringShape) -> Option<&Alternatives> {
    let pattern = string.pattern.as_ref()?;
    let non_empty = string.length.min.is_some_and(|min| min >= 1.0);
    if pattern.matches_everything() || (non_empty && pattern.matches_every_non_empty()) {
        return None;
    }
    pattern.parsed.as_ref().ok()
}

/// The `static` holding a shape's pattern, e.g. `APP_ID`.
pub fn pattern_static(shape: &Shape) -> syn::Ident {
    format_ident!("{}", shape.rust_name.to_shouty_snake_case())
}

/// The module's tokens, or `None` when no input has a pattern to check.
pub fn patterns_file(cx: &Context<'_>) -> Option<TokenStream> {
    let mut statics = Vec::new();
    let mut unchecked = Vec::new();
    let mut uses = Uses::default();
    for shape in cx.service.shapes.values() {
        let ShapeKind::String(string) = &shape.kind else {
            continue;
        };
        let Some(pattern) = &string.pattern else {
            continue;
        };
        if !cx.usage.in_input.contains(&shape.name) {
            continue;
        }
        match (&pattern.parsed, checked_pattern(string)) {
            (_, Some(alternatives)) => {
                uses.visit(alternatives);
                statics.push(pattern_item(shape, pattern, alternatives));
            }
            (Err(why), None) => unchecked.push(format!(
                "- `{}`: `{}` uses {why}.",
                shape.name,
                pattern.source.replace('`', "\\`")
            )),
            (Ok(_), None) => {}
        }
    }
    if statics.is_empty() {
        return None;
    }
    let mut doc = vec![
        "The model's `pattern` traits that an input can break, checked by strict validation."
            .to_owned(),
        "Each was parsed from the Java regex when this crate was generated.".to_owned(),
    ];
    if !unchecked.is_empty() {
        doc.push(String::new());
        doc.push("Not checked, because awsgen cannot match them:".to_owned());
        doc.extend(unchecked);
    }
    let doc = inner_doc_lines(&doc.join("\n"));
    let mut names = vec![quote!(Node), quote!(Pattern)];
    if uses.sets {
        names.insert(0, quote!(CharSet));
    }
    if uses.classes {
        names.insert(names.len() - 2, quote!(ClassItem));
    }
    Some(quote! {
        #doc

        use awsgen_runtime::pattern::{#(#names),*};

        #(#statics)*
    })
}

/// Which runtime types the statics name, so the file imports only those.
#[derive(Default)]
struct Uses {
    classes: bool,
    sets: bool,
}

impl Uses {
    fn visit(&mut self, alternatives: &Alternatives) {
        for node in alternatives.iter().flatten() {
            self.visit_node(node);
        }
    }

    fn visit_node(&mut self, node: &Node) {
        match node {
            Node::Class { items, .. } => {
                self.classes = true;
                self.sets |= items
                    .iter()
                    .any(|item| matches!(item, ClassItem::Set(_) | ClassItem::NotSet(_)));
            }
            Node::Group(alternatives) | Node::LookAhead { alternatives, .. } => {
                self.visit(alternatives);
            }
            Node::Repeat { node, .. } => self.visit_node(node),
            _ => {}
        }
    }
}

fn pattern_item(shape: &Shape, pattern: &Pattern, alternatives: &Alternatives) -> TokenStream {
    let name = pattern_static(shape);
    let doc = doc_lines(&format!("`{}`", shape.name));
    let source = &pattern.source;
    let alternatives = alternatives_tokens(alternatives);
    quote! {
        #doc
        pub(crate) static #name: Pattern = Pattern {
            source: #source,
            alternatives: #alternatives,
        };
    }
}

fn alternatives_tokens(alternatives: &Alternatives) -> TokenStream {
    let sequences = alternatives.iter().map(|nodes| {
        let nodes = nodes.iter().map(node_tokens);
        quote!(&[#(#nodes),*])
    });
    quote!(&[#(#sequences),*])
}

fn node_tokens(node: &Node) -> TokenStream {
    match node {
        Node::Literal(text) => quote!(Node::Literal(#text)),
        Node::Any { dot_all } => quote!(Node::Any { dot_all: #dot_all }),
        Node::Class { negated, items } => {
            let items = items.iter().map(|item| match item {
                ClassItem::Range(low, high) => quote!(ClassItem::Range(#low, #high)),
                ClassItem::Set(set) => {
                    let set = format_ident!("{}", set.name());
                    quote!(ClassItem::Set(CharSet::#set))
                }
                ClassItem::NotSet(set) => {
                    let set = format_ident!("{}", set.name());
                    quote!(ClassItem::NotSet(CharSet::#set))
                }
            });
            quote!(Node::Class { negated: #negated, items: &[#(#items),*] })
        }
        Node::Start => quote!(Node::Start),
        Node::End => quote!(Node::End),
        Node::EndOfInput => quote!(Node::EndOfInput),
        Node::WordBoundary { negated } => quote!(Node::WordBoundary { negated: #negated }),
        Node::Group(alternatives) => {
            let alternatives = alternatives_tokens(alternatives);
            quote!(Node::Group(#alternatives))
        }
        Node::Repeat {
            node,
            min,
            max,
            greedy,
        } => {
            let node = node_tokens(node);
            let min = proc_macro2::Literal::u32_unsuffixed(*min);
            let max = match max {
                Some(max) => {
                    let max = proc_macro2::Literal::u32_unsuffixed(*max);
                    quote!(#max)
                }
                None => quote!(u32::MAX),
            };
            quote!(Node::Repeat { node: &#node, min: #min, max: #max, greedy: #greedy })
        }
        Node::LookAhead {
            negated,
            alternatives,
        } => {
            let alternatives = alternatives_tokens(alternatives);
            quote!(Node::LookAhead { negated: #negated, alternatives: #alternatives })
        }
    }
}
