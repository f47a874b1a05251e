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

/// A model file's text, and the name that errors give it.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// The files botocore keeps for one service version: `service-2.json` and, for services
/// with paginated operations, `paginators-1.json`.
#[derive(Clone, Copy, Debug)]
pub struct BotocoreFiles<'a> {
    pub service: Source<'a>,
    pub paginators: Option<Source<'a>>,
}

/// Reads a botocore `service-2.json` (`file` names it in errors) into the IR, keeping only
/// the requested operations.
pub fn botocore_service(
    file: &str,
    text: &str,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let files = BotocoreFiles {
        service: Source { file, text },
        paginators: None,
    };
    botocore_service_from_files(&files, operations)
}

/// Reads a botocore service and its paginators into the IR, keeping only the requested
/// operations (and their paginators).
pub fn botocore_service_from_files(
    files: &BotocoreFiles<'_>,
    operations: Option<&[String]>,
) -> Result<ir::Service, Error> {
    let Source { file, text } = files.service;
    let model = reader::botocore::parse(file, text)?;
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

/// Generates a client crate from a botocore `service-2.json`.
pub fn generate_from_botocore(
    file: &str,
    text: &str,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    let files = BotocoreFiles {
        service: Source { file, text },
        paginators: None,
    };
    generate_from_botocore_files(&files, options)
}

/// Generates a client crate from a botocore service and its paginators.
pub fn generate_from_botocore_files(
    files: &BotocoreFiles<'_>,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    let service = botocore_service_from_files(files, options.operations.as_deref())?;
    Ok(emit::generate_crate(&service, &options.crate_options))
}
