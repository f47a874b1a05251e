//! Helpers that generated (de)serializers call, one module per wire protocol.

pub mod aws_json;
pub mod rest;
pub mod rest_json;
