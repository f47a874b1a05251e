//! Why a model could not be turned into a crate.

use std::fmt;

use crate::reader::ModelError;

#[derive(Debug)]
pub enum Error {
    /// The model file is not valid JSON of its format.
    Model(ModelError),
    /// The model is well-formed but uses something the generator does not handle yet.
    Unsupported {
        file: String,
        /// The shape or operation that uses it.
        subject: String,
        what: String,
    },
    /// The model contradicts itself (a member targets a missing shape, a label has no member).
    Invalid {
        file: String,
        subject: String,
        what: String,
    },
    /// `--operations` named an operation the model does not have.
    UnknownOperation { name: String, known: Vec<String> },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(error) => error.fmt(f),
            Error::Unsupported {
                file,
                subject,
                what,
            } => write!(
                f,
                "{file}: `{subject}` uses {what}, which awsgen does not support yet"
            ),
            Error::Invalid {
                file,
                subject,
                what,
            } => write!(f, "{file}: `{subject}`: {what}"),
            Error::UnknownOperation { name, known } => write!(
                f,
                "the model has no operation `{name}`; it has: {}",
                known.join(", ")
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<ModelError> for Error {
    fn from(error: ModelError) -> Self {
        Error::Model(error)
    }
}
