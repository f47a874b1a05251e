#!/usr/bin/env python3
"""Record how botocore, the reference implementation, loads settings from the environment.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_env.py

It writes tests/fixtures/env/botocore-env.json with two lists:

  cases     each case's environment variables and files (paths relative to a fresh home
            directory), and what botocore makes of them: the region, the credentials, the
            number of attempts a call gets and the retry mode, or the exception it raises.
  profiles  shared config files and the profiles botocore's loader reads from them
            (`botocore.configloader.load_config` and, for credentials files,
            `raw_config_parse`), or the exception it raises.

Every case runs in a home directory of its own with every AWS_* and BOTO_* variable removed
first, so nothing from the machine running the script leaks in. Nothing goes over the network:
the instance metadata service is disabled and the one call each case makes is answered in
memory.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

BOTOCORE_VERSION = "1.44.5"
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "env" / "botocore-env.json"


def clear_environment():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]


clear_environment()

import botocore  # noqa: E402

if botocore.__version__ != BOTOCORE_VERSION:
    sys.exit(
        f"botocore {botocore.__version__} found at {botocore.__file__}, but these fixtures are "
        f"defined by botocore {BOTOCORE_VERSION}; run with a venv that has "
        f"`pip install botocore=={BOTOCORE_VERSION}`"
    )

import botocore.awsrequest  # noqa: E402
import botocore.configloader  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

KEYS = {
    "AWS_ACCESS_KEY_ID": "AKIDENV",
    "AWS_SECRET_ACCESS_KEY": "env-secret",
}

CREDENTIALS = """\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret

