//! Settings from the environment: region, credentials and retry settings from environment
//! variables and the shared `~/.aws/config` and `~/.aws/credentials` files, found as botocore
//! 1.44.5 finds them.
//!
//! **Profile**: the `profile` argument (botocore's `Session(profile=…)`), else
//! `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`. A profile that was named but
//! exists in neither file is an error; an unnamed `default` may be missing.
//!
//! **Files**: `AWS_CONFIG_FILE` (default `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
//! (default `~/.aws/credentials`), with `$VAR`, `${VAR}` and a leading `~` expanded. A missing
//! file is no error; a malformed one is, naming the file and line.
//!
//! **Credentials**, the first source that has them:
//! 1. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with `AWS_SECURITY_TOKEN` or else
//!    `AWS_SESSION_TOKEN` (skipped when a profile is passed explicitly);
//! 2. `aws_access_key_id` and `aws_secret_access_key` (with `aws_security_token` or else
//!    `aws_session_token`) in the profile's section of the credentials file;
//! 3. the same keys in the profile's section of the config file.
//!
//! Where botocore would get credentials some other way before reaching a source above (an
//! assumed role, web identity, SSO, a login session, a `credential_process`), loading fails
//! and says so rather than silently using different credentials. Container and instance
//! metadata (IMDS) credentials, which botocore tries last, are not supported: with none of
//! the sources above, the configuration has no credentials.
//!
//! **Region**: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`. botocore
//! reads only the last two; the other AWS SDKs and the AWS CLI v2 read `AWS_REGION` first,
//! and so do we.
//!
//! **Retries**: `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts` (a whole number, at
//! least 1); `AWS_RETRY_MODE`, else the profile's `retry_mode`, must be `standard` if set.
//!
//! **Account endpoints**: `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else the profile's
//! `account_id_endpoint_mode`: `preferred`, `disabled` or `required`, in any case.
//!
//! **FIPS and dual-stack endpoints**: `AWS_USE_FIPS_ENDPOINT`, else the profile's
//! `use_fips_endpoint`; `AWS_USE_DUALSTACK_ENDPOINT`, else `use_dualstack_endpoint`. On
//! when the value is `true` in any case.
//!
//! **Endpoint URLs**: unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else the profile's
//! `ignore_configured_endpoint_urls`) is `true`, a client's endpoint is, first found:
//! `AWS_ENDPOINT_URL_<SERVICE>` (the service id in capitals, spaces as `_`:
//! `AWS_ENDPOINT_URL_DYNAMODB`), `AWS_ENDPOINT_URL`, the service's block in the
//! `[services NAME]` section the profile's `services = NAME` names (`dynamodb`, in lower
//! case), the profile's `endpoint_url`. An endpoint set in code comes before them all.
//!
//! **CA bundle**: `AWS_CA_BUNDLE`, else the profile's `ca_bundle`: a PEM file of
//! certificate authorities trusted besides the Mozilla roots.
//!
//! **S3**: the profile's `s3` block (`addressing_style`, `use_accelerate_endpoint`,
//! `use_dualstack_endpoint`, `use_arn_region`, `us_east_1_regional_endpoint`,
//! `s3_disable_multiregion_access_points`), with `AWS_S3_USE_ARN_REGION`,
//! `AWS_S3_US_EAST_1_REGIONAL_ENDPOINT` and `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`
//! first and the top-level keys `s3_use_arn_region` and `s3_us_east_1_regional_endpoint`
//! before the block. An addressing style other than `auto`, `virtual` and `path`, an `s3`
//! that is not a block and a `us_east_1_regional_endpoint` other than `legacy` and
//! `regional` are errors, as in botocore; so is `payload_signing_enabled = true`, which
//! botocore honours and awsgen does not support.

mod endpoints;
mod ini;
mod profiles;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::checksum::ChecksumWhen;
use crate::credentials::Credentials;
use crate::endpoint::{AccountIdEndpointMode, ConfiguredEndpoints, S3Settings};
use crate::error::ConfigError;
use ini::{Section, Value};
use profiles::Profiles;

/// Where settings are read from: environment variables and files. [`ProcessEnvironment`] is
/// the real one; tests use a map of variables (files still come from the file system, so a
/// test points `HOME` or `AWS_CONFIG_FILE` at a directory of its own).
pub trait Environment {
    /// The variable's value, if it is set (even to the empty string).
    fn var(&self, name: &str) -> Option<String>;

