//! Endpoint resolution. Each generated crate turns its service's endpoint rules
//! (`endpoint-rule-set-1.json`) into a `resolve` function of plain `if`s; this module holds
//! what those functions share: the [`Endpoint`] they return, the [`EndpointError`] a rule
//! raises, and the rules language's standard library ([`library`], [`partition`]) they call.
//!
//! A client resolves its endpoint once, when it is created, from the rule parameters its
//! configuration decides ([`BuiltIns`]).

mod configured;
mod library;
mod partition;
#[cfg(test)]
mod reference;
// Generated from model/partitions.json by `cargo xtask codegen`, formatted by prettyplease.
#[rustfmt::skip]
mod partitions;

use std::fmt;

use crate::json::Value;

pub use configured::ConfiguredEndpoints;
pub(crate) use configured::ConfiguredUrl;
pub use library::{
    Arn, UrlParts, is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url,
    substring, uri_encode,
};
pub use partition::{Partition, partition};

/// The rule parameters that a client's configuration sets, whatever the service: the rules
/// name them by their `builtIn` (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`,
/// `SDK::Endpoint`, S3's `AWS::S3::*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltIns<'a> {
    pub region: &'a str,
    pub use_fips: bool,
    pub use_dual_stack: bool,
    /// The endpoint override, exactly as the user gave it.
    pub endpoint: Option<&'a str>,
    pub account_id_endpoint_mode: AccountIdEndpointMode,
    pub s3: S3Settings,
}

impl BuiltIns<'_> {
    /// `AWS::S3::ForcePathStyle` as botocore computes it
    /// (`compute_endpoint_resolver_builtin_defaults`): never with the accelerate endpoint;
    /// with an endpoint override that is not itself an accelerate URL, unless the
    /// addressing style says `virtual`; otherwise only when it says `path`.
    pub fn s3_force_path_style(&self) -> bool {
        if self.s3.use_accelerate_endpoint {
            false
        } else if self.endpoint.is_some_and(|url| !is_s3_accelerate_url(url)) {
            self.s3.addressing_style != AddressingStyle::Virtual
        } else {
            self.s3.addressing_style == AddressingStyle::Path
        }
    }

    /// The built-ins for a call on `bucket` (botocore's
    /// `customize_endpoint_resolver_builtins`): an ARN names where it is reached and is
    /// never addressed path-style, whatever the settings say (the rules would refuse it), so
    /// for an ARN the settings ask for virtual-hosted addressing.
    pub fn for_bucket(mut self, bucket: Option<&str>) -> Self {
        if bucket.is_some_and(is_arn) {
            self.s3.addressing_style = AddressingStyle::Virtual;
        }
        self
    }

    /// `AWS::UseDualStack` for S3 and S3 Control, which an `s3` setting of their own may
    /// decide (botocore's `_is_s3_dualstack_mode`).
    pub fn s3_use_dual_stack(&self) -> bool {
        self.s3
            .use_dualstack_endpoint
            .unwrap_or(self.use_dual_stack)
    }

    /// `AWS::S3::UseGlobalEndpoint`: `s3.amazonaws.com` for `us-east-1`, unless
    /// `us_east_1_regional_endpoint` is `regional` (botocore's `_should_force_s3_global`).
    pub fn s3_use_global_endpoint(&self) -> bool {
        !self.s3.us_east_1_regional_endpoint && self.region == "us-east-1"
    }
}

/// botocore's `ArnParser.is_arn`: `arn:` and at least five more `:`-separated parts.
fn is_arn(text: &str) -> bool {
    text.starts_with("arn:") && text.splitn(6, ':').count() == 6
}

/// botocore's `is_s3_accelerate_url`: `s3-accelerate.amazonaws.com`, with at most a
/// `dualstack` label between.
fn is_s3_accelerate_url(url: &str) -> bool {
    // Only http and https parse.
    let Ok(url) = crate::http::Url::parse(url) else {
        return false;
    };
    let labels: Vec<&str> = url.host.split('.').collect();
    match labels.as_slice() {
        ["s3-accelerate", features @ .., "amazonaws", "com"] => {
            features.is_empty() || features == ["dualstack"]
        }
        _ => false,
    }
}

/// botocore's `s3` configuration: how S3 and S3 Control requests are addressed. The
/// default is botocore's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct S3Settings {
    pub addressing_style: AddressingStyle,
    /// S3 Transfer Acceleration (`bucket.s3-accelerate.amazonaws.com`).
    pub use_accelerate_endpoint: bool,
    /// Whether an ARN's region may differ from the client's; unset, each service's default
    /// (S3 yes, S3 Control no, as in botocore).
    pub use_arn_region: Option<bool>,
    pub disable_multiregion_access_points: bool,
    /// `us-east-1` requests go to `s3.us-east-1.amazonaws.com` rather than the global
    /// `s3.amazonaws.com` (botocore's `us_east_1_regional_endpoint = regional`; its default
    /// is `legacy`).
    pub us_east_1_regional_endpoint: bool,
    /// Dual-stack endpoints for S3 and S3 Control alone, whatever the client's
    /// `use_dual_stack` says; unset, that setting decides.
    pub use_dualstack_endpoint: Option<bool>,
}

