//! Turns a generated crate's files into one inline module that can live inside another
//! crate: `mod x;` declarations take the files' contents, and paths that start at `crate`
//! start at the module instead. The suites' clients are compiled this way, dozens to one
//! test binary, rather than as dozens of crates.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::visit_mut::{self, VisitMut};

/// The items of `src/lib.rs`, with every file module inlined and `crate::` rewritten to
/// `root::`. `files` maps paths such as `src/operation/mod.rs` to their text.
pub fn inline_crate(
    files: &BTreeMap<String, String>,
    root: &syn::Path,
) -> Result<TokenStream, String> {
    let mut lib = parse(files, "src/lib.rs")?;
    inline_modules(files, "src", &mut lib.items)?;
    let mut rewrite = CratePaths { root };
    // The crate's inner attributes (docs) have nowhere to go inside another module.
    lib.attrs.clear();
    rewrite.visit_file_mut(&mut lib);
    let items = lib.items;
    Ok(quote!(#(#items)*))
}

fn parse(files: &BTreeMap<String, String>, path: &str) -> Result<syn::File, String> {
    let text = files
        .get(path)
        .ok_or_else(|| format!("the generated crate has no {path}"))?;
    syn::parse_file(text).map_err(|e| format!("{path} does not parse: {e}"))
}

/// Replaces each `mod name;` in the items of the file at `dir` with the contents of
/// `dir/name.rs` or `dir/name/mod.rs`.
fn inline_modules(
    files: &BTreeMap<String, String>,
    dir: &str,
    items: &mut [syn::Item],
) -> Result<(), String> {
    for item in items {
        let syn::Item::Mod(module) = item else {
            continue;
        };
        if module.content.is_some() {
            continue;
        }
        let name = module.ident.unraw().to_string();
        let (path, child_dir) = if files.contains_key(&format!("{dir}/{name}.rs")) {
            (format!("{dir}/{name}.rs"), format!("{dir}/{name}"))
        } else {
            (format!("{dir}/{name}/mod.rs"), format!("{dir}/{name}"))
        };
        let mut file = parse(files, &path)?;
        inline_modules(files, &child_dir, &mut file.items)?;
        module.attrs.extend(file.attrs);
        module.content = Some((syn::token::Brace::default(), file.items));
        module.semi = None;
    }
    Ok(())
}

use syn::ext::IdentExt;

/// Rewrites `crate::a::b` to `root::a::b` in paths and `use` trees.
struct CratePaths<'a> {
    root: &'a syn::Path,
}

impl VisitMut for CratePaths<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none()
            && path.segments.first().is_some_and(|s| s.ident == "crate")
            && path.segments.len() > 1
        {
            let rest: Vec<syn::PathSegment> = path.segments.iter().skip(1).cloned().collect();
            let mut rewritten = self.root.clone();
            rewritten.segments.extend(rest);
            *path = rewritten;
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        if let syn::UseTree::Path(use_path) = &item.tree {
            if use_path.ident == "crate" {
                let mut tree = (*use_path.tree).clone();
                for segment in self.root.segments.iter().skip(1).rev() {
                    tree = syn::UseTree::Path(syn::UsePath {
                        ident: segment.ident.clone(),
                        colon2_token: Default::default(),
                        tree: Box::new(tree),
                    });
                }
                item.tree = syn::UseTree::Path(syn::UsePath {
                    ident: syn::Ident::new("crate", Span::call_site()),
                    colon2_token: Default::default(),
                    tree: Box::new(tree),
                });
            }
        }
    }

    /// `pub(crate)` stays as it is: within the including crate it means the same.
    fn visit_visibility_mut(&mut self, _: &mut syn::Visibility) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_inlined_and_crate_paths_rebased() {
        let files = BTreeMap::from([
            ("src/lib.rs".to_owned(), "mod a;\npub use a::A;".to_owned()),
            (
                "src/a.rs".to_owned(),
                "//! Docs.\nuse crate::b::B;\npub(crate) struct A(crate::b::B);".to_owned(),
            ),
        ]);
        let root: syn::Path = syn::parse_str("crate::suites::x").unwrap();
        let tokens = inline_crate(&files, &root).unwrap().to_string();
        assert!(tokens.contains("mod a {"), "{tokens}");
        assert!(
            tokens.contains("use crate :: suites :: x :: b :: B"),
            "{tokens}"
        );
        assert!(
            tokens.contains("pub (crate) struct A (crate :: suites :: x :: b :: B)"),
            "{tokens}"
        );
    }
}
