//! Endpoint resolution. Each generated crate turns its service's endpoint rules
//! (`endpoint-rule-set-1.json`) into a `resolve` function of plain `if`s; this module holds
//! what those functions share: the [`Endpoint`] they return, the [`EndpointError`] a rule
//! raises, and the rules language's standard library ([`library`], [`partition`]) they call.
//!
//! A client resolves its endpoint once, when it is created, from the rule parameters its
//! configuration decides ([`BuiltIns`]).

mod library;
mod partition;
#[cfg(test)]
mod reference;
// Generated from model/partitions.json by `cargo xtask codegen`, formatted by prettyplease.
#[rustfmt::skip]
mod partitions;

use std::fmt;

use crate::json::Value;

pub use library::{
    Arn, UrlParts, is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url,
    substring, uri_encode,
};
pub use partition::{Partition, partition};

/// The rule parameters that a client's configuration sets, whatever the service: the rules
/// name them by their `builtIn` (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`,
/// `SDK::Endpoint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltIns<'a> {
    pub region: &'a str,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// The endpoint override, exactly as the user gave it.
    pub endpoint: Option<&'a str>,
    pub account_id_endpoint_mode: AccountIdEndpointMode,
}

/// Whether requests go to endpoints named after the caller's account, where a service's
/// rules have them (DynamoDB's `<account>.ddb.<region>.amazonaws.com`), as botocore's
/// `account_id_endpoint_mode` setting says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Account endpoints where the account is known (from a resource ARN in the input),
    /// regional endpoints otherwise: botocore's default.
    #[default]
    Preferred,
    /// Regional endpoints always.
    Disabled,
    /// Account endpoints always; a call whose account is not known fails.
    Required,
}

impl AccountIdEndpointMode {
    /// The value the endpoint rules compare: `preferred`, `disabled` or `required`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }
}

/// Where a service's rules send requests: the URL, headers to add to every request, and
/// properties such as the signing details (`authSchemes`).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// Header name and values, in the rule's order.
    pub headers: Vec<(String, Vec<String>)>,
    /// Property name and value, in the rule's order.
    pub properties: Vec<(String, Value)>,
}

impl Endpoint {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            headers: Vec::new(),
            properties: Vec::new(),
        }
    }

    pub fn header(mut self, name: &str, values: Vec<String>) -> Self {
        self.headers.push((name.to_owned(), values));
        self
    }

    pub fn property(mut self, name: &str, value: Value) -> Self {
        self.properties.push((name.to_owned(), value));
        self
    }

    /// The SigV4 signing details the rules give, if any: the first `sigv4` entry of the
    /// `authSchemes` property. Other schemes (`sigv4a`, `sigv4-s3express`) are skipped, as
    /// this runtime signs with SigV4 only.
    pub fn sigv4_scheme(&self) -> Option<AuthScheme<'_>> {
        let (_, schemes) = self
            .properties
            .iter()
            .find(|(name, _)| name == "authSchemes")?;
        let Value::Array(schemes) = schemes else {
            return None;
        };
        schemes
            .iter()
            .filter(|scheme| scheme.get("name").and_then(Value::as_str) == Some("sigv4"))
            .map(|scheme| AuthScheme {
                signing_name: scheme.get("signingName").and_then(Value::as_str),
                signing_region: scheme.get("signingRegion").and_then(Value::as_str),
            })
            .next()
    }
}

/// Signing details an endpoint overrides; what is `None` keeps the service's signing name
/// and the configured region.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AuthScheme<'a> {
    pub signing_name: Option<&'a str>,
    pub signing_region: Option<&'a str>,
}

/// A rule of the service's endpoint rules refused the parameters (FIPS with a custom
/// endpoint, a missing region, ...), or no rule matched them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The rule's message, exactly as the rules word it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// A string value of an endpoint property.
pub fn string(value: impl Into<String>) -> Value {
    Value::String(value.into())
}

/// An array value of an endpoint property.
pub fn array<const N: usize>(elements: [Value; N]) -> Value {
    Value::Array(elements.into())
}

/// An object value of an endpoint property, members in the rule's order.
pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigv4_scheme_is_the_first_sigv4_entry() {
        let endpoint = Endpoint::new("https://example.com").property(
            "authSchemes",
            array([
                object([("name", string("sigv4a")), ("signingName", string("s3"))]),
                object([
                    ("name", string("sigv4")),
                    ("signingName", string("s3-outposts")),
                    ("signingRegion", string("us-west-2")),
                    ("disableDoubleEncoding", Value::Bool(true)),
                ]),
            ]),
        );
        assert_eq!(
            endpoint.sigv4_scheme(),
            Some(AuthScheme {
                signing_name: Some("s3-outposts"),
                signing_region: Some("us-west-2"),
            })
        );
    }

    #[test]
    fn endpoint_without_auth_schemes_keeps_the_defaults() {
        assert_eq!(Endpoint::new("https://example.com").sigv4_scheme(), None);
    }

    #[test]
    fn error_displays_the_rule_message_alone() {
        let error = EndpointError::new("Invalid Configuration: Missing Region");
        assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
    }
}
