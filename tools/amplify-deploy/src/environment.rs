//! Region and credentials: the runtime's standard loading (environment variables, then the
//! shared `~/.aws` files and their profiles, in botocore's order), with `--region` on top.

use awsgen_runtime::config::ConfigBuilder;
use awsgen_runtime::env::{Environment, ProcessEnvironment};

/// This process's configuration, with the region of `--region` when it is given.
pub fn config_from_env(region_flag: Option<&str>) -> Result<ConfigBuilder, String> {
    config_from(&ProcessEnvironment, region_flag)
}

fn config_from(
    environment: &dyn Environment,
    region_flag: Option<&str>,
) -> Result<ConfigBuilder, String> {
    let builder =
        ConfigBuilder::from_environment(environment, None).map_err(|error| error.to_string())?;
    Ok(match region_flag {
        Some(region) => builder.region(region),
        None => builder,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn environment(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        let mut vars: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        // Keep this machine's own ~/.aws out of the test.
        vars.insert("AWS_CONFIG_FILE".into(), "/nonexistent/config".into());
        vars.insert(
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            "/nonexistent/credentials".into(),
        );
        vars
    }

    const KEYS: [(&str, &str); 2] = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET"),
    ];

    #[test]
    fn the_flag_wins_over_the_region_variables() {
        let env = environment(&[KEYS[0], KEYS[1], ("AWS_REGION", "us-east-2")]);
        let config = config_from(&env, Some("eu-west-1"))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(config.region(), "eu-west-1");
        let config = config_from(&env, None).unwrap().build().unwrap();
        assert_eq!(config.region(), "us-east-2");
    }

    #[test]
    fn missing_credentials_say_where_they_were_looked_for() {
        let env = environment(&[("AWS_REGION", "us-east-1")]);
        let error = config_from(&env, None)
            .unwrap()
            .build()
            .unwrap_err()
            .to_string();
        assert!(error.contains("no credentials"), "{error}");
        assert!(error.contains("AWS_ACCESS_KEY_ID"), "{error}");
    }
}
