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

pub use emit::{CrateOptions, GeneratedCrate};
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

/// Generates a client crate from a botocore `service-2.json`.
pub fn generate_from_botocore(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    let service = botocore_service(file, text, options.operations.as_deref())?;
    Ok(emit::generate_crate(&service, &options.crate_options))
}