/// Whether a bucket goes in the host or the path (botocore's `addressing_style`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AddressingStyle {
    /// In the host where the bucket name allows it; in the path with an endpoint
    /// override.
    #[default]
    Auto,
    Virtual,
    Path,
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

    /// The SigV4 signing details the rules give: the first `sigv4` entry of the
    /// `authSchemes` property, the defaults when the rules list no schemes, and an error
    /// naming the scheme when they list only schemes this runtime cannot sign with
    /// (`sigv4a` for multi-region access points, `sigv4-s3express` for S3 Express One Zone
    /// directory buckets): a request signed otherwise would only be refused by the service.
    pub fn sigv4_scheme(&self) -> Result<AuthScheme<'_>, EndpointError> {
        let schemes = self
            .properties
            .iter()
            .find(|(name, _)| name == "authSchemes")
            .map(|(_, schemes)| schemes);
        let Some(Value::Array(schemes)) = schemes else {
            return Ok(AuthScheme::default());
        };
        fn name_of(scheme: &Value) -> Option<&str> {
            scheme.get("name").and_then(Value::as_str)
        }
        if let Some(scheme) = schemes
            .iter()
            .find(|scheme| name_of(scheme) == Some("sigv4"))
        {
            return Ok(AuthScheme {
                signing_name: scheme.get("signingName").and_then(Value::as_str),
                signing_region: scheme.get("signingRegion").and_then(Value::as_str),
            });
        }
        let names: Vec<&str> = schemes.iter().filter_map(name_of).collect();
        if names.is_empty() {
            return Ok(AuthScheme::default());
        }
        let what = match names[0] {
            "sigv4a" => " (SigV4a, which multi-region access points need)",
            "sigv4-s3express" => {
                " (S3 Express One Zone's session auth, which directory buckets need)"
            }
            _ => "",
        };
        Err(EndpointError::new(format!(
            "the endpoint rules ask for the `{}` auth scheme{what}, which awsgen does not \
             support yet; it signs with `sigv4` only",
            names.join("` or `")
        )))
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

/// A map's keys for the endpoint rules (`keys(...)` in an `operationContextParams`
/// expression, as DynamoDB's table names in `BatchGetItem`), sorted. botocore gives them in
/// the order the caller wrote the dictionary; a `HashMap` has no order, and the rules look
/// at the first (DynamoDB's account endpoint), so sorting makes every call choose alike.
pub fn sorted_keys<'a>(keys: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut keys: Vec<String> = keys.cloned().collect();
    keys.sort_unstable();
    keys
}

#[cfg(test)]
mod tests {
    #[test]
    fn map_keys_are_given_sorted() {
        let map = std::collections::HashMap::from([("b".to_owned(), 1), ("a".to_owned(), 2)]);
        assert_eq!(super::sorted_keys(map.keys()), ["a", "b"]);
    }

    #[test]
    fn force_path_style_follows_botocore() {
        let built_ins = |endpoint, style, accelerate| BuiltIns {
            region: "us-west-2",
            use_fips: false,
            use_dual_stack: false,
            endpoint,
            account_id_endpoint_mode: AccountIdEndpointMode::default(),
            s3: S3Settings {
                addressing_style: style,
                use_accelerate_endpoint: accelerate,
                ..S3Settings::default()
            },
        };
        use AddressingStyle::{Auto, Path, Virtual};
        let custom = Some("http://localhost:4566");
        let accelerate_url = Some("https://s3-accelerate.dualstack.amazonaws.com");
        for (endpoint, style, accelerate, expected) in [
            (None, Auto, false, false),
            (None, Path, false, true),
            (None, Virtual, false, false),
            (custom, Auto, false, true),
            (custom, Path, false, true),
            (custom, Virtual, false, false),
            (custom, Path, true, false),
            (accelerate_url, Auto, false, false),
            (accelerate_url, Path, false, true),
        ] {
            assert_eq!(
                built_ins(endpoint, style, accelerate).s3_force_path_style(),
                expected,
                "{endpoint:?} {style:?} accelerate={accelerate}"
            );
        }
        assert!(is_s3_accelerate_url("https://s3-accelerate.amazonaws.com"));
        assert!(!is_s3_accelerate_url(
            "https://s3-accelerate.dualstack.dualstack.amazonaws.com"
        ));
        assert!(!is_s3_accelerate_url("https://s3.us-west-2.amazonaws.com"));
        assert!(!is_s3_accelerate_url("https://s3-accelerate.example.com"));

        // An ARN bucket is never path-style; a bucket named like one but too short is a name.
        let arn = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint";
        for (endpoint, style) in [(None, Path), (custom, Auto), (custom, Path)] {
            let call = built_ins(endpoint, style, false).for_bucket(Some(arn));
            assert!(!call.s3_force_path_style(), "{endpoint:?} {style:?}");
        }
        let named = built_ins(None, Path, false).for_bucket(Some("arn:aws:s3"));
        assert!(named.s3_force_path_style());
    }

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
            Ok(AuthScheme {
                signing_name: Some("s3-outposts"),
                signing_region: Some("us-west-2"),
            })
        );
    }

    #[test]
    fn endpoint_without_auth_schemes_keeps_the_defaults() {
        assert_eq!(
            Endpoint::new("https://example.com").sigv4_scheme(),
            Ok(AuthScheme::default())
        );
    }

    #[test]
    fn only_schemes_that_cannot_be_signed_are_refused_by_name() {
        let only = |name: &str| {
            Endpoint::new("https://example.com").property(
                "authSchemes",
                array([object([
                    ("name", string(name)),
                    ("signingName", string("s3")),
                ])]),
            )
        };
        let error = only("sigv4a").sigv4_scheme().unwrap_err();
        assert!(
            error.message().contains("`sigv4a` auth scheme (SigV4a"),
            "{error}"
        );
        let error = only("sigv4-s3express").sigv4_scheme().unwrap_err();
        assert!(error.message().contains("S3 Express One Zone"), "{error}");
    }

    #[test]
    fn error_displays_the_rule_message_alone() {
        let error = EndpointError::new("Invalid Configuration: Missing Region");
        assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
    }
}