    /// Every variable whose name starts with `prefix`, with its value. The default finds
    /// none: an environment of fixed names need not list them.
    fn vars_with_prefix(&self, prefix: &str) -> Vec<(String, String)> {
        let _ = prefix;
        Vec::new()
    }

    /// Whether this is AWS Lambda, which sets `AWS_LAMBDA_FUNCTION_NAME` (to anything, even
    /// the empty string).
    fn in_lambda(&self) -> bool {
        self.var("AWS_LAMBDA_FUNCTION_NAME").is_some()
    }

    /// The file's contents, or `None` if there is no regular file at `path`.
    fn read_file(&self, path: &Path) -> io::Result<Option<Vec<u8>>> {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_file() => std::fs::read(path).map(Some),
            Ok(_) => Ok(None),
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }
}

/// This process's environment variables and the file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
    }

    fn vars_with_prefix(&self, prefix: &str) -> Vec<(String, String)> {
        std::env::vars_os()
            .filter_map(|(name, value)| {
                let name = name.into_string().ok()?;
                name.starts_with(prefix)
                    .then(|| (name, value.to_string_lossy().into_owned()))
            })
            .collect()
    }

    /// Asked of the process once: Lambda sets the function name before the function's
    /// process starts and never changes it, and every call wants to know (a lookup takes
    /// the environment lock and scans the whole environment).
    fn in_lambda(&self) -> bool {
        static IN_LAMBDA: OnceLock<bool> = OnceLock::new();
        *IN_LAMBDA.get_or_init(|| std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some())
    }
}

/// Variables from the map, files from the file system.
impl Environment for HashMap<String, String> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).cloned()
    }

    fn vars_with_prefix(&self, prefix: &str) -> Vec<(String, String)> {
        self.iter()
            .filter(|(name, _)| name.starts_with(prefix))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect()
    }
}

/// What the environment says about a client's settings. `None` where it says nothing.
#[derive(Clone, Debug, Default)]
pub struct EnvSettings {
    pub region: Option<String>,
    pub credentials: Option<Credentials>,
    pub max_attempts: Option<u32>,
    /// `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else the profile's `account_id_endpoint_mode`.
    pub account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    /// `AWS_REQUEST_CHECKSUM_CALCULATION`, else the profile's `request_checksum_calculation`.
    pub request_checksum_calculation: Option<ChecksumWhen>,
    /// `AWS_RESPONSE_CHECKSUM_VALIDATION`, else the profile's `response_checksum_validation`.
    pub response_checksum_validation: Option<ChecksumWhen>,
    /// `AWS_USE_FIPS_ENDPOINT`, else the profile's `use_fips_endpoint`.
    pub use_fips: Option<bool>,
    /// `AWS_USE_DUALSTACK_ENDPOINT`, else the profile's `use_dualstack_endpoint`.
    pub use_dual_stack: Option<bool>,
    /// The profile's `s3` block and S3's variables, over botocore's defaults.
    pub s3: S3Settings,
    /// Endpoint URLs the variables and the config file set, for every service or for one.
    pub configured_endpoints: ConfiguredEndpoints,
    /// `AWS_CA_BUNDLE`, else the profile's `ca_bundle`: the file, and where it was named.
    pub ca_bundle: Option<(PathBuf, String)>,
    /// Where the region and credentials were looked for, to explain their absence.
    pub searched: Searched,
}

/// Where [`load`] looked, in words, for error messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Searched {
    pub region: String,
    pub credentials: String,
}

/// Why the environment's settings could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    kind: LoadErrorKind,
    message: String,
}

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// A profile was named but neither file has it (botocore's `ProfileNotFound`).
    ProfileNotFound,
    /// A shared file is not valid INI (`ConfigParseError`).
    Malformed,
    /// An access key without its secret (`PartialCredentialsError`).
    PartialCredentials,
    /// A setting has a value it cannot have, such as `AWS_MAX_ATTEMPTS=three`.
    InvalidValue,
    /// botocore would take credentials or retry behaviour from a source this runtime does
    /// not implement, such as an assumed role or the legacy retry mode.
    Unsupported,
    /// A shared file exists but could not be read.
    Io,
}

