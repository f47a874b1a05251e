#!/usr/bin/env python3
"""Record the endpoint settings botocore takes from the environment and the shared config
file: FIPS and dual-stack endpoints, and S3's `s3` block and variables.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_endpoint_settings.py

It writes tests/fixtures/env/botocore-endpoint-settings.json: for each case the environment
variables and the config file (in a fresh home directory), and, for an S3 client and a
DynamoDB client botocore builds there, the endpoint rules' built-in parameters it resolves
with (`AWS::UseFIPS`, `AWS::UseDualStack`, `AWS::S3::ForcePathStyle`, ...), or the exception
it raises. Every case starts with every AWS_* and BOTO_* variable removed, so nothing from
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


def run_case(case):
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
            result = {"s3": built_ins("s3"), "dynamodb": built_ins("dynamodb")}
        except Exception as error:  # the exception is the result
            result = {"error": type(error).__name__, "message": str(error)}
        finally:
            clear_environment()
    return {**case, "result": result}


def main():
    document = {
        "botocore_version": botocore.__version__,
        "cases": [run_case(case) for case in CASES],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
