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

/// A model file's text, and the name that errors give it.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// A service model and what travels beside it: botocore keeps a service's paginators in
/// `paginators-1.json`.
#[derive(Clone, Copy, Debug)]
pub struct ModelFiles<'a> {
    pub model: Source<'a>,
    pub format: ModelFormat,
    pub paginators: Option<Source<'a>>,
}

/// Reads a model (and its paginators) into the IR, keeping only the requested operations.
///
/// A Smithy model is first translated into the botocore model it stands for, so that both
/// formats share one lowering and give the same client.
pub fn read_service(
    files: &ModelFiles<'_>,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let Source { file, text } = files.model;
    let model = match files.format {
        ModelFormat::Botocore => reader::botocore::parse(file, text)?,
        ModelFormat::Smithy => {
            convert::smithy::to_botocore(file, &reader::smithy::parse(file, text)?)?
        }
    };
    let mut service = ir::from_botocore(file, &model)?;
    if let Some(Source { file, text }) = files.paginators {
        let paginators = reader::paginators::parse(file, text)?;
        ir::attach_paginators(file, &paginators, &mut service)?;
    }
    if let Some(operations) = operations {
        ir::select_operations(&mut service, operations)?;
    }
    Ok(service)
}

/// Reads a botocore `service-2.json`, without paginators, into the IR.
pub fn botocore_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let files = ModelFiles {
        model: Source { file, text },
        format: ModelFormat::Botocore,
        paginators: None,
    };
    read_service(&files, operations)
}

/// Reads a Smithy JSON AST into the IR.
pub fn smithy_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let files = ModelFiles {
        model: Source { file, text },
        format: ModelFormat::Smithy,
        paginators: None,
    };
    read_service(&files, operations)
}

/// Generates a client crate from a model and its paginators.
pub fn generate(files: &ModelFiles<'_>, options: &Options) -> Result<GeneratedCrate, Error> {
    let service = read_service(files, options.operations.as_deref())?;
    Ok(emit::generate_crate(&service, &options.crate_options))
}

/// Generates a client crate from a botocore `service-2.json`, without paginators.
pub fn generate_from_botocore(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    let files = ModelFiles {
        model: Source { file, text },
        format: ModelFormat::Botocore,
        paginators: None,
    };
    generate(&files, options)
}