impl LoadError {
    fn new(kind: LoadErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn kind(&self) -> LoadErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

impl From<LoadError> for ConfigError {
    fn from(error: LoadError) -> Self {
        ConfigError::new(error.message)
    }
}

/// Loads the settings `environment` gives, for the profile named by `profile` or, when it is
/// `None`, by the environment (see the [module documentation](self)).
pub fn load(
    environment: &dyn Environment,
    profile: Option<&str>,
) -> Result<EnvSettings, LoadError> {
    let chosen = ChosenProfile::new(environment, profile);
    let files = SharedFiles::read(environment)?;
    let settings = files.profile_settings(&chosen)?;
    let source = Source {
        environment,
        profile: &chosen,
        settings: &settings,
        files: &files,
    };
    let region = source.region()?;
    let max_attempts = source.max_attempts()?;
    source.check_retry_mode()?;
    let account_id_endpoint_mode = source.account_id_endpoint_mode()?;
    let request_checksum_calculation = source.checksum_when(
        "AWS_REQUEST_CHECKSUM_CALCULATION",
        "request_checksum_calculation",
    )?;
    let response_checksum_validation = source.checksum_when(
        "AWS_RESPONSE_CHECKSUM_VALIDATION",
        "response_checksum_validation",
    )?;
    let use_fips = source.switch("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?;
    let use_dual_stack = source.switch("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?;
    let s3 = source.s3_settings()?;
    let configured_endpoints = source.configured_endpoints()?;
    let ca_bundle = match environment
        .var("AWS_CA_BUNDLE")
        .filter(|path| !path.is_empty())
    {
        Some(path) => Some((PathBuf::from(path), "AWS_CA_BUNDLE".to_owned())),
        None => source
            .profile_text("ca_bundle")?
            .map(|path| (PathBuf::from(path), source.describe("ca_bundle"))),
    };
    let credentials = source.credentials()?;
    Ok(EnvSettings {
        region,
        credentials,
        max_attempts,
        account_id_endpoint_mode,
        request_checksum_calculation,
        response_checksum_validation,
        use_fips,
        use_dual_stack,
        s3,
        configured_endpoints,
        ca_bundle,
        searched: Searched {
            region: format!(
                "looked for AWS_REGION, AWS_DEFAULT_REGION and `region` in profile `{}` of {}",
                chosen.name,
                files.config_path.display()
            ),
            credentials: format!(
                "looked for AWS_ACCESS_KEY_ID and profile `{}` in {} and {}; container, \
                 instance metadata, SSO, assumed-role and process credentials are not supported",
                chosen.name,
                files.credentials_path.display(),
                files.config_path.display()
            ),
        },
    })
}

/// The profile whose settings apply, and what named it.
struct ChosenProfile {
    name: String,
    named_by: NamedBy,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NamedBy {
    /// The caller, in code (botocore's `Session(profile=…)`).
    Argument,
    Variable(&'static str),
    /// Nothing: the profile is `default`, which may be missing.
    Nobody,
}

impl ChosenProfile {
    fn new(environment: &dyn Environment, explicit: Option<&str>) -> Self {
        if let Some(name) = explicit {
            return Self {
                name: name.to_owned(),
                named_by: NamedBy::Argument,
            };
        }
        for variable in ["AWS_DEFAULT_PROFILE", "AWS_PROFILE"] {
            if let Some(name) = environment.var(variable) {
                return Self {
                    name,
                    named_by: NamedBy::Variable(variable),
                };
            }
        }
        Self {
            name: "default".to_owned(),
            named_by: NamedBy::Nobody,
        }
    }

    /// botocore ignores credentials (and web identity) in environment variables when the
    /// caller names a profile in code.
    fn is_explicit(&self) -> bool {
        self.named_by == NamedBy::Argument
    }
}

/// The two shared files, read and parsed.
struct SharedFiles {
    config_path: PathBuf,
    credentials_path: PathBuf,
    config: Profiles,
    credentials: Profiles,
    /// The config file's `[services NAME]` sections.
    services: BTreeMap<String, Section>,
}

impl SharedFiles {
    fn read(environment: &dyn Environment) -> Result<Self, LoadError> {
        let config_path = file_path(environment, "AWS_CONFIG_FILE", "~/.aws/config");
        let credentials_path = file_path(
            environment,
            "AWS_SHARED_CREDENTIALS_FILE",
            "~/.aws/credentials",
        );
        let config = read_sections(environment, &config_path)?;
        let credentials = read_sections(environment, &credentials_path)?;
        Ok(Self {
            config: profiles::config_profiles(&config),
            services: profiles::services_sections(&config),
            credentials: profiles::credentials_profiles(&credentials),
            config_path,
            credentials_path,
        })
    }

    /// The chosen profile's settings from both files.
    fn profile_settings(&self, profile: &ChosenProfile) -> Result<Section, LoadError> {
        let mut merged = profiles::merged(&self.config, &self.credentials);
        if let Some(settings) = merged.remove(&profile.name) {
            return Ok(settings);
        }
        let named_by = match profile.named_by {
            NamedBy::Nobody => return Ok(Section::new()),
            NamedBy::Argument => "the `profile` argument",
            NamedBy::Variable(variable) => variable,
        };
        Err(LoadError::new(
            LoadErrorKind::ProfileNotFound,
            format!(
                "the profile `{}` (named by {named_by}) is in neither {} nor {}",
                profile.name,
                self.config_path.display(),
                self.credentials_path.display()
            ),
        ))
    }
}

/// Everything settings are loaded from: environment variables, the chosen profile's merged
/// settings, and each file's own section for credentials.
struct Source<'a> {
    environment: &'a dyn Environment,
    profile: &'a ChosenProfile,
    settings: &'a Section,
    files: &'a SharedFiles,
}

impl Source<'_> {
    /// The first source of credentials, in botocore's order.
    fn credentials(&self) -> Result<Option<Credentials>, LoadError> {
        if !self.profile.is_explicit() {
            if let Some(credentials) = self.environment_credentials()? {
                return Ok(Some(credentials));
            }
        }
        self.refuse_unsupported_before_files()?;
        let name = &self.profile.name;
        if let Some(section) = self.files.credentials.get(name) {
            if let Some(credentials) =
                file_credentials(section, name, &self.files.credentials_path)?
            {
                return Ok(Some(credentials));
            }
        }
        self.refuse_unsupported_between_files()?;
        match self.files.config.get(name) {
            Some(section) => file_credentials(section, name, &self.files.config_path),
            None => Ok(None),
        }
    }

    fn region(&self) -> Result<Option<String>, LoadError> {
        if let Some(region) = self.environment.var("AWS_REGION").filter(|r| !r.is_empty()) {
            return Ok(Some(region));
        }
        if let Some(region) = self.environment.var("AWS_DEFAULT_REGION") {
            return Ok(Some(region));
        }
        self.profile_text("region")
    }

    fn max_attempts(&self) -> Result<Option<u32>, LoadError> {
        let (text, origin) = match self.environment.var("AWS_MAX_ATTEMPTS") {
            Some(text) => (text, "AWS_MAX_ATTEMPTS".to_owned()),
            None => match self.profile_text("max_attempts")? {
                Some(text) => (text, self.describe("max_attempts")),
                None => return Ok(None),
            },
        };
        match parse_python_int(&text) {
            Some(attempts) if attempts >= 1 => {
                Ok(Some(u32::try_from(attempts).unwrap_or(u32::MAX)))
            }
            _ => Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!("{origin} is `{text}`, but it must be a whole number of at least 1"),
            )),
        }
    }

    fn check_retry_mode(&self) -> Result<(), LoadError> {
        let (mode, origin) = match self.environment.var("AWS_RETRY_MODE") {
            Some(mode) => (mode, "AWS_RETRY_MODE".to_owned()),
            None => match self.profile_text("retry_mode")? {
                Some(mode) => (mode, self.describe("retry_mode")),
                None => return Ok(()),
            },
        };
        match mode.as_str() {
            "standard" => Ok(()),
            "legacy" | "adaptive" => Err(LoadError::new(
                LoadErrorKind::Unsupported,
                format!(
                    "{origin} asks for the `{mode}` retry mode, but only `standard` is \
                     supported; remove the setting or set it to `standard`"
                ),
            )),
            _ => Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!("{origin} is `{mode}`, but it must be one of legacy, standard, adaptive"),
            )),
        }
    }

