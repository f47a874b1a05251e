//! Readers: serde types that mirror each model format exactly, and nothing else.

pub mod botocore;
pub mod endpoint_rules;
pub mod partitions;

use std::fmt;

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
