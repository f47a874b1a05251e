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

pub use emit::{CrateOptions, GeneratedCrate};
pub use error::Error;
pub use reader::ModelFormat;

/// What to generate from a model.
#[derive(Clone, Debug)]
pub struct Options {
    pub crate_options: CrateOptions,
    /// Generate only these operations (model names) and the shapes they reach.
    pub operations: Option<Vec<String>>,
}

/// Reads a model of the given format (`file` names it in errors) into the IR, keeping only
/// the requested operations.
///
/// A Smithy model is first translated into the botocore model it stands for, so that both
/// formats share one lowering and give the same client.
pub fn read_service(
    file: &str,
    text: &str,
    format: ModelFormat,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let model = match format {
        ModelFormat::Botocore => reader::botocore::parse(file, text)?,
        ModelFormat::Smithy => {
            convert::smithy::to_botocore(file, &reader::smithy::parse(file, text)?)?
        }
    };
    let mut service = ir::from_botocore(file, &model)?;
    if let Some(operations) = operations {
        ir::select_operations(&mut service, operations)?;
    }
    Ok(service)
}

/// Reads a botocore `service-2.json` into the IR; see [`read_service`].
pub fn botocore_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    read_service(file, text, ModelFormat::Botocore, operations)
}

/// Reads a Smithy JSON AST into the IR; see [`read_service`].
pub fn smithy_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    read_service(file, text, ModelFormat::Smithy, operations)
}

/// Generates a client crate from a model of the given format.
pub fn generate(
    file: &str,
    text: &str,
    format: ModelFormat,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    let service = read_service(file, text, format, options.operations.as_deref())?;
    Ok(emit::generate_crate(&service, &options.crate_options))
}

/// Generates a client crate from a botocore `service-2.json`.
pub fn generate_from_botocore(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    generate(file, text, ModelFormat::Botocore, options)
}