    /// When checksums are computed or checked: the variable, else the profile's key, in any
    /// case (`args.py`, `_handle_checksum_config`).
    fn checksum_when(&self, variable: &str, key: &str) -> Result<Option<ChecksumWhen>, LoadError> {
        let (value, origin) = match self.environment.var(variable) {
            Some(value) => (value, variable.to_owned()),
            None => match self.profile_text(key)? {
                Some(value) => (value, self.describe(key)),
                None => return Ok(None),
            },
        };
        ChecksumWhen::from_name(&value).map(Some).ok_or_else(|| {
            LoadError::new(
                LoadErrorKind::InvalidValue,
                format!(
                    "{origin} is `{value}`, but it must be one of when_supported, when_required"
                ),
            )
        })
    }

    /// botocore lower-cases the setting before it checks it (`args.py`,
    /// `_compute_account_id_endpoint_mode_config`).
    fn account_id_endpoint_mode(&self) -> Result<Option<AccountIdEndpointMode>, LoadError> {
        let (mode, origin) = match self.environment.var("AWS_ACCOUNT_ID_ENDPOINT_MODE") {
            Some(mode) => (mode, "AWS_ACCOUNT_ID_ENDPOINT_MODE".to_owned()),
            None => match self.profile_text("account_id_endpoint_mode")? {
                Some(mode) => (mode, self.describe("account_id_endpoint_mode")),
                None => return Ok(None),
            },
        };
        match mode.to_lowercase().as_str() {
            "preferred" => Ok(Some(AccountIdEndpointMode::Preferred)),
            "disabled" => Ok(Some(AccountIdEndpointMode::Disabled)),
            "required" => Ok(Some(AccountIdEndpointMode::Required)),
            _ => Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!(
                    "{origin} is `{mode}`, but it must be one of preferred, disabled, required"
                ),
            )),
        }
    }

    fn environment_credentials(&self) -> Result<Option<Credentials>, LoadError> {
        let env = self.environment;
        let Some(access_key) = env.var("AWS_ACCESS_KEY_ID").filter(|key| !key.is_empty()) else {
            return Ok(None);
        };
        let Some(secret) = env.var("AWS_SECRET_ACCESS_KEY").filter(|s| !s.is_empty()) else {
            return Err(LoadError::new(
                LoadErrorKind::PartialCredentials,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ));
        };
        // The legacy name comes first, as in botocore.
        let token = ["AWS_SECURITY_TOKEN", "AWS_SESSION_TOKEN"]
            .into_iter()
            .find_map(|name| env.var(name).filter(|token| !token.is_empty()));
        Ok(Some(Credentials::new(access_key, secret, token)))
    }

    /// The providers botocore tries before the credentials file: assume role, web
    /// identity, SSO.
    fn refuse_unsupported_before_files(&self) -> Result<(), LoadError> {
        let has = |key: &str| self.settings.contains_key(key);
        if has("role_arn") && !has("web_identity_token_file") {
            return Err(self.unsupported("role_arn", "assuming a role"));
        }
        if !self.profile.is_explicit() {
            if let Some(file) = self.environment.var("AWS_WEB_IDENTITY_TOKEN_FILE") {
                if !file.is_empty() {
                    return Err(LoadError::new(
                        LoadErrorKind::Unsupported,
                        "AWS_WEB_IDENTITY_TOKEN_FILE is set, so botocore would assume a role \
                         with web identity, which awsgen-runtime does not support",
                    ));
                }
            }
        }
        if matches!(self.settings.get("web_identity_token_file"), Some(Value::Text(file)) if !file.is_empty())
        {
            return Err(self.unsupported("web_identity_token_file", "web identity"));
        }
        for key in ["sso_role_name", "sso_account_id"] {
            if has(key) {
                return Err(self.unsupported(key, "SSO"));
            }
        }
        Ok(())
    }

    /// The providers botocore tries between the credentials file and the config file.
    fn refuse_unsupported_between_files(&self) -> Result<(), LoadError> {
        if self.settings.contains_key("login_session") {
            return Err(self.unsupported("login_session", "a login session"));
        }
        if self.settings.contains_key("credential_process") {
            return Err(self.unsupported("credential_process", "an external process"));
        }
        Ok(())
    }

    fn unsupported(&self, key: &str, what: &str) -> LoadError {
        LoadError::new(
            LoadErrorKind::Unsupported,
            format!(
                "{} sets `{key}`, so botocore would get credentials from {what}, which \
                 awsgen-runtime does not support; use access keys (environment variables or \
                 the shared files) instead",
                self.describe_profile()
            ),
        )
    }

    /// A key of the chosen profile that must be text.
    fn profile_text(&self, key: &str) -> Result<Option<String>, LoadError> {
        match self.settings.get(key) {
            None => Ok(None),
            Some(Value::Text(text)) => Ok(Some(text.clone())),
            Some(Value::Nested(_)) => Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!("{} is a block of settings, not a value", self.describe(key)),
            )),
        }
    }

    fn describe(&self, key: &str) -> String {
        format!("`{key}` in {}", self.describe_profile())
    }

    fn describe_profile(&self) -> String {
        format!(
            "profile `{}` of {} and {}",
            self.profile.name,
            self.files.config_path.display(),
            self.files.credentials_path.display()
        )
    }
}

