//! Writes the Rust harness for a suite file.

mod endpoint;
mod inline;
mod suite;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use endpoint::endpoint_params;
pub use suite::{Group, SuiteFile};

/// How the harness is written.
#[derive(Clone, Debug)]
pub struct HarnessOptions {
    /// The path of the module the harness text is included in, e.g. `crate::rest_json_input`.
    pub root: String,
    /// Write a `#[tokio::test]` per case besides the `CASES` table.
    pub tests: bool,
    /// Case ids botocore's own run of the suite leaves out (its
    /// `protocol-tests-ignore-list.json`) because botocore behaves otherwise; awsgen
    /// behaves as botocore does, so their tests assert that they still fail, and a case
    /// that starts passing fails its test.
    pub botocore_differs: Vec<String>,
    /// Cases awsgen cannot pass yet, each with the reason; their tests assert that they
    /// still fail, so that one that starts passing is taken off the list.
    pub known_failures: Vec<(String, String)>,
}

/// The harness for a suite file: Rust items to include in the module at `root`, ending in
/// `pub static CASES: &[&[Case]]`.
#[derive(Debug)]
pub struct Harness {
    pub source: String,
    pub cases: usize,
}

/// Writes the harness for the suite file `file` (named in messages) with contents `text`.
/// A suite whose model the generator refuses still gets its cases, each failing with the
/// generator's message.
pub fn harness(file: &str, text: &str, options: &HarnessOptions) -> Result<Harness, String> {
    let suites = SuiteFile::parse(file, text)?;
    let root: syn::Path =
        syn::parse_str(&options.root).map_err(|e| format!("root {:?}: {e}", options.root))?;
    let mut modules = Vec::new();
    let mut tables = Vec::new();
    let mut cases = 0;
    for group in suites.groups() {
        let module = format_ident!("{}", group.module);
        let mut path = root.clone();
        path.segments.push(module.clone().into());
        modules.push(group_module(&group, &path, options)?);
        tables.push(quote!(#module::CASES));
        cases += group.cases.len();
    }
    let tokens = quote! {
        #(#modules)*
        /// Every case of the file, suite by suite.
        pub static CASES: &[&[awsgen_conformance::check::Case]] = &[#(#tables),*];
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the harness for {file} is not Rust: {e}"))?;
    Ok(Harness {
        source: prettyplease::unparse(&file),
        cases,
    })
}

/// One suite's module: its client, the glue between botocore's parameters and results and
/// the client's types, and a function per case.
fn group_module(
    group: &Group,
    path: &syn::Path,
    options: &HarnessOptions,
) -> Result<TokenStream, String> {
    let module = format_ident!("{}", group.module);
    let suite = group.description.as_str();
    let endpoint = match &group.client_endpoint {
        Some(endpoint) => quote!(Some(#endpoint)),
        None => quote!(None),
    };
    // A panic in the generator is a bug to report against the cases, not a reason to stop
    // running the other suites.
    let generated = std::panic::catch_unwind(|| group.generate(path))
        .unwrap_or_else(|panic| Err(format!("the generator panicked: {}", panic_message(&panic))));
    let mut functions = Vec::new();
    let mut entries = Vec::new();
    for case in &group.cases {
        let run = format_ident!("run_{}", case.function);
        let id = case.id.as_str();
        let body = match &generated {
            Err(refusal) => {
                let message = format!("the generator refused the suite's model: {refusal}");
                quote!(Err(#message.to_owned()))
            }
            Ok(generated) => case_body(case, generated)?,
        };
        functions.push(quote! {
            async fn #run() -> Result<(), String> {
                #body
            }
        });
        if options.tests {
            let test = format_ident!("{}", case.function);
            let known = options.known_failures.iter().find(|(known, _)| known == id);
            let check = if options.botocore_differs.iter().any(|differs| differs == id) {
                quote!(awsgen_conformance::check::assert_fails_as_botocore(#run().await))
            } else if let Some((_, reason)) = known {
                quote!(awsgen_conformance::check::assert_still_fails(#reason, #run().await))
            } else {
                quote!(awsgen_conformance::check::assert_passes(#run().await))
            };
            functions.push(quote! {
                #[tokio::test]
                async fn #test() {
                    #check;
                }
            });
        }
        entries.push(quote! {
            awsgen_conformance::check::Case {
                suite: SUITE,
                id: #id,
                run: || Box::pin(#run()),
            }
        });
    }
    let glue = match &generated {
        Ok(generated) => {
            let client = &generated.client;
            let params = &generated.params;
            let values = &generated.values;
            quote! {
                pub mod client { #client }
                mod params { #params }
                mod values { #values }
            }
        }
        Err(_) => quote!(),
    };
    Ok(quote! {
        #[allow(dead_code, unused_imports, deprecated, clippy::all)]
        pub mod #module {
            #glue
            const SUITE: &str = #suite;
            const ENDPOINT: Option<&str> = #endpoint;
            #(#functions)*
            pub static CASES: &[awsgen_conformance::check::Case] = &[#(#entries),*];
        }
    })
}

/// What a group's model generates: the client as an inline module, and the glue.
pub struct Generated {
    pub service: awsgen_codegen::ir::Service,
    pub client: TokenStream,
    pub params: TokenStream,
    pub values: TokenStream,
}

fn case_body(case: &suite::Case, generated: &Generated) -> Result<TokenStream, String> {
    let data = case.json.as_str();
    let op = generated
        .service
        .operations
        .iter()
        .find(|op| op.name == case.operation)
        .ok_or_else(|| format!("case {} names no operation of its model", case.id))?;
    let op_name = op.name.as_str();
    let module = format_ident!("{}", op.rust_name);
    let input = format_ident!("{}", op.input);
    let input_path = quote!(client::operation::#module::#input);
    Ok(match case.kind {
        suite::CaseKind::Input => quote! {
            let case = awsgen_conformance::check::case_data(#data)?;
            let (config, transport) = awsgen_conformance::check::input_config(ENDPOINT)?;
            let client = client::Client::new(config);
            let params = case.get("params").cloned().unwrap_or(awsgen_runtime::json::Value::Object(Vec::new()));
            let call_error = params::send(&client, #op_name, &params).await?;
            awsgen_conformance::check::input(&case, &transport, call_error, ENDPOINT)
        },
        suite::CaseKind::Output => {
            let error_fn = format_ident!("{}_error", op.rust_name);
            // Each modeled error as (shape name, the code that names it).
            let modeled = op.errors.iter().map(|e| {
                let code = generated.service.shape(e).error_info().code.as_str();
                quote!((#e, #code))
            });
            quote! {
                use awsgen_runtime::client::Operation;
                use awsgen_conformance::values::ToValue;
                let case = awsgen_conformance::check::case_data(#data)?;
                let response = awsgen_conformance::check::response(&case)?;
                if case.get("error").is_some() {
                    let error = <#input_path as Operation>::deserialize_error(&response);
                    let parsed = awsgen_conformance::check::ParsedError {
                        code: error.meta.code().to_owned(),
                        message: error.meta.message().map(str::to_owned),
                        modeled: values::#error_fn(&error.error),
                    };
                    awsgen_conformance::check::error(&case, &[#(#modeled),*], parsed)
                } else {
                    let parsed = <#input_path as Operation>::deserialize_output(&response)
                        .map(|output| output.to_value())
                        .map_err(|error| error.message);
                    awsgen_conformance::check::output(&case, parsed)
                }
            }
        }
    })
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}
