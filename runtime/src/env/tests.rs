//! The loader against files in a temporary home directory. botocore's own answers for many
//! more cases are checked in `tests/tests/env.rs`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A fresh home directory, removed when dropped, and the variables a test sets.
struct Home {
    dir: PathBuf,
    vars: HashMap<String, String>,
}

impl Home {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "awsgen-env-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let vars = HashMap::from([("HOME".to_owned(), dir.display().to_string())]);
        Self { dir, vars }
    }

    fn file(self, relative: &str, text: &str) -> Self {
        let path = self.dir.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn var(mut self, name: &str, value: &str) -> Self {
        self.vars.insert(name.to_owned(), value.to_owned());
        self
    }

    fn load(&self) -> Result<EnvSettings, LoadError> {
        load(&self.vars, None)
    }

    fn load_profile(&self, profile: &str) -> Result<EnvSettings, LoadError> {
        load(&self.vars, Some(profile))
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn keys(access_key: &str, secret: &str, token: Option<&str>) -> Option<Credentials> {
    Some(Credentials::new(
        access_key,
        secret,
        token.map(str::to_owned),
    ))
}

const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n\
                           [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = v\n\
                           aws_session_token = dev-token\n";
const CONFIG: &str = "[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-west-1\n";

#[test]
fn environment_variables_come_first() {
    let home = Home::new()
        .file(".aws/credentials", CREDENTIALS)
        .file(".aws/config", CONFIG)
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", SECRET)
        .var("AWS_SESSION_TOKEN", "env-token")
        .var("AWS_DEFAULT_REGION", "ap-south-1");
    let loaded = home.load().unwrap();
    assert_eq!(
        loaded.credentials,
        keys("AKIDENV", SECRET, Some("env-token"))
    );
    assert_eq!(loaded.region.as_deref(), Some("ap-south-1"));
}

#[test]
fn aws_region_comes_before_aws_default_region() {
    let home = Home::new()
        .var("AWS_REGION", "eu-north-1")
        .var("AWS_DEFAULT_REGION", "ap-south-1");
    assert_eq!(home.load().unwrap().region.as_deref(), Some("eu-north-1"));
    // An empty AWS_REGION does not hide the other.
    let home = Home::new()
        .var("AWS_REGION", "")
        .var("AWS_DEFAULT_REGION", "ap-south-1");
    assert_eq!(home.load().unwrap().region.as_deref(), Some("ap-south-1"));
}

#[test]
fn legacy_security_token_variable_wins_over_session_token() {
    let home = Home::new()
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", SECRET)
        .var("AWS_SECURITY_TOKEN", "legacy")
        .var("AWS_SESSION_TOKEN", "session");
    assert_eq!(
        home.load().unwrap().credentials,
        keys("AKIDENV", SECRET, Some("legacy"))
    );
}

#[test]
fn default_profile_from_the_shared_files() {
    let home = Home::new()
        .file(".aws/credentials", CREDENTIALS)
        .file(".aws/config", CONFIG);
    let loaded = home.load().unwrap();
    assert_eq!(loaded.credentials, keys("AKIDDEFAULT", "d", None));
    assert_eq!(loaded.region.as_deref(), Some("us-west-2"));
    assert_eq!(loaded.max_attempts, None);
}

#[test]
fn aws_profile_selects_the_profile_in_both_files() {
    let home = Home::new()
        .file(".aws/credentials", CREDENTIALS)
        .file(".aws/config", CONFIG)
        .var("AWS_PROFILE", "dev");
    let loaded = home.load().unwrap();
    assert_eq!(loaded.credentials, keys("AKIDDEV", "v", Some("dev-token")));
    assert_eq!(loaded.region.as_deref(), Some("eu-west-1"));
}

#[test]
fn an_explicit_profile_ignores_keys_in_environment_variables() {
    let home = Home::new()
        .file(".aws/credentials", CREDENTIALS)
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", SECRET)
        .var("AWS_PROFILE", "default");
    assert_eq!(
        home.load_profile("dev").unwrap().credentials,
        keys("AKIDDEV", "v", Some("dev-token"))
    );
    // Named by a variable instead, the profile loses to the environment's keys.
    assert_eq!(
        home.load().unwrap().credentials,
        keys("AKIDENV", SECRET, None)
    );
}

#[test]
fn keys_in_the_config_file_when_the_credentials_file_has_none() {
    let home = Home::new().file(
        ".aws/config",
        "[profile ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = o\n\
         aws_session_token = t\nmax_attempts = 5\n",
    );
    let loaded = home.var("AWS_PROFILE", "ops").load().unwrap();
    assert_eq!(loaded.credentials, keys("AKIDOPS", "o", Some("t")));
    assert_eq!(loaded.max_attempts, Some(5));
}

#[test]
fn file_locations_come_from_variables_with_home_and_variables_expanded() {
    let home = Home::new()
        .file(
            "elsewhere/creds",
            "[default]\naws_access_key_id = AKIDX\naws_secret_access_key = x\n",
        )
        .file("elsewhere/config", "[default]\nregion = af-south-1\n")
        .file(".aws/credentials", CREDENTIALS)
        .var("AWS_SHARED_CREDENTIALS_FILE", "~/elsewhere/creds")
        .var("WHERE", "elsewhere")
        .var("AWS_CONFIG_FILE", "$HOME/${WHERE}/config");
    let loaded = home.load().unwrap();
    assert_eq!(loaded.credentials, keys("AKIDX", "x", None));
    assert_eq!(loaded.region.as_deref(), Some("af-south-1"));
}

#[test]
fn nothing_found_is_not_an_error_but_says_where_it_looked() {
    let home = Home::new();
    let loaded = home.load().unwrap();
    assert_eq!(loaded.region, None);
    assert_eq!(loaded.credentials, None);
    let config = home.dir.join(".aws/config").display().to_string();
    assert!(loaded.searched.region.contains("AWS_REGION"));
    assert!(
        loaded.searched.region.contains(&config),
        "{}",
        loaded.searched.region
    );
    assert!(loaded.searched.credentials.contains("instance metadata"));
}

#[test]
fn a_named_profile_must_exist() {
    let home = Home::new()
        .file(".aws/config", CONFIG)
        .var("AWS_PROFILE", "nope")
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", SECRET);
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::ProfileNotFound);
    assert!(
        error.message().contains("`nope` (named by AWS_PROFILE)"),
        "{error}"
    );
    assert!(error.message().contains(".aws/credentials"), "{error}");
}

#[test]
fn malformed_files_are_named_with_the_line() {
    let home = Home::new().file(
        ".aws/credentials",
        &format!("[default]\naws_access_key_id = AKID\naws_secret_access_key {SECRET}\n"),
    );
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::Malformed);
    let path = home.dir.join(".aws/credentials").display().to_string();
    assert!(
        error
            .message()
            .starts_with(&format!("{path} line 3: expected `key = value`")),
        "{error}"
    );
    assert!(!error.message().contains(SECRET));
}

#[test]
fn a_file_that_is_not_utf8_is_malformed() {
    let home = Home::new();
    std::fs::create_dir_all(home.dir.join(".aws")).unwrap();
    std::fs::write(home.dir.join(".aws/config"), b"[default]\nregion = \xff\n").unwrap();
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::Malformed);
    assert!(error.message().contains("is not UTF-8"), "{error}");
}