/// Access keys from one file's section of the profile, if it has `aws_access_key_id`.
fn file_credentials(
    section: &Section,
    profile: &str,
    path: &Path,
) -> Result<Option<Credentials>, LoadError> {
    let text = |key: &str| -> Result<Option<String>, LoadError> {
        match section.get(key) {
            None => Ok(None),
            Some(Value::Text(text)) => Ok(Some(text.clone())),
            Some(Value::Nested(_)) => Err(LoadError::new(
                LoadErrorKind::InvalidValue,
                format!(
                    "`{key}` of profile `{profile}` in {} is a block of settings, not a value",
                    path.display()
                ),
            )),
        }
    };
    let Some(access_key) = text("aws_access_key_id")? else {
        return Ok(None);
    };
    let Some(secret) = text("aws_secret_access_key")? else {
        return Err(LoadError::new(
            LoadErrorKind::PartialCredentials,
            format!(
                "profile `{profile}` in {} has aws_access_key_id but no aws_secret_access_key",
                path.display()
            ),
        ));
    };
    let mut token = None;
    for key in ["aws_security_token", "aws_session_token"] {
        if let Some(value) = text(key)? {
            token = Some(value);
            break;
        }
    }
    Ok(Some(Credentials::new(access_key, secret, token)))
}

/// The path a variable names, or the default, with variables and `~` expanded.
fn file_path(environment: &dyn Environment, variable: &str, default: &str) -> PathBuf {
    let raw = environment
        .var(variable)
        .unwrap_or_else(|| default.to_owned());
    PathBuf::from(expand_home(
        environment,
        &expand_variables(environment, &raw),
    ))
}

