//! awsgen's code generator: reads an AWS API model, normalizes it into one IR, and emits a
//! formatted Rust client crate.
//!
//! Data flows one way — model text → [`reader`] → [`ir::Service`] → [`emit`] →
//! [`GeneratedCrate`] — and nothing here touches the file system: the caller hands in the
//! model's text and writes out the files it gets back.

pub mod emit;
pub mod error;
pub mod ir;
mod names;
pub mod reader;

pub use emit::{CrateOptions, GeneratedCrate, endpoint_resolver};
pub use error::Error;

/// What to generate from a model.
#[derive(Clone, Debug)]
pub struct Options {
    pub crate_options: CrateOptions,
    /// Generate only these operations (model names) and the shapes they reach.
    pub operations: Option<Vec<String>>,
}

/// Reads a botocore `service-2.json` (`file` names it in errors) into the IR, keeping only
/// the requested operations.
pub fn botocore_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let model = reader::botocore::parse(file, text)?;
    let mut service = ir::from_botocore(file, &model)?;
    if let Some(operations) = operations {
        ir::select_operations(&mut service, operations)?;
    }
    Ok(service)
}

/// A model file: its name, as errors should name it, and its text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
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

/// Generates a client crate from a botocore `service-2.json` and the service's
/// `endpoint-rule-set-1.json`.
pub fn generate_from_botocore(
    service: Source<'_>,
    endpoint_rules: Source<'_>,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    let rules = self::endpoint_rules(endpoint_rules)?;
    let service = botocore_service(service.file, service.text, options.operations.as_deref())?;
    let rules_source = format!("`{}`", endpoint_rules.file);
    Ok(emit::generate_crate(
        &service,
        &rules,
        &rules_source,
        &options.crate_options,
    ))
}
