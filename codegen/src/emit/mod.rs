//! IR → token streams → formatted files. Each submodule emits one concern; none reads
//! files.

mod bindings;
mod codec;
mod docs;
mod endpoint;
mod fields;
mod imports;
mod model;
mod params;
mod partitions;
mod patterns;
mod protocol;
mod service;
mod symbols;
mod values;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::ir::endpoint::RuleSet;
use crate::ir::partitions::Partition;
use crate::ir::{Service, Usage};

pub use docs::to_markdown;
pub use params::params_module;
pub use values::values_module;

/// The files of a generated crate: relative path → text, in path order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedCrate {
    pub files: BTreeMap<String, String>,
}

/// How the generated crate is named and where it finds the runtime.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    /// The package name, e.g. `awsgen-amplify`.
    pub crate_name: String,
    pub version: String,
    /// The `awsgen-runtime` dependency as it goes in `Cargo.toml`, e.g.
    /// `{ path = "../../runtime" }` or `"0.1"`.
    pub runtime_dependency: String,
    /// Names the model in the generated header line.
    pub model_source: String,
}

/// What every emitter consults besides the service itself.
pub(crate) struct Context<'a> {
    pub service: &'a Service,
    pub endpoint_rules: &'a RuleSet,
    pub usage: Usage,
    pub options: &'a CrateOptions,
}

/// Emits the whole crate.
pub fn generate_crate(service: &Service, options: &CrateOptions) -> GeneratedCrate {
    let cx = Context {
        service,
        endpoint_rules: &service.endpoint.rules,
        usage: Usage::of(service),
        options,
    };
    // Operation files are most of the work and independent of each other: other threads
    // render them while this one does the rest. The result is the same map whatever the
    // scheduling, so output stays deterministic.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = service.operations.len().div_ceil(workers).max(1);
    let mut files = std::thread::scope(|scope| {
        let cx = &cx;
        let handles: Vec<_> = service
            .operations
            .chunks(chunk)
            .map(|ops| {
                scope.spawn(move || {
                    ops.iter()
                        .map(|op| {
                            let path = format!("src/operation/{}", op.file_name());
                            (path, render(cx, model::operation_file(cx, op)))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut files = other_files(cx);
        for handle in handles {
            files.extend(
                handle
                    .join()
                    .expect("rendering an operation file does not panic"),
            );
        }
        files
    });
    files.insert("Cargo.toml".to_owned(), service::cargo_toml(&cx));
    GeneratedCrate { files }
}

/// Every file but `Cargo.toml` and the operation files.
fn other_files(cx: &Context<'_>) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let patterns = patterns::patterns_file(cx);
    files.insert(
        "src/lib.rs".to_owned(),
        render(cx, service::lib_rs(cx, patterns.is_some())),
    );
    if let Some(patterns) = patterns {
        files.insert("src/patterns.rs".to_owned(), render(cx, patterns));
    }
    files.insert(
        "src/client.rs".to_owned(),
        render(cx, service::client_rs(cx)),
    );
    files.insert(
        "src/endpoint.rs".to_owned(),
        // Named after the rules' source, as the other files are after the model's.
        render_file(&cx.service.endpoint.source, service::endpoint_rs(cx)),
    );
    files.insert(
        "src/operation/mod.rs".to_owned(),
        render(cx, service::operation_mod(cx)),
    );
    let (types, errors) = model::shared_type_files(cx);
    for (file, tokens) in types {
        files.insert(format!("src/types/{file}"), render(cx, tokens));
    }
    files.insert(
        "src/types/mod.rs".to_owned(),
        render(cx, service::types_mod(cx)),
    );
    for (file, tokens) in errors {
        files.insert(format!("src/error/{file}"), render(cx, tokens));
    }
    files.insert(
        "src/error/mod.rs".to_owned(),
        render(cx, service::error_mod(cx)),
    );
    files
}

/// A resolver module's items (`Params`, `resolve` and their imports), formatted, without a
/// file header: what `src/endpoint.rs` holds below its documentation. Tests include it to
/// run rule sets that belong to no service.
pub fn endpoint_resolver(rules: &RuleSet) -> String {
    render_items(endpoint::endpoint_items(rules))
}

/// The runtime's partition table (`runtime/src/endpoint/partitions.rs`); `source` names the
/// `partitions.json` it comes from in the do-not-edit line.
pub fn partitions_file(partitions: &[Partition], source: &str) -> String {
    render_file(source, partitions::partitions_table(partitions))
}

fn render(cx: &Context<'_>, tokens: TokenStream) -> String {
    render_file(&cx.options.model_source, tokens)
}

/// Formats one file's tokens and heads it with the do-not-edit line.
fn render_file(source: &str, tokens: TokenStream) -> String {
    let mut text =
        format!("// Generated by `cargo xtask codegen` from {source}. Do not edit by hand.\n");
    text.push_str(&render_items(tokens));
    text
}

/// Items are formatted one by one so that a blank line separates them (prettyplease keeps
/// none), while a run of `use` items stays together.
fn render_items(tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        Err(error) => panic!("the generator emitted tokens that are not Rust ({error}):\n{tokens}"),
    };
    let mut text = String::new();
    if !file.attrs.is_empty() {
        text.push('\n');
        text.push_str(&unparse(file.attrs, Vec::new()));
    }
    let mut previous_was_use = false;
    for item in file.items {
        let is_use = matches!(item, syn::Item::Use(_));
        if !(is_use && previous_was_use) {
            text.push('\n');
        }
        previous_was_use = is_use;
        text.push_str(&unparse(Vec::new(), vec![item]));
    }
    text
}

fn unparse(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs,
        items,
    })
}