fn read_sections(
    environment: &dyn Environment,
    path: &Path,
) -> Result<Vec<(String, Section)>, LoadError> {
    let bytes = match environment.read_file(path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(Vec::new()),
        Err(error) => {
            return Err(LoadError::new(
                LoadErrorKind::Io,
                format!("could not read {}: {error}", path.display()),
            ));
        }
    };
    let text = String::from_utf8(bytes).map_err(|error| {
        LoadError::new(
            LoadErrorKind::Malformed,
            format!(
                "{} is not UTF-8 (bad byte at offset {})",
                path.display(),
                error.utf8_error().valid_up_to()
            ),
        )
    })?;
    ini::parse(&text).map_err(|error| {
        LoadError::new(
            LoadErrorKind::Malformed,
            format!("{} line {}: {}", path.display(), error.line, error.message),
        )
    })
}

/// Python's `os.path.expandvars`: `$NAME` and `${NAME}` replaced by the variable's value;
/// names of unset variables are left as they are.
fn expand_variables(environment: &dyn Environment, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, end) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(close) => (&braced[..close], close + 2),
                None => ("", 0),
            }
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..len], len)
        };
        match environment.var(name).filter(|_| !name.is_empty()) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[dollar..dollar + 1 + end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Python's `os.path.expanduser` for the current user: a leading `~` becomes the home
/// directory (`HOME`, or `USERPROFILE` on Windows). `~user` is left alone.
fn expand_home(environment: &dyn Environment, path: &str) -> String {
    let Some(rest) = path.strip_prefix('~') else {
        return path.to_owned();
    };
    if !(rest.is_empty() || rest.starts_with(std::path::is_separator)) {
        return path.to_owned();
    }
    let home = environment.var("HOME").or_else(|| {
        cfg!(windows)
            .then(|| environment.var("USERPROFILE"))
            .flatten()
    });
    match home {
        Some(home) => {
            let home = home.trim_end_matches(std::path::is_separator);
            let joined = format!("{home}{rest}");
            if joined.is_empty() {
                "/".to_owned()
            } else {
                joined
            }
        }
        None => path.to_owned(),
    }
}

/// Python's `int(text)` for the forms a person writes: blanks around, an optional sign,
/// decimal digits.
fn parse_python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim_matches(crate::sigv4::is_python_whitespace);
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    trimmed.strip_prefix('+').unwrap_or(trimmed).parse().ok()
}

#[cfg(test)]
mod botocore_tests;
#[cfg(test)]
mod tests;
