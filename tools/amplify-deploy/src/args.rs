//! The command line, parsed by hand: a handful of flags do not need an argument-parsing
//! crate.

use std::path::PathBuf;
use std::time::Duration;

pub const USAGE: &str = "\
usage: amplify-deploy --app-id ID --branch NAME [options] DIR

Deploys the files under DIR to a branch of an Amplify app that is deployed by hand
(not connected to a repository): CreateDeployment, upload, StartDeployment, then waits
for the job to finish.

  --app-id ID            the Amplify app
  --branch NAME          the branch to deploy to
  --region REGION        the AWS region (default: $AWS_REGION, then $AWS_DEFAULT_REGION)
  --endpoint-url URL     send Amplify API requests here instead of the regional endpoint
  --per-file             upload each file to its own URL (fileMap of MD5 hashes)
                         instead of one zip
  --poll-interval SECS   how often to ask for the job's status (default: 2)
  --timeout SECS         give up waiting for the job after this long (default: 1800)
  -h, --help             show this help

Credentials come from $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY and, for temporary
credentials, $AWS_SESSION_TOKEN.";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Args {
    pub app_id: String,
    pub branch: String,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub per_file: bool,
    pub poll_interval: Duration,
    pub timeout: Duration,
    pub dir: PathBuf,
}

/// The command line could not be understood, or help was asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum ArgsError {
    Help,
    Invalid(String),
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Args, ArgsError> {
    let mut app_id = None;
    let mut branch = None;
    let mut region = None;
    let mut endpoint_url = None;
    let mut per_file = false;
    let mut poll_interval = Duration::from_secs(2);
    let mut timeout = Duration::from_secs(1800);
    let mut dir = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--flag=value` and `--flag value` both work.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| ArgsError::Invalid(format!("{name} needs a value")))
        };
        match flag.as_str() {
            "-h" | "--help" => return Err(ArgsError::Help),
            "--app-id" => app_id = Some(value("--app-id")?),
            "--branch" => branch = Some(value("--branch")?),
            "--region" => region = Some(value("--region")?),
            "--endpoint-url" => endpoint_url = Some(value("--endpoint-url")?),
            "--per-file" => per_file = true,
            "--poll-interval" => {
                poll_interval = seconds("--poll-interval", &value("--poll-interval")?)?
            }
            "--timeout" => timeout = seconds("--timeout", &value("--timeout")?)?,
            other if other.starts_with('-') && other != "-" => {
                return Err(ArgsError::Invalid(format!("unknown option `{other}`")));
            }
            _ if dir.is_some() => {
                return Err(ArgsError::Invalid(format!(
                    "one directory is deployed at a time; `{arg}` is a second one"
                )));
            }
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let missing = |what: &str| ArgsError::Invalid(format!("{what} is required"));
    Ok(Args {
        app_id: app_id.ok_or_else(|| missing("--app-id"))?,
        branch: branch.ok_or_else(|| missing("--branch"))?,
        region,
        endpoint_url,
        per_file,
        poll_interval,
        timeout,
        dir: dir.ok_or_else(|| missing("the directory to deploy"))?,
    })
}

fn seconds(flag: &str, text: &str) -> Result<Duration, ArgsError> {
    text.parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| {
            ArgsError::Invalid(format!(
                "{flag} takes a number of seconds, such as 2 or 0.5, not `{text}`"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Args, ArgsError> {
        parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn flags_in_any_order_with_either_spelling_of_values() {
        let args = parse_line(
            "site --branch=main --app-id d1 --per-file --poll-interval 0.5 --region eu-west-1",
        )
        .unwrap();
        assert_eq!(args.app_id, "d1");
        assert_eq!(args.branch, "main");
        assert_eq!(args.region.as_deref(), Some("eu-west-1"));
        assert!(args.per_file);
        assert_eq!(args.poll_interval, Duration::from_millis(500));
        assert_eq!(args.timeout, Duration::from_secs(1800));
        assert_eq!(args.dir, PathBuf::from("site"));
    }

    #[test]
    fn missing_and_unknown_arguments_are_named() {
        assert_eq!(
            parse_line("--branch main site"),
            Err(ArgsError::Invalid("--app-id is required".into()))
        );
        assert_eq!(
            parse_line("--app-id d1 --branch main"),
            Err(ArgsError::Invalid(
                "the directory to deploy is required".into()
            ))
        );
        assert_eq!(
            parse_line("--app-id d1 --branch main --force site"),
            Err(ArgsError::Invalid("unknown option `--force`".into()))
        );
        assert_eq!(
            parse_line("--app-id d1 --branch"),
            Err(ArgsError::Invalid("--branch needs a value".into()))
        );
        assert!(matches!(
            parse_line("--app-id d1 --branch main --poll-interval soon site"),
            Err(ArgsError::Invalid(message)) if message.contains("not `soon`")
        ));
        assert_eq!(parse_line("--help"), Err(ArgsError::Help));
    }
}
