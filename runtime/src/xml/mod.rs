//! XML for the awsQuery, ec2Query and restXml protocols: a pull reader that generated code
//! drives element by element (no tree is built on the response path) and a writer.
//!
//! The reader takes the XML that AWS services send — elements, attributes, namespace
//! prefixes, text with the five predefined entities and character references, CDATA,
//! comments and processing instructions — and refuses the rest by name. A document type
//! declaration is refused outright: AWS sends none, and internal entities are how a hostile
//! document makes a parser's memory grow without bound. Nesting is bounded by [`MAX_DEPTH`]
//! and nothing recurses, so no input overflows the stack; every error carries the byte
//! offset where reading stopped.

mod body;
mod read;
mod value;
mod write;

pub use body::{body_reader, document_reader, error_reader, payload, root_text};
pub use read::{Start, XmlReader};
pub use value::{ReadXml, ToXml, element, entries, read_entry, read_list, read_map, required};
pub use write::XmlWriter;

use std::fmt;

/// How deeply elements may nest in a response. AWS's deepest shapes are far shallower; a
/// document beyond this is refused rather than read.
pub const MAX_DEPTH: usize = 128;

/// Why a document could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    message: String,
    offset: Option<usize>,
}

impl XmlError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            offset: Some(offset),
        }
    }

    /// A document that is well-formed but does not hold what the model says, such as a
    /// required member left out.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            offset: None,
        }
    }

    /// The byte offset in the document where reading stopped, when the error is about
    /// one place in it.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{} at byte {offset}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for XmlError {}

/// A response that is not the XML its operation expects is a deserialization error.
impl From<XmlError> for crate::error::DeserializeError {
    fn from(error: XmlError) -> Self {
        crate::error::DeserializeError::new(error.to_string())
    }
}
