#!/usr/bin/env python3
"""Record the endpoint settings botocore takes from the environment and the shared config
file: FIPS and dual-stack endpoints, and S3's `s3` block and variables.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_endpoint_settings.py

It writes tests/fixtures/env/botocore-endpoint-settings.json: for each case the environment
variables and the config file (in a fresh home directory), and, for an S3 client and a
DynamoDB client botocore builds there, the endpoint rules' built-in parameters it resolves
with (`AWS::UseFIPS`, `AWS::UseDualStack`, `AWS::S3::ForcePathStyle`, ...), or the exception
it raises; and under `configured_endpoints`, cases of endpoint URLs set by variables and the
config file (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, `endpoint_url`, `services`
sections), with the `SDK::Endpoint` each of four clients resolves with. Every case starts with every AWS_* and BOTO_* variable removed, so nothing from
the machine running the script leaks in. Nothing goes over the network: no call is made.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

BOTOCORE_VERSION = "1.44.5"
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "env" / "botocore-endpoint-settings.json"


def clear_environment():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]


clear_environment()

import botocore  # noqa: E402
import botocore.session  # noqa: E402

if botocore.__version__ != BOTOCORE_VERSION:
    sys.exit(f"botocore {botocore.__version__} found, but these fixtures need {BOTOCORE_VERSION}")

WEST = {"AWS_DEFAULT_REGION": "us-west-2"}
EAST = {"AWS_DEFAULT_REGION": "us-east-1"}

CASES = [
    {"name": "nothing set", "env": WEST},
    {"name": "nothing set, in us-east-1", "env": EAST},
    {"name": "fips from the environment", "env": {**WEST, "AWS_USE_FIPS_ENDPOINT": "true"}},
    {"name": "dual-stack from the environment, in any case",
     "env": {**WEST, "AWS_USE_DUALSTACK_ENDPOINT": "TRUE"}},
    {"name": "a value other than true is false", "env": {**WEST, "AWS_USE_FIPS_ENDPOINT": "yes"}},
    {"name": "fips and dual-stack from the profile",
     "env": WEST, "config": "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = True\n"},
    {"name": "the environment beats the profile",
     "env": {**WEST, "AWS_USE_FIPS_ENDPOINT": "false"},
     "config": "[default]\nuse_fips_endpoint = true\n"},
    {"name": "path-style from the s3 block",
     "env": WEST, "config": "[default]\ns3 =\n  addressing_style = path\n"},
    {"name": "virtual and accelerate from the s3 block",
     "env": WEST,
     "config": "[default]\ns3 =\n  addressing_style = virtual\n  use_accelerate_endpoint = true\n"},
    {"name": "auto addressing spelled out", "env": WEST,
     "config": "[default]\ns3 =\n  addressing_style = auto\n"},
    {"name": "dual-stack in the s3 block is for S3 alone",
     "env": WEST, "config": "[default]\ns3 =\n  use_dualstack_endpoint = true\n"},
    {"name": "dual-stack off in the s3 block leaves the general setting",
     "env": {**WEST, "AWS_USE_DUALSTACK_ENDPOINT": "true"},
     "config": "[default]\ns3 =\n  use_dualstack_endpoint = false\n"},
    {"name": "arn region off in the s3 block",
     "env": WEST, "config": "[default]\ns3 =\n  use_arn_region = false\n"},
    {"name": "arn region off at the top of the profile",
     "env": WEST, "config": "[default]\ns3_use_arn_region = false\n"},
    {"name": "the top of the profile beats the s3 block",
     "env": WEST, "config": "[default]\ns3_use_arn_region = true\ns3 =\n  use_arn_region = false\n"},
    {"name": "the environment beats the profile for arn regions",
     "env": {**WEST, "AWS_S3_USE_ARN_REGION": "false"},
     "config": "[default]\ns3_use_arn_region = true\n"},
    {"name": "regional us-east-1 from the s3 block",
     "env": EAST, "config": "[default]\ns3 =\n  us_east_1_regional_endpoint = regional\n"},
    {"name": "regional us-east-1 from the environment",
     "env": {**EAST, "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional"}},
    {"name": "legacy us-east-1 at the top of the profile beats the s3 block",
     "env": EAST,
     "config": "[default]\ns3_us_east_1_regional_endpoint = legacy\n"
               "s3 =\n  us_east_1_regional_endpoint = regional\n"},
    {"name": "an unknown us-east-1 endpoint setting is refused",
     "env": {**EAST, "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "global"}},
    {"name": "multi-region access points off from the s3 block",
     "env": WEST, "config": "[default]\ns3 =\n  s3_disable_multiregion_access_points = true\n"},
    {"name": "multi-region access points off from the environment",
     "env": {**WEST, "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS": "true"}},
    {"name": "a named profile's s3 block",
     "env": {**WEST, "AWS_PROFILE": "dev"},
     "config": "[default]\ns3 =\n  addressing_style = virtual\n"
               "[profile dev]\ns3 =\n  addressing_style = path\n  use_accelerate_endpoint = false\n"},
    {"name": "an unknown addressing style",
     "env": WEST, "config": "[default]\ns3 =\n  addressing_style = sideways\n"},
    {"name": "s3 given a value instead of a block",
     "env": WEST, "config": "[default]\ns3 = path\n"},
    {"name": "payload signing asked for",
     "env": WEST, "config": "[default]\ns3 =\n  payload_signing_enabled = true\n"},
]


ENDPOINT_CASES = [
    {"name": "nothing configured", "env": WEST},
    {"name": "one URL for every service", "env": {**WEST, "AWS_ENDPOINT_URL": "http://localhost:4566"}},
    {"name": "a service's variable beats the global one",
     "env": {**WEST, "AWS_ENDPOINT_URL": "http://localhost:4566",
             "AWS_ENDPOINT_URL_DYNAMODB": "http://localhost:8000",
             "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://localhost:9001"}},
    {"name": "an empty variable is skipped",
     "env": {**WEST, "AWS_ENDPOINT_URL_S3": "", "AWS_ENDPOINT_URL": "http://localhost:4566"}},
    {"name": "the profile's endpoint_url",
     "env": WEST, "config": "[default]\nendpoint_url = http://localhost:4566\n"},
    {"name": "the environment beats the profile",
     "env": {**WEST, "AWS_ENDPOINT_URL": "http://localhost:1111"},
     "config": "[default]\nendpoint_url = http://localhost:4566\n"},
    {"name": "a services section",
     "env": WEST,
     "config": "[default]\nservices = local\nendpoint_url = http://localhost:4566\n"
               "[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n"
               "secrets_manager =\n  endpoint_url = http://localhost:9002\n"},
    {"name": "the global variable beats a services section",
     "env": {**WEST, "AWS_ENDPOINT_URL": "http://localhost:1111"},
     "config": "[default]\nservices = local\n"
               "[services local]\ns3 =\n  endpoint_url = http://localhost:9000\n"},
    {"name": "configured endpoints ignored by variable",
     "env": {**WEST, "AWS_ENDPOINT_URL": "http://localhost:4566",
             "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}},
    {"name": "configured endpoints ignored by the profile",
     "env": {**WEST, "AWS_ENDPOINT_URL": "http://localhost:4566"},
     "config": "[default]\nignore_configured_endpoint_urls = true\n"},
    {"name": "a named services section that does not exist",
     "env": WEST, "config": "[default]\nservices = missing\n"},
]

# botocore's client names, for the service ids the test gives its clients.
ENDPOINT_SERVICES = {"s3": "S3", "dynamodb": "DynamoDB", "elbv2": "Elastic Load Balancing v2",
                     "secretsmanager": "Secrets Manager"}


def built_ins(service):
    client = botocore.session.Session().create_client(
        service,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    )
    # The parameters the client resolves every call's endpoint from, before each operation
    # adds its own; those that credentials give (the account id) are functions, left out.
    found = client._ruleset_resolver._builtins
    return {
        name: value
        for name, value in sorted(found.items())
        if isinstance(value, (bool, str))
    }


def in_home(case, measure):
    """`measure()` in a fresh home directory with the case's config file and variables: its
    result, or the exception it raises."""
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        (home / ".aws").mkdir()
        (home / ".aws" / "config").write_text(case.get("config", ""))
        clear_environment()
        os.environ["HOME"] = str(home)
        os.environ.update(case["env"])
        # Keep botocore from this machine's boto2 files and instance metadata.
        os.environ["BOTO_CONFIG"] = os.devnull
        os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
        try:
            result = measure()
        except Exception as error:  # the exception is the result
            result = {"error": type(error).__name__, "message": str(error)}
        finally:
            clear_environment()
    return {**case, "result": result}


def run_case(case):
    return in_home(case, lambda: {"s3": built_ins("s3"), "dynamodb": built_ins("dynamodb")})


def run_endpoint_case(case):
    def endpoints():
        return {
            ENDPOINT_SERVICES[service]: built_ins(service).get("SDK::Endpoint")
            for service in ENDPOINT_SERVICES
        }
    return in_home(case, endpoints)


def main():
    document = {
        "botocore_version": botocore.__version__,
        "cases": [run_case(case) for case in CASES],
        "configured_endpoints": [run_endpoint_case(case) for case in ENDPOINT_CASES],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
