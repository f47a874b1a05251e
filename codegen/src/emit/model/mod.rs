//! The model emitters: the API a service's types and operations present, with no protocol
//! code; what travels on the wire they ask of [`crate::emit::protocol`].

mod context_params;
mod errors;
mod operations;
mod paginators;
mod types;
mod unions;
mod validation;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Context;
use crate::emit::imports::Imports;
use crate::ir::{Member, ShapeKind, StructureRole};

pub use operations::operation_file;

/// One file per shared type: `(file name, tokens)` for `types/` and for `error/`.
pub fn shared_type_files(
    cx: &Context<'_>,
) -> (BTreeMap<String, TokenStream>, BTreeMap<String, TokenStream>) {
    let mut types = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for shape in cx.service.shapes.values() {
        let module = shape.file_name();
        let mut imports = Imports::default();
        match &shape.kind {
            ShapeKind::Structure(s) if s.role == StructureRole::Nested => {
                let items = types::nested_structure(cx, shape, s, &mut imports);
                imports.remove(&format!("crate::types::{}", shape.rust_name));
                let file = with_imports(&imports, items);
                types.insert(module, allowing_deprecated(&s.members, file));
            }
            ShapeKind::Structure(s) if s.role == StructureRole::Error => {
                let items = errors::error_structure(cx, shape, s, &mut imports);
                imports.remove(&format!("crate::error::{}", shape.rust_name));
                let file = with_imports(&imports, items);
                errors.insert(module, allowing_deprecated(&s.members, file));
            }
            ShapeKind::Enum(e) => {
                let items = types::string_enum(cx, shape, e, &mut imports);
                types.insert(module, with_imports(&imports, items));
            }
            ShapeKind::Union(u) => {
                let items = unions::union_type(cx, shape, u, &mut imports);
                imports.remove(&format!("crate::types::{}", shape.rust_name));
                let file = with_imports(&imports, items);
                let members: Vec<Member> = u.variants.iter().map(|v| v.member.clone()).collect();
                types.insert(module, allowing_deprecated(&members, file));
            }
            _ => {}
        }
    }
    (types, errors)
}

/// A file that defines members the model deprecates still reads and writes them itself;
/// users who touch them get the warning.
pub fn allowing_deprecated(members: &[Member], file: TokenStream) -> TokenStream {
    if members.iter().any(|m| m.deprecated) {
        quote! {
            #![allow(deprecated)]
            #file
        }
    } else {
        file
    }
}

pub fn with_imports(imports: &Imports, items: TokenStream) -> TokenStream {
    let uses = imports.to_tokens();
    quote! {
        #uses
        #items
    }
}
