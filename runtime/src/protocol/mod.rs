//! Helpers that generated (de)serializers call, one module per wire protocol.

pub mod aws_json;
#[cfg(feature = "xml")]
pub mod ec2;
#[cfg(feature = "xml")]
pub mod query;
pub mod rest;
pub mod rest_json;
#[cfg(feature = "xml")]
pub mod rest_xml;
