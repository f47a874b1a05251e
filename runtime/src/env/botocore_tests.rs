//! The loader against botocore 1.44.5's own answers, recorded by
//! `tests/reference/botocore_env.py` in `tests/fixtures/env/botocore-env.json`: for each case
//! (environment variables and files in a fresh home directory), the region, credentials,
//! attempts per call and retry mode botocore arrives at, or the exception it raises; and for
//! tricky files, the profiles botocore's config loader reads from them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value as Json, json};

use super::ini::{self, Value};
use super::profiles::{self, Profiles};
use super::{LoadErrorKind, load};

/// The attempts botocore's standard retry mode makes when nothing sets them
/// (`retries/standard.py`), which the recorded cases report for an unset `max_attempts`.
/// Written here rather than taken from `retry`, which would make env depend on retry.
const BOTOCORE_MAX_ATTEMPTS: u32 = 3;

/// Where we knowingly differ from botocore: (case, what we give instead, why).
const DIFFERENCES: [(&str, &str, &str); 1] = [(
    "aws_region_variable",
    r#"{"region": "ca-central-1"}"#,
    "botocore ignores AWS_REGION; the other AWS SDKs and the AWS CLI v2 read it first",
)];

fn reference() -> Json {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/env/botocore-env.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the reference is JSON")
}

/// Our kind for each exception botocore raised.
fn kind_of(exception: &str) -> LoadErrorKind {
    match exception {
        "ProfileNotFound" => LoadErrorKind::ProfileNotFound,
        "ConfigParseError" => LoadErrorKind::Malformed,
        "PartialCredentialsError" => LoadErrorKind::PartialCredentials,
        "ValueError"
        | "InvalidRetryModeError"
        | "InvalidMaxRetryAttemptsError"
        | "InvalidConfigError" => LoadErrorKind::InvalidValue,
        other => panic!("no counterpart for botocore's {other}"),
    }
}

/// A home directory of its own for one case, removed afterwards.
struct Home(PathBuf);

impl Home {
    fn new(files: &Map<String, Json>) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "awsgen-botocore-env-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        for (relative, text) in files {
            let path = dir.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text.as_str().unwrap()).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What we make of one case, in the reference's terms.
fn our_result(case: &Json) -> Json {
    let home = Home::new(case["files"].as_object().unwrap_or(&Map::new()));
    let mut vars: HashMap<String, String> = case["env"]
        .as_object()
        .unwrap_or(&Map::new())
        .iter()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
        .collect();
    vars.insert("HOME".to_owned(), home.0.display().to_string());
    match load(&vars, case["profile"].as_str()) {
        Ok(loaded) => json!({
            "region": loaded.region,
            "credentials": loaded.credentials.map(|c| json!({
                "access_key": c.access_key_id(),
                "secret_key": c.secret_access_key(),
                "token": c.session_token(),
            })),
            "max_attempts": loaded.max_attempts.unwrap_or(BOTOCORE_MAX_ATTEMPTS),
            "retry_mode": "standard",
            "account_id_endpoint_mode": loaded.account_id_endpoint_mode.unwrap_or_default().as_str(),
        }),
        Err(error) => {
            json!({"error_kind": format!("{:?}", error.kind()), "message": error.message()})
        }
    }
}

#[test]
fn every_case_loads_as_botocore_loads_it() {
    let reference = reference();
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut differences_seen = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut expected = case["result"].clone();
        let ours = our_result(case);
        if let Some(exception) = expected["error"].as_str() {
            assert_eq!(
                ours["error_kind"],
                format!("{:?}", kind_of(exception)),
                "{name}: botocore raised {exception} ({}), we gave {ours}",
                expected["message"]
            );
            continue;
        }
        if let Some((_, ours_instead, why)) = DIFFERENCES.iter().find(|(case, ..)| *case == name) {
            let instead: Map<String, Json> = serde_json::from_str(ours_instead).unwrap();
            for (field, value) in instead {
                assert_ne!(expected[&field], value, "{name}: no longer differs ({why})");
                expected[&field] = value;
            }
            differences_seen += 1;
        }
        assert_eq!(ours, expected, "{name}");
    }
    assert_eq!(differences_seen, DIFFERENCES.len());
}

fn as_json(profiles: &Profiles) -> Json {
    let profiles = profiles
        .iter()
        .map(|(name, section)| {
            let keys = section
                .iter()
                .map(|(key, value)| {
                    let value = match value {
                        Value::Text(text) => json!(text),
                        Value::Nested(nested) => json!(nested),
                    };
                    (key.clone(), value)
                })
                .collect::<Map<_, _>>();
            (name.clone(), Json::Object(keys))
        })
        .collect::<Map<_, _>>();
    Json::Object(profiles)
}

#[test]
fn every_file_gives_the_profiles_botocore_reads() {
    let reference = reference();
    let cases = reference["profiles"].as_array().unwrap();
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let parsed = ini::parse(case["text"].as_str().unwrap());
        let expected = &case["result"];
        match (parsed, expected["error"].as_str()) {
            (Ok(sections), None) => {
                let profiles = match case["kind"].as_str().unwrap() {
                    "config" => profiles::config_profiles(&sections),
                    _ => profiles::credentials_profiles(&sections),
                };
                assert_eq!(as_json(&profiles), expected["profiles"], "{name}");
            }
            (Err(_), Some("ConfigParseError")) => {}
            (ours, _) => panic!("{name}: botocore gave {expected}, we gave {ours:?}"),
        }
    }
}

