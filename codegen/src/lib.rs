//! awsgen's code generator: reads an AWS API model, normalizes it into one IR, and emits a
//! formatted Rust client crate.
//!
//! Data flows one way — model text → [`reader`] → [`ir::Service`] → [`emit`] →
//! [`GeneratedCrate`] — and nothing here touches the file system: the caller hands in the
//! model's text and writes out the files it gets back. A Smithy JSON AST takes one more step
//! before the IR: it is translated into the botocore model it stands for.

mod convert;
pub mod emit;
pub mod error;
pub mod ir;
mod names;
pub mod reader;

pub use emit::{CrateOptions, GeneratedCrate, endpoint_resolver};
pub use error::Error;
pub use reader::ModelFormat;

/// What to generate from a model.
#[derive(Clone, Debug)]
pub struct Options {
    pub crate_options: CrateOptions,
    /// Generate only these operations (model names) and the shapes they reach.
    pub operations: Option<Vec<String>>,
}

/// A model file's text, and the name that errors give it.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// A service model and what travels beside it: botocore keeps a service's paginators in
/// `paginators-1.json` and its endpoint rules in `endpoint-rule-set-1.json`.
#[derive(Clone, Copy, Debug)]
pub struct ModelFiles<'a> {
    pub model: Source<'a>,
    pub format: ModelFormat,
    pub paginators: Option<Source<'a>>,
    /// Without a rules file, a Smithy model's `smithy.rules#endpointRuleSet` trait, or else
    /// the standard regional rules, decide the endpoint.
    pub endpoint_rules: Option<Source<'a>>,
}

impl<'a> ModelFiles<'a> {
    /// A model alone, with nothing beside it.
    pub fn model(file: &'a str, text: &'a str, format: ModelFormat) -> Self {
        Self {
            model: Source { file, text },
            format,
            paginators: None,
            endpoint_rules: None,
        }
    }
}

/// Reads a model (and its paginators and endpoint rules) into the IR, keeping only the
/// requested operations.
///
/// A Smithy model is first translated into the botocore model it stands for, so that both
/// formats share one lowering and give the same client.
pub fn read_service(
    files: &ModelFiles<'_>,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let Source { file, text } = files.model;
    let mut trait_rules = None;
    let mut trait_paginators = None;
    let model = match files.format {
        ModelFormat::Botocore => reader::botocore::parse(file, text)?,
        ModelFormat::Smithy => {
            let ast = reader::smithy::parse(file, text)?;
            trait_rules = convert::smithy::endpoint_rule_set(&ast);
            let translation = convert::smithy::to_botocore(file, &ast)?;
            trait_paginators = Some(translation.paginators);
            translation.model
        }
    };
    let mut service = ir::from_botocore(file, &model)?;
    if let Some(Source { file, text }) = files.paginators {
        let paginators = reader::paginators::parse(file, text)?;
        ir::attach_paginators(file, &paginators, &mut service)?;
    } else if let Some(paginators) = trait_paginators {
        // Errors point at the traits, which the translation named by shape id.
        ir::attach_paginators(&format!("{file} (@paginated)"), &paginators, &mut service)?;
    }
    if let Some(source) = files.endpoint_rules {
        service.endpoint = ir::EndpointRules {
            rules: endpoint_rules(source)?,
            source: format!("`{}`", source.file),
        };
    } else if let Some(text) = trait_rules {
        let source = Source {
            file: &format!("{file} (smithy.rules#endpointRuleSet)"),
            text: &text,
        };
        service.endpoint = ir::EndpointRules {
            rules: endpoint_rules(source)?,
            source: format!("`{file}`"),
        };
    }
    if let Some(operations) = operations {
        ir::select_operations(&mut service, operations)?;
    }
    Ok(service)
}

/// The protocol (botocore's name for it, e.g. `rest-json`) that a Smithy model's client
/// would speak, read without translating the model, so that a refused model can still be
/// counted under its protocol.
pub fn smithy_protocol(file: &str, text: &str) -> Option<&'static str> {
    let ast = reader::smithy::parse(file, text).ok()?;
    convert::smithy::chosen_protocol(file, &ast)
}

/// Reads a botocore `service-2.json` alone into the IR.
pub fn botocore_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    read_service(
        &ModelFiles::model(file, text, ModelFormat::Botocore),
        operations,
    )
}

/// Reads a Smithy JSON AST into the IR.
pub fn smithy_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    read_service(
        &ModelFiles::model(file, text, ModelFormat::Smithy),
        operations,
    )
}

/// Generates a client crate from a model and what travels beside it.
pub fn generate(files: &ModelFiles<'_>, options: &Options) -> Result<GeneratedCrate, Error> {
    let service = read_service(files, options.operations.as_deref())?;
    Ok(emit::generate_crate(&service, &options.crate_options))
}

/// Generates a client crate from a botocore `service-2.json` alone.
pub fn generate_from_botocore(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    generate(
        &ModelFiles::model(file, text, ModelFormat::Botocore),
        options,
    )
}

/// Reads an `endpoint-rule-set-1.json` into typed rules.
pub fn endpoint_rules(source: Source<'_>) -> Result<ir::endpoint::RuleSet, Error> {
    let rules = reader::endpoint_rules::parse(source.file, source.text)?;
    ir::endpoint::from_rules(source.file, &rules)
}

/// Reads botocore's `partitions.json` and renders the runtime's partition table
/// (`runtime/src/endpoint/partitions.rs`).
pub fn partitions_table(source: Source<'_>) -> Result<String, Error> {
    let table = reader::partitions::parse(source.file, source.text)?;
    let partitions = ir::partitions::from_partitions(source.file, &table)?;
    Ok(emit::partitions_file(
        &partitions,
        &format!("`{}`", source.file),
    ))
}