#[test]
fn partial_keys_are_errors() {
    let home = Home::new().var("AWS_ACCESS_KEY_ID", "AKIDENV");
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::PartialCredentials);
    assert_eq!(
        error.message(),
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
    );

    let home = Home::new().file(".aws/credentials", "[default]\naws_access_key_id = AKID\n");
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::PartialCredentials);
    assert!(
        error.message().contains("no aws_secret_access_key"),
        "{error}"
    );
}

#[test]
fn credential_sources_botocore_would_use_instead_are_refused() {
    let cases = [
        (
            "role_arn = arn:aws:iam::1:role/r\nsource_profile = base\n",
            "`role_arn`",
        ),
        (
            "web_identity_token_file = /t\nrole_arn = arn\n",
            "`web_identity_token_file`",
        ),
        ("sso_account_id = 1\nsso_role_name = r\n", "`sso_role_name`"),
        ("credential_process = /bin/creds\n", "`credential_process`"),
        ("login_session = x\n", "`login_session`"),
    ];
    for (settings, named) in cases {
        let home = Home::new().file(".aws/config", &format!("[default]\n{settings}"));
        let error = home.load().unwrap_err();
        assert_eq!(error.kind(), LoadErrorKind::Unsupported, "{settings}");
        assert!(error.message().contains(named), "{error}");
    }
    let home = Home::new().var("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::Unsupported);
    assert!(
        error.message().contains("AWS_WEB_IDENTITY_TOKEN_FILE"),
        "{error}"
    );
}

#[test]
fn keys_in_the_credentials_file_come_before_a_credential_process() {
    // botocore tries the credentials file before running the process.
    let home = Home::new().file(".aws/credentials", CREDENTIALS).file(
        ".aws/config",
        "[default]\ncredential_process = /bin/creds\n",
    );
    assert_eq!(
        home.load().unwrap().credentials,
        keys("AKIDDEFAULT", "d", None)
    );
}

#[test]
fn environment_keys_come_before_an_assumed_role() {
    let home = Home::new()
        .file(
            ".aws/config",
            "[default]\nrole_arn = arn:aws:iam::1:role/r\n",
        )
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", SECRET);
    assert_eq!(
        home.load().unwrap().credentials,
        keys("AKIDENV", SECRET, None)
    );
}

#[test]
fn max_attempts_comes_from_the_environment_then_the_profile() {
    let config = "[default]\nmax_attempts = 7\n";
    let home = Home::new().file(".aws/config", config);
    assert_eq!(home.load().unwrap().max_attempts, Some(7));
    let home = home.var("AWS_MAX_ATTEMPTS", " 2 ");
    assert_eq!(home.load().unwrap().max_attempts, Some(2));
}

#[test]
fn max_attempts_must_be_a_whole_number_of_at_least_one() {
    for value in ["three", "0", "-1", "2.5", ""] {
        let home = Home::new().var("AWS_MAX_ATTEMPTS", value);
        let error = home.load().unwrap_err();
        assert_eq!(error.kind(), LoadErrorKind::InvalidValue, "{value:?}");
        assert!(
            error
                .message()
                .starts_with(&format!("AWS_MAX_ATTEMPTS is `{value}`")),
            "{error}"
        );
    }
    let home = Home::new().file(".aws/config", "[default]\nmax_attempts = none\n");
    let error = home.load().unwrap_err();
    assert!(
        error
            .message()
            .starts_with("`max_attempts` in profile `default` of "),
        "{error}"
    );
}

#[test]
fn only_the_standard_retry_mode_is_supported() {
    let home = Home::new().var("AWS_RETRY_MODE", "standard");
    assert!(home.load().is_ok());
    for mode in ["legacy", "adaptive"] {
        let home = Home::new().file(".aws/config", &format!("[default]\nretry_mode = {mode}\n"));
        let error = home.load().unwrap_err();
        assert_eq!(error.kind(), LoadErrorKind::Unsupported);
        assert!(error.message().contains("only `standard`"), "{error}");
    }
    let error = Home::new()
        .var("AWS_RETRY_MODE", "fast")
        .load()
        .unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::InvalidValue);
}

