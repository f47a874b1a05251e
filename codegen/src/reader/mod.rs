//! Readers: serde types that mirror each model format exactly, and nothing else.

pub mod botocore;
pub mod endpoint_rules;
pub mod paginators;
pub mod partitions;
pub mod smithy;

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use serde::de::IgnoredAny;

/// The model formats awsgen reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelFormat {
    /// botocore's `service-2.json`.
    Botocore,
    /// The Smithy JSON AST (IDL 1.0 or 2.0).
    Smithy,
}

impl ModelFormat {
    /// Tells the format by its top-level keys: botocore has `metadata`, `operations` and
    /// `shapes`; a Smithy AST has `smithy` (its IDL version) and `shapes`.
    pub fn detect(file: &str, text: &str) -> Result<ModelFormat, ModelError> {
        #[derive(Deserialize)]
        struct TopLevel {
            smithy: Option<IgnoredAny>,
            metadata: Option<IgnoredAny>,
            operations: Option<IgnoredAny>,
            shapes: Option<IgnoredAny>,
        }
        let top: TopLevel = from_json(file, text)?;
        match top {
            TopLevel {
                smithy: Some(_),
                shapes: Some(_),
                ..
            } => Ok(ModelFormat::Smithy),
            TopLevel {
                metadata: Some(_),
                operations: Some(_),
                shapes: Some(_),
                ..
            } => Ok(ModelFormat::Botocore),
            _ => Err(ModelError {
                file: file.to_owned(),
                path: String::new(),
                message: "neither a botocore model (`metadata`, `operations`, `shapes`) nor a \
                          Smithy JSON AST (`smithy`, `shapes`); name the format if it is one"
                    .to_owned(),
            }),
        }
    }
}

impl FromStr for ModelFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "botocore" => Ok(ModelFormat::Botocore),
            "smithy" => Ok(ModelFormat::Smithy),
            other => Err(format!(
                "unknown model format `{other}` (botocore or smithy)"
            )),
        }
    }
}

/// A model file that could not be read: which file, where in the JSON, and what is wrong.
#[derive(Debug)]
pub struct ModelError {
    pub file: String,
    /// The JSON path of the offending value, e.g. `shapes.AppId.min`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{} at `{}`: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for ModelError {}

/// Deserializes `text` as `T`, reporting the JSON path of the first value that does not fit.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, ModelError> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| ModelError {
        file: file.to_owned(),
        path: error.path().to_string(),
        message: error.into_inner().to_string(),
    })
}
