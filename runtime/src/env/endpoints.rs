//! Endpoint settings from the environment: FIPS and dual-stack endpoints; S3's, from the
//! profile's `s3` block, its `s3_*` keys and the `AWS_S3_*` variables; and endpoint URLs
//! from `AWS_ENDPOINT_URL*`, the profile and its services section; as botocore 1.44.5 reads
//! them (`configprovider.py`: `DEFAULT_S3_CONFIG_VARS`, `ConfiguredEndpointProvider`).

use std::collections::BTreeMap;

use super::{LoadError, LoadErrorKind, Source, Value};
use crate::endpoint::{AddressingStyle, ConfiguredEndpoints, ConfiguredUrl, S3Settings};

impl Source<'_> {
    /// A switch botocore reads with `ensure_boolean`: the variable, else the profile's key;
    /// on when it says `true` in any case, off when it says anything else.
    pub(super) fn switch(&self, variable: &str, key: &str) -> Result<Option<bool>, LoadError> {
        match self.environment.var(variable) {
            Some(value) => Ok(Some(is_true(&value))),
            None => Ok(self.profile_text(key)?.as_deref().map(is_true)),
        }
    }

    /// The `s3` settings: each from its variable, else the profile's top-level key, else
    /// the `s3` block, in botocore's order; botocore's defaults for the rest.
    pub(super) fn s3_settings(&self) -> Result<S3Settings, LoadError> {
        let block = self.s3_block()?;
        let in_block = |key: &str| block.and_then(|block| block.get(key)).map(String::as_str);
        let described =
            |key: &str| format!("`{key}` in the `s3` block of {}", self.describe_profile());
        let mut settings = S3Settings::default();

        if let Some(style) = in_block("addressing_style") {
            settings.addressing_style = match style {
                "auto" => AddressingStyle::Auto,
                "virtual" => AddressingStyle::Virtual,
                "path" => AddressingStyle::Path,
                _ => {
                    return Err(LoadError::new(
                        LoadErrorKind::InvalidValue,
                        format!(
                            "{} is `{style}`, but it must be one of auto, virtual, path",
                            described("addressing_style")
                        ),
                    ));
                }
            };
        }
        settings.use_accelerate_endpoint = in_block("use_accelerate_endpoint").is_some_and(is_true);
        // botocore's `_is_s3_dualstack_mode` takes only `true` (or `True`) from the block;
        // anything else leaves the general setting to decide.
        settings.use_dualstack_endpoint =
            matches!(in_block("use_dualstack_endpoint"), Some("true" | "True")).then_some(true);
        if in_block("payload_signing_enabled").is_some_and(is_true) {
            return Err(LoadError::new(
                LoadErrorKind::Unsupported,
                format!(
                    "{} asks for S3 payloads to be signed, which is not supported (uploads \
                     over HTTPS send their checksum in a trailer, unsigned, as botocore's \
                     default does); remove the setting",
                    described("payload_signing_enabled")
                ),
            ));
        }

        let setting = |variable: &str, key: &str, block_key: &str| -> Result<_, LoadError> {
            if let Some(value) = self.environment.var(variable) {
                return Ok(Some((value, variable.to_owned())));
            }
            if let Some(value) = self.profile_text(key)? {
                return Ok(Some((value, self.describe(key))));
            }
            Ok(in_block(block_key).map(|value| (value.to_owned(), described(block_key))))
        };
        settings.use_arn_region = setting(
            "AWS_S3_USE_ARN_REGION",
            "s3_use_arn_region",
            "use_arn_region",
        )?
        .map(|(value, _)| is_true(&value));
        if let Some((value, origin)) = setting(
            "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT",
            "s3_us_east_1_regional_endpoint",
            "us_east_1_regional_endpoint",
        )? {
            settings.us_east_1_regional_endpoint = match value.as_str() {
                "regional" => true,
                "legacy" => false,
                _ => {
                    return Err(LoadError::new(
                        LoadErrorKind::InvalidValue,
                        format!("{origin} is `{value}`, but it must be one of legacy, regional"),
                    ));
                }
            };
        }
        settings.disable_multiregion_access_points = match self
            .environment
            .var("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS")
        {
            Some(value) => is_true(&value),
            None => in_block("s3_disable_multiregion_access_points").is_some_and(is_true),
        };
        Ok(settings)
    }

    /// The endpoint URLs configured for every service or for one, or none when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else `ignore_configured_endpoint_urls`) is on.
    pub(super) fn configured_endpoints(&self) -> Result<ConfiguredEndpoints, LoadError> {
        let ignored = self.switch(
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )?;
        if ignored == Some(true) {
            return Ok(ConfiguredEndpoints::default());
        }
        const PREFIX: &str = "AWS_ENDPOINT_URL_";
        let mut by_variable: Vec<(String, ConfiguredUrl)> = self
            .environment
            .vars_with_prefix(PREFIX)
            .into_iter()
            .map(|(name, url)| {
                let service = name[PREFIX.len()..].to_owned();
                (service, ConfiguredUrl { url, origin: name })
            })
            .collect();
        // A map's order is no order: sorted, so that errors come in the same order each run.
        by_variable.sort_by(|a, b| a.0.cmp(&b.0));
        let variable = self
            .environment
            .var("AWS_ENDPOINT_URL")
            .map(|url| ConfiguredUrl {
                url,
                origin: "AWS_ENDPOINT_URL".to_owned(),
            });
        let profile = self.profile_text("endpoint_url")?.map(|url| ConfiguredUrl {
            url,
            origin: self.describe("endpoint_url"),
        });
        Ok(ConfiguredEndpoints {
            by_variable,
            variable,
            by_services_section: self.services_section_endpoints()?,
            profile,
        })
    }

    /// The `endpoint_url` of each service's block in the `[services NAME]` section that the
    /// profile's `services = NAME` names; a named section that does not exist is an error.
    fn services_section_endpoints(&self) -> Result<Vec<(String, ConfiguredUrl)>, LoadError> {
        let Some(name) = self.profile_text("services")? else {
            return Ok(Vec::new());
        };
        let Some(section) = self.files.services.get(&name) else {
            return Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!(
                    "{} names the services section `{name}`, but {} has no \
                     `[services {name}]`",
                    self.describe("services"),
                    self.files.config_path.display()
                ),
            ));
        };
        Ok(section
            .iter()
            .filter_map(|(service, value)| match value {
                Value::Nested(block) => {
                    let url = block.get("endpoint_url")?.clone();
                    let origin = format!(
                        "`endpoint_url` of `{service}` in `[services {name}]` of {}",
                        self.files.config_path.display()
                    );
                    Some((service.clone(), ConfiguredUrl { url, origin }))
                }
                Value::Text(_) => None,
            })
            .collect())
    }

    /// The profile's `s3` block, if it has one.
    fn s3_block(&self) -> Result<Option<&BTreeMap<String, String>>, LoadError> {
        match self.settings.get("s3") {
            None => Ok(None),
            Some(Value::Nested(block)) => Ok(Some(block)),
            Some(Value::Text(text)) => Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!(
                    "{} is `{text}`, but it must be a block of settings (`s3 =` followed by \
                     indented `key = value` lines)",
                    self.describe("s3")
                ),
            )),
        }
    }
}

/// botocore's `ensure_boolean` of a string.
fn is_true(value: &str) -> bool {
    value.eq_ignore_ascii_case("true")
}
