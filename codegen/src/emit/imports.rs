//! The `use` lines of one generated file, collected while its items are emitted so that
//! each file imports exactly what it uses.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

#[derive(Debug, Default)]
pub struct Imports {
    paths: BTreeSet<String>,
}

impl Imports {
    /// Records a use of `path` (e.g. `std::collections::HashMap`) and returns the short name
    /// to write in code.
    pub fn name(&mut self, path: &str) -> syn::Ident {
        self.paths.insert(path.to_owned());
        let last = path.rsplit("::").next().unwrap_or(path);
        format_ident!("{}", last)
    }

    /// Forgets `path`: a file does not import the type it defines.
    pub fn remove(&mut self, path: &str) {
        self.paths.remove(path);
    }

    /// `use` items: std first, then other crates, then this crate; one item per module.
    pub fn to_tokens(&self) -> TokenStream {
        let mut groups: BTreeMap<(u8, &str), Vec<&str>> = BTreeMap::new();
        for path in &self.paths {
            let (module, name) = path.rsplit_once("::").unwrap_or(("", path));
            let rank = if module.starts_with("std") {
                0
            } else if module.starts_with("crate") {
                2
            } else {
                1
            };
            groups.entry((rank, module)).or_default().push(name);
        }
        // rustfmt's order: by rank, then by the path as written.
        let mut groups: Vec<((u8, &str), Vec<&str>)> = groups.into_iter().collect();
        groups.sort_by_key(|((rank, module), names)| match names.as_slice() {
            [single] => (*rank, format!("{module}::{single}")),
            _ => (*rank, module.to_string()),
        });
        let items = groups.iter().map(|((_, module), names)| {
            let module: syn::Path = syn::parse_str(module).expect("import paths are Rust paths");
            let names = names.iter().map(|name| format_ident!("{}", name));
            if names.len() == 1 {
                quote!(use #module::#(#names)*;)
            } else {
                quote!(use #module::{#(#names),*};)
            }
        });
        quote!(#(#items)*)
    }
}