#[test]
fn a_nested_block_where_a_value_belongs_is_an_error() {
    let home = Home::new().file(".aws/config", "[default]\nregion =\n  nested = x\n");
    let error = home.load().unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::InvalidValue);
    assert!(error.message().contains("`region`"), "{error}");
}

#[test]
fn an_unreadable_file_is_an_error_not_an_absence() {
    // A directory where the file should be counts as no file, as in botocore.
    let home = Home::new();
    std::fs::create_dir_all(home.dir.join(".aws/config")).unwrap();
    assert!(home.load().is_ok());

    #[derive(Debug)]
    struct Unreadable;
    impl Environment for Unreadable {
        fn var(&self, name: &str) -> Option<String> {
            (name == "HOME").then(|| "/home/u".to_owned())
        }
        fn read_file(&self, _: &Path) -> io::Result<Option<Vec<u8>>> {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "permission denied",
            ))
        }
    }
    let error = load(&Unreadable, None).unwrap_err();
    assert_eq!(error.kind(), LoadErrorKind::Io);
    assert_eq!(
        error.message(),
        format!(
            "could not read {}: permission denied",
            Path::new("/home/u/.aws/config").display()
        )
    );
}

#[test]
fn loaded_settings_do_not_show_secrets_in_debug() {
    let home = Home::new()
        .var("AWS_ACCESS_KEY_ID", "AKIDENV")
        .var("AWS_SECRET_ACCESS_KEY", SECRET)
        .var("AWS_SESSION_TOKEN", "token-value");
    let debug = format!("{:?}", home.load().unwrap());
    assert!(debug.contains("AKIDENV"), "{debug}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(!debug.contains("token-value"), "{debug}");
}

#[test]
fn variables_and_home_expand_as_python_expands_them() {
    let vars = HashMap::from([
        ("HOME".to_owned(), "/home/u/".to_owned()),
        ("A".to_owned(), "x".to_owned()),
    ]);
    let expand = |text: &str| expand_home(&vars, &expand_variables(&vars, text));
    assert_eq!(expand("~/.aws/config"), "/home/u/.aws/config");
    assert_eq!(expand("~"), "/home/u");
    assert_eq!(expand("~other/x"), "~other/x");
    assert_eq!(expand("$A/${A}/$B/${}/$/${A"), "x/x/$B/${}/$/${A");
    assert_eq!(expand("a$A-b"), "ax-b");
    let no_home: HashMap<String, String> = HashMap::new();
    assert_eq!(expand_home(&no_home, "~/x"), "~/x");
}
