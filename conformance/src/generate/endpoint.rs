//! Glue for running botocore's endpoint test cases through a generated resolver.

use awsgen_codegen::ir::endpoint::{ParamKind, RuleSet};
use quote::{format_ident, quote};

/// `pub fn params(given) -> Result<Params, String>` for the resolver of `rules`: the
/// resolver's parameters from a test case's `params` object (see
/// [`run_cases`](crate::endpoint::run_cases)), refusing a parameter the rules do not have.
/// Include it beside the resolver, whose `Params` it names.
pub fn endpoint_params(rules: &RuleSet) -> String {
    let arms = rules.params.iter().map(|param| {
        let name = &param.name;
        let field = format_ident!("{}", param.rust_name);
        let convert = match param.kind {
            ParamKind::String => quote!(string),
            ParamKind::Boolean => quote!(boolean),
            ParamKind::StringArray => quote!(strings),
        };
        quote! {
            #name => params.#field = Some(awsgen_conformance::endpoint::#convert(name, value)?),
        }
    });
    let tokens = quote! {
        /// The resolver's parameters from a test case's `params`.
        pub fn params(
            given: &[(String, awsgen_runtime::json::Value)],
        ) -> Result<Params, String> {
            let mut params = Params::default();
            for (name, value) in given {
                match name.as_str() {
                    #(#arms)*
                    other => return Err(format!("the rules have no parameter `{other}`")),
                }
            }
            Ok(params)
        }
    };
    let file: syn::File = syn::parse2(tokens).expect("the glue is Rust");
    prettyplease::unparse(&file)
}