/// `tests/reference/botocore_endpoint_settings.py`'s recording.
fn endpoint_settings_reference() -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/env/botocore-endpoint-settings.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the reference is JSON")
}

/// A recorded case's home directory, with its config file, and its variables, `HOME`
/// pointing there; the directory lasts as long as the `Home`.
fn case_environment(case: &Json) -> (Home, HashMap<String, String>) {
    let files = json!({".aws/config": case["config"].as_str().unwrap_or_default()});
    let home = Home::new(files.as_object().unwrap());
    let mut vars: HashMap<String, String> = case["env"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
        .collect();
    vars.insert("HOME".to_owned(), home.0.display().to_string());
    (home, vars)
}

/// Where our endpoint settings knowingly differ from botocore's: (case, why). Each of these
/// is an error for us, where botocore carries on.
const ENDPOINT_SETTING_DIFFERENCES: [(&str, &str); 1] = [(
    "payload signing asked for",
    "botocore signs S3 payloads when asked; awsgen does not support it, and says so",
)];

/// Our kind for each exception botocore raised building a client.
fn endpoint_setting_error_kind(exception: &str) -> LoadErrorKind {
    match exception {
        "InvalidS3UsEast1RegionalEndpointConfigError" | "InvalidS3AddressingStyleError" => {
            LoadErrorKind::InvalidValue
        }
        // botocore trips over an `s3` that is not a block (`'str' object has no attribute
        // 'get'`); we say what is wrong with it.
        "AttributeError" => LoadErrorKind::InvalidValue,
        other => panic!("no counterpart for botocore's {other}"),
    }
}

/// The built-in parameters we give the endpoint rules of an S3 and a DynamoDB client, in
/// the reference's terms.
fn our_built_ins(loaded: &super::EnvSettings) -> Json {
    let built_ins = crate::endpoint::BuiltIns {
        region: loaded.region.as_deref().unwrap_or_default(),
        use_fips: loaded.use_fips.unwrap_or_default(),
        use_dual_stack: loaded.use_dual_stack.unwrap_or_default(),
        endpoint: None,
        account_id_endpoint_mode: loaded.account_id_endpoint_mode.unwrap_or_default(),
        s3: loaded.s3,
    };
    json!({
        "s3": {
            "AWS::Region": built_ins.region,
            "AWS::UseFIPS": built_ins.use_fips,
            "AWS::UseDualStack": built_ins.s3_use_dual_stack(),
            "AWS::S3::Accelerate": built_ins.s3.use_accelerate_endpoint,
            "AWS::S3::ForcePathStyle": built_ins.s3_force_path_style(),
            "AWS::S3::UseArnRegion": built_ins.s3.use_arn_region.unwrap_or(true),
            "AWS::S3::UseGlobalEndpoint": built_ins.s3_use_global_endpoint(),
            "AWS::S3::DisableMultiRegionAccessPoints":
                built_ins.s3.disable_multiregion_access_points,
        },
        "dynamodb": {
            "AWS::Region": built_ins.region,
            "AWS::UseFIPS": built_ins.use_fips,
            "AWS::UseDualStack": built_ins.use_dual_stack,
        },
    })
}

#[test]
fn endpoint_settings_load_as_botocore_loads_them() {
    let reference = endpoint_settings_reference();
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let mut differences_seen = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (_home, vars) = case_environment(case);
        let expected = &case["result"];
        let loaded = load(&vars, None);
        if let Some((_, why)) = ENDPOINT_SETTING_DIFFERENCES
            .iter()
            .find(|(case, _)| *case == name)
        {
            assert!(
                expected["error"].is_null(),
                "{name}: botocore refuses it now ({why})"
            );
            assert!(loaded.is_err(), "{name}: we no longer refuse it ({why})");
            differences_seen += 1;
            continue;
        }
        let loaded = match (loaded, expected["error"].as_str()) {
            (Ok(loaded), None) => loaded,
            (Err(error), Some(exception)) => {
                assert_eq!(
                    error.kind(),
                    endpoint_setting_error_kind(exception),
                    "{name}: botocore raised {exception}, we said {}",
                    error.message()
                );
                continue;
            }
            (ours, _) => panic!("{name}: botocore gave {expected}, we gave {ours:?}"),
        };
        let ours = our_built_ins(&loaded);
        for service in ["s3", "dynamodb"] {
            for (parameter, value) in ours[service].as_object().unwrap() {
                assert_eq!(
                    &expected[service][parameter], value,
                    "{name}: {service}'s {parameter}"
                );
            }
        }
    }
    assert_eq!(differences_seen, ENDPOINT_SETTING_DIFFERENCES.len());
}

#[test]
fn configured_endpoints_are_picked_as_botocore_picks_them() {
    let reference = endpoint_settings_reference();
    let cases = reference["configured_endpoints"].as_array().unwrap();
    assert!(cases.len() >= 10, "{} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (_home, vars) = case_environment(case);
        let expected = &case["result"];
        match (load(&vars, None), expected["error"].as_str()) {
            (Ok(loaded), None) => {
                for (service_id, url) in expected.as_object().unwrap() {
                    assert_eq!(
                        loaded.configured_endpoints.for_service(service_id),
                        url.as_str(),
                        "{name}: {service_id}"
                    );
                }
            }
            (Err(error), Some("InvalidConfigError")) => {
                assert_eq!(error.kind(), LoadErrorKind::InvalidValue, "{name}");
            }
            (ours, _) => panic!("{name}: botocore gave {expected}, we gave {ours:?}"),
        }
    }
}
