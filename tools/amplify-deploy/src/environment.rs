//! Region and credentials from the command line and the environment.
//!
//! This is the one place that knows where they come from, so that it can become
//! `ConfigBuilder::from_env()` once the runtime has it (with profiles and the rest of the
//! standard chain).

use std::env;

use awsgen_runtime::config::ConfigBuilder;
use awsgen_runtime::credentials::Credentials;

/// A configuration with the region (`--region`, else `AWS_REGION`, else
/// `AWS_DEFAULT_REGION`) and the credentials of the `AWS_*` variables.
pub fn config_from_env(region_flag: Option<&str>) -> Result<ConfigBuilder, String> {
    config_from(region_flag, |name| env::var(name).ok())
}

fn config_from(
    region_flag: Option<&str>,
    var: impl Fn(&str) -> Option<String>,
) -> Result<ConfigBuilder, String> {
    // An empty variable is as good as an unset one.
    let var = |name: &str| var(name).filter(|value| !value.is_empty());
    let region = region_flag
        .map(str::to_owned)
        .or_else(|| var("AWS_REGION"))
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .ok_or("no region: pass --region or set AWS_REGION")?;
    let access_key_id =
        var("AWS_ACCESS_KEY_ID").ok_or("no credentials: AWS_ACCESS_KEY_ID is not set")?;
    let secret_access_key =
        var("AWS_SECRET_ACCESS_KEY").ok_or("no credentials: AWS_SECRET_ACCESS_KEY is not set")?;
    let credentials = Credentials::new(access_key_id, secret_access_key, var("AWS_SESSION_TOKEN"));
    Ok(ConfigBuilder::default()
        .region(region)
        .credentials(credentials))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    const KEYS: [(&str, &str); 2] = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET"),
    ];

    #[test]
    fn the_flag_wins_over_the_region_variables() {
        let config = config_from(
            Some("eu-west-1"),
            vars(&[KEYS[0], KEYS[1], ("AWS_REGION", "us-east-2")]),
        )
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(config.region(), "eu-west-1");
        let config = config_from(
            None,
            vars(&[
                KEYS[0],
                KEYS[1],
                ("AWS_REGION", ""),
                ("AWS_DEFAULT_REGION", "ap-south-1"),
            ]),
        )
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(config.region(), "ap-south-1");
    }

    #[test]
    fn what_is_missing_is_named() {
        let error = config_from(None, vars(&[KEYS[0], KEYS[1]]))
            .err()
            .expect("no region");
        assert_eq!(error, "no region: pass --region or set AWS_REGION");
        let error = config_from(Some("us-east-1"), vars(&[KEYS[0]]))
            .err()
            .expect("no secret key");
        assert_eq!(error, "no credentials: AWS_SECRET_ACCESS_KEY is not set");
    }
}