[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = dev-secret
aws_session_token = dev-token
"""

CONFIG = """\
[default]
region = us-west-2

[profile dev]
region = eu-west-1
"""

CASES = [
    # Environment variables.
    {"name": "env_keys_and_region", "env": {**KEYS, "AWS_DEFAULT_REGION": "us-east-1"}},
    {
        "name": "env_session_token",
        "env": {**KEYS, "AWS_SESSION_TOKEN": "env-token", "AWS_DEFAULT_REGION": "us-east-1"},
    },
    {
        "name": "env_legacy_security_token_wins",
        "env": {**KEYS, "AWS_SECURITY_TOKEN": "legacy", "AWS_SESSION_TOKEN": "env-token"},
    },
    {
        "name": "env_empty_security_token_is_skipped",
        "env": {**KEYS, "AWS_SECURITY_TOKEN": "", "AWS_SESSION_TOKEN": "env-token"},
    },
    {"name": "env_access_key_without_secret", "env": {"AWS_ACCESS_KEY_ID": "AKIDENV"}},
    {
        "name": "env_empty_access_key_falls_through_to_files",
        "env": {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "ignored"},
        "files": {".aws/credentials": CREDENTIALS},
    },
    {
        "name": "env_keys_beat_the_credentials_file",
        "env": KEYS,
        "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG},
    },
    {
        "name": "env_region_beats_the_config_file",
        "env": {"AWS_DEFAULT_REGION": "ap-south-1"},
        "files": {".aws/config": CONFIG},
    },
    {
        # botocore reads AWS_DEFAULT_REGION only; the other SDKs read AWS_REGION first.
        "name": "aws_region_variable",
        "env": {"AWS_REGION": "ca-central-1"},
        "files": {".aws/config": CONFIG},
    },
    {"name": "nothing_configured", "env": {}},
    {"name": "empty_region_variable", "env": {"AWS_DEFAULT_REGION": ""}, "files": {".aws/config": CONFIG}},
    # Shared files and profiles.
    {"name": "default_profile_from_files", "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG}},
    {
        "name": "aws_profile_selects_a_profile",
        "env": {"AWS_PROFILE": "dev"},
        "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG},
    },
    {
        "name": "aws_default_profile_beats_aws_profile",
        "env": {"AWS_DEFAULT_PROFILE": "dev", "AWS_PROFILE": "default"},
        "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG},
    },
    {
        "name": "env_keys_beat_an_aws_profile",
        "env": {**KEYS, "AWS_PROFILE": "dev"},
        "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG},
    },
    {
        "name": "explicit_profile_ignores_env_keys",
        "env": KEYS,
        "profile": "dev",
        "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG},
    },
    {
        "name": "keys_in_the_config_file",
        "env": {"AWS_PROFILE": "ops"},
        "files": {
            ".aws/config": "[profile ops]\nregion = eu-north-1\naws_access_key_id = AKIDOPS\n"
            "aws_secret_access_key = ops-secret\naws_session_token = ops-token\n",
        },
    },
    {
        "name": "credentials_file_beats_keys_in_the_config_file",
        "files": {
            ".aws/credentials": CREDENTIALS,
            ".aws/config": "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = x\n",
        },
    },
    {
        "name": "profile_prefix_in_the_credentials_file_is_part_of_the_name",
        "env": {"AWS_PROFILE": "dev"},
        "files": {
            ".aws/credentials": "[profile dev]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = x\n",
            ".aws/config": "[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = y\n",
        },
    },
    {
        "name": "profile_default_section_in_the_config_file",
        "files": {".aws/config": "[profile default]\nregion = sa-east-1\n"},
    },
    {
        "name": "profile_only_in_the_credentials_file_gives_its_region",
        "env": {"AWS_PROFILE": "ci"},
        "files": {
            ".aws/credentials": "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = ci-secret\n"
            "region = us-east-2\n",
            ".aws/config": CONFIG,
        },
    },
    {
        "name": "credentials_file_values_override_the_config_file",
        "env": {"AWS_PROFILE": "dev"},
        "files": {
            ".aws/credentials": "[dev]\nregion = me-south-1\nmax_attempts = 2\n",
            ".aws/config": "[profile dev]\nregion = eu-west-1\nmax_attempts = 6\n",
        },
    },
    {
        "name": "missing_profile",
        "env": {"AWS_PROFILE": "nope"},
        "files": {".aws/credentials": CREDENTIALS, ".aws/config": CONFIG},
    },
    {
        "name": "missing_profile_with_env_keys_and_region",
        "env": {**KEYS, "AWS_PROFILE": "nope", "AWS_DEFAULT_REGION": "us-east-1"},
    },
    {"name": "explicit_default_profile_without_files", "env": {"AWS_PROFILE": "default"}},
    {"name": "empty_profile_name", "env": {"AWS_PROFILE": ""}, "files": {".aws/config": CONFIG}},
    {
        "name": "custom_file_locations",
        "env": {
            "AWS_CONFIG_FILE": "~/elsewhere/config",
            "AWS_SHARED_CREDENTIALS_FILE": "~/elsewhere/credentials",
        },
        "files": {
            ".aws/credentials": CREDENTIALS,
            ".aws/config": CONFIG,
            "elsewhere/credentials": "[default]\naws_access_key_id = AKIDELSEWHERE\n"
            "aws_secret_access_key = elsewhere-secret\n",
            "elsewhere/config": "[default]\nregion = af-south-1\n",
        },
    },
    {
        "name": "file_locations_with_variables",
        "env": {"AWS_CONFIG_FILE": "$HOME/elsewhere/config", "AWS_SHARED_CREDENTIALS_FILE": "${HOME}/x"},
        "files": {"elsewhere/config": "[default]\nregion = il-central-1\n"},
    },
    {
        "name": "partial_keys_in_the_credentials_file",
        "files": {".aws/credentials": "[default]\naws_access_key_id = AKIDHALF\n"},
    },
    {
        "name": "legacy_security_token_in_a_file_wins",
        "files": {
            ".aws/credentials": "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
            "aws_session_token = session\naws_security_token = legacy\n",
        },
    },
    {
        "name": "keys_are_case_insensitive_in_files",
        "files": {
            ".aws/credentials": "[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER\nAws_Secret_Access_Key = upper-secret\n",
            ".aws/config": "[default]\nREGION = eu-south-1\n",
        },
    },
    {
        "name": "comments_whitespace_and_colons",
        "files": {
            ".aws/config": "# leading comment\n; another\n\n  [default]  \n\tregion:us-gov-west-1\n"
            "   # indented comment\noutput = json # not a comment\n",
        },
    },
    {
        "name": "nested_service_settings_do_not_hide_the_region",
        "files": {
            ".aws/config": "[default]\ns3 =\n    addressing_style = path\n\n    signature_version = s3v4\n"
            "region = eu-central-2\n",
        },
    },
    {
        "name": "default_section_applies_to_every_section",
        "env": {"AWS_PROFILE": "dev"},
        "files": {".aws/config": "[DEFAULT]\nregion = ap-east-1\n\n[profile dev]\noutput = json\n"},
    },
    {
        "name": "quoted_profile_name",
        "env": {"AWS_PROFILE": "my team"},
        "files": {".aws/config": "[profile \"my team\"]\nregion = ap-southeast-3\n"},
    },
    {
        "name": "crlf_line_endings",
        "files": {
            ".aws/credentials": "[default]\r\naws_access_key_id = AKIDCRLF\r\naws_secret_access_key = crlf\r\n",
            ".aws/config": "[default]\r\nregion = eu-west-3\r\n",
        },
    },
    # Retry settings.
    {"name": "max_attempts_from_env", "env": {"AWS_MAX_ATTEMPTS": "5"}},
    {"name": "max_attempts_from_the_config_file", "files": {".aws/config": "[default]\nmax_attempts = 7\n"}},
    {
        "name": "max_attempts_env_beats_the_config_file",
        "env": {"AWS_MAX_ATTEMPTS": "2"},
        "files": {".aws/config": "[default]\nmax_attempts = 7\n"},
    },
    {"name": "max_attempts_not_a_number", "env": {"AWS_MAX_ATTEMPTS": "three"}},
    {"name": "max_attempts_zero", "env": {"AWS_MAX_ATTEMPTS": "0"}},
    {"name": "max_attempts_negative", "files": {".aws/config": "[default]\nmax_attempts = -1\n"}},
    {"name": "empty_region_in_the_config_file", "files": {".aws/config": "[default]\nregion =\n"}},
    {"name": "max_attempts_with_spaces", "files": {".aws/config": "[default]\nmax_attempts =  4  \n"}},
    {"name": "max_attempts_env_with_spaces", "env": {"AWS_MAX_ATTEMPTS": " 6 "}},
    {"name": "retry_mode_standard", "files": {".aws/config": "[default]\nretry_mode = standard\n"}},
    {"name": "retry_mode_unknown", "env": {"AWS_RETRY_MODE": "fast"}},
    # Account-id endpoints (DynamoDB's): botocore lower-cases the setting, then checks it.
    {"name": "account_id_endpoint_mode_from_env", "env": {"AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled"}},
    {"name": "account_id_endpoint_mode_any_case", "env": {"AWS_ACCOUNT_ID_ENDPOINT_MODE": "REQUIRED"}},
    {
        "name": "account_id_endpoint_mode_from_the_config_file",
        "files": {".aws/config": "[default]\naccount_id_endpoint_mode = required\n"},
    },
    {
        "name": "account_id_endpoint_mode_env_beats_the_config_file",
        "env": {"AWS_ACCOUNT_ID_ENDPOINT_MODE": "preferred"},
        "files": {".aws/config": "[default]\naccount_id_endpoint_mode = disabled\n"},
    },
    {"name": "account_id_endpoint_mode_unknown", "env": {"AWS_ACCOUNT_ID_ENDPOINT_MODE": "sometimes"}},
    {
        "name": "account_id_endpoint_mode_unknown_in_the_config_file",
        "files": {".aws/config": "[default]\naccount_id_endpoint_mode = always\n"},
    },
    # Malformed files.
    {"name": "config_without_a_section_header", "files": {".aws/config": "region = us-east-1\n"}},
    {
        "name": "credentials_line_without_a_value",
        "files": {".aws/credentials": "[default]\naws_access_key_id = AKID\njust some words\n"},
    },
    {
        "name": "nested_line_without_equals",
        "files": {".aws/config": "[default]\ns3 =\n    addressing_style path\n"},
    },
    {"name": "duplicate_section", "files": {".aws/config": "[default]\nregion = a\n[default]\nregion = b\n"}},
    {"name": "duplicate_key", "files": {".aws/config": "[default]\nregion = a\nRegion = b\n"}},
    {
        "name": "malformed_credentials_file_breaks_even_with_env_keys",
        "env": KEYS,
        "files": {".aws/credentials": "[default\naws_access_key_id = x\n"},
    },
]

# Profile maps: how the loader reads a file, beyond what the cases above need.
PROFILES = [
    {
        "name": "profile_section_names",
        "kind": "config",
        "text": "[default]\na = 1\n[profile  spaced]\nb = 2\n[profiles]\nc = 3\n[profile x y]\nd = 4\n"
        "[profile]\ne = 5\n[profile 'single quoted']\nf = 6\n[sso-session corp]\ng = 7\n"
        "[services dev]\nh = 8\n[preview]\ni = 9\n[profile \"unclosed]\nj = 10\n"
        "[profilex named]\nk = 11\n[profile esc\\ aped]\nl = 12\n",
    },
    {
        "name": "profile_default_after_default",
        "kind": "config",
        "text": "[default]\na = 1\nb = 2\n[profile default]\nc = 3\n",
    },
    {
        "name": "continuation_lines",
        "kind": "config",
        "text": "[default]\nkey = first\n  second\n\n  third\nnext = value\n    more = text\nempty =\n",
    },
    {
        "name": "nested_values",
        "kind": "config",
        "text": "[default]\ns3 =\n  a = 1\n  b=2\n\n  c = x = y\n\napi_versions =\n    ec2 = 2015-03-01\n"
        "flat = value\n",
    },
    {
        "name": "comments_and_case",
        "kind": "config",
        "text": "; comment\n[Default]\nKey = Value\n  ; indented comment inside a value\n"
        "[default]\nMiXeD = kept # as is\nsemi = a ; b\n",
    },
    {
        "name": "section_header_with_trailing_text",
        "kind": "config",
        "text": "[default] trailing\na = 1\n[profile a]]\nb = 2\n",
    },
    {
        "name": "default_section_is_inherited",
        "kind": "credentials",
        "text": "[DEFAULT]\nshared = yes\nregion = base\n[one]\nregion = own\n[two]\n",
    },
    {"name": "empty_file", "kind": "config", "text": ""},
    {"name": "only_comments", "kind": "credentials", "text": "# nothing\n\n; here\n"},
    {"name": "empty_key", "kind": "config", "text": "[default]\n= value\n"},
    {"name": "empty_section_name", "kind": "config", "text": "[default]\na = 1\n[]\n"},
    {"name": "indented_section_header_continues_a_value", "kind": "config", "text": "[default]\na = 1\n  [profile b]\nc = 2\n"},
    {"name": "unicode", "kind": "config", "text": "[profile été]\nrégion = ünïcode\n"},
    {"name": "tabs_and_spaces", "kind": "credentials", "text": "[t]\n\tkey\t=\tvalue\t\nk2 :v2\n"},
]


def probe_call(session, region):
    """The attempts a call gets, the retry mode and the account-id endpoint mode, from a
    client botocore builds for this
    environment. Explicit keys keep missing credentials from stopping the call; the answer is
    canned."""
    client = session.create_client(
        "amplify",
        region_name=region or "us-east-1",
        aws_access_key_id="AKIDPROBE",
        aws_secret_access_key="probe",
        config=Config(user_agent="awsgen-reference/1.0"),
    )
    seen = []

    def answer(request, **kwargs):
        header = request.headers["amz-sdk-request"]
        seen.append(header.decode("ascii") if isinstance(header, bytes) else header)
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, Body(b'{"apps": []}'))

    client.meta.events.register("before-send.amplify", answer)
    client.list_apps()
    header = dict(part.split("=") for part in seen[0].split("; "))
    return (
        int(header["max"]),
        client.meta.config.retries["mode"],
        client.meta.config.account_id_endpoint_mode,
    )


class Body:
    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


def in_home(case, home):
    for relative, text in case.get("files", {}).items():
        path = home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    clear_environment()
    os.environ["HOME"] = str(home)
    os.environ.update(case.get("env", {}))
    # Left out of the recorded environment: they only keep botocore from looking at this
    # machine's boto2 files and instance metadata, which awsgen never reads.
    os.environ["BOTO_CONFIG"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def run_case(case):
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        in_home(case, home)
        try:
            session = botocore.session.Session(profile=case.get("profile"))
            region = session.get_config_variable("region")
            credentials = session.get_credentials()
            if credentials is not None:
                frozen = credentials.get_frozen_credentials()
                credentials = {
                    "access_key": frozen.access_key,
                    "secret_key": frozen.secret_key,
                    "token": frozen.token,
                }
            max_attempts, retry_mode, account_id_endpoint_mode = probe_call(session, region)
            result = {
                "region": region,
                "credentials": credentials,
                "max_attempts": max_attempts,
                "retry_mode": retry_mode,
                "account_id_endpoint_mode": account_id_endpoint_mode,
            }
        except Exception as error:  # the exception is the result
            result = {
                "error": type(error).__name__,
                "message": str(error).replace(directory, "~"),
            }
        finally:
            clear_environment()
    return {**case, "result": result}


def run_profiles(case):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "file"
        path.write_bytes(case["text"].encode("utf-8"))
        try:
            if case["kind"] == "config":
                profiles = botocore.configloader.load_config(str(path))["profiles"]
            else:
                profiles = botocore.configloader.raw_config_parse(str(path))
            result = {"profiles": profiles}
        except Exception as error:
            result = {"error": type(error).__name__, "message": str(error).replace(directory, "~")}
    return {**case, "result": result}


def main():
    document = {
        "botocore_version": botocore.__version__,
        "generated_by": "tests/reference/botocore_env.py",
        "note": "files are relative to the home directory (HOME); `profile` is "
                "botocore.session.Session(profile=...). max_attempts is the `max` botocore puts in "
                "amz-sdk-request.",
        "cases": [run_case(case) for case in CASES],
        "profiles": [run_profiles(case) for case in PROFILES],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
