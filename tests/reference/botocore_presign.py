#!/usr/bin/env python3
"""Record the URLs botocore presigns with SigV4 (`generate_presigned_url`).

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_presign.py

It writes tests/fixtures/presign/botocore-presigned.json: for each case a service, region,
optional endpoint override, the client's `s3` configuration, whether the credentials carry a
session token, an operation with its parameters, an expiry, and the URL botocore gives. S3
is configured with `signature_version='s3v4'` (its default in us-east-1 is still SigV2).
The clock is fixed at CLOCK, so the URLs are stable. Nothing goes over the network.

botocore writes query parameters in the order the caller passed them, awsgen in the
model's member order (the signature is the same either way, since it sorts them): each
case's parameters are given in the model's order.
"""

import datetime
import json
import os

import botocore
import botocore.auth
import botocore.session
from botocore.config import Config

assert botocore.__version__ == "1.44.5", botocore.__version__

CLOCK = datetime.datetime(2026, 12, 7, 12, 30, 45, tzinfo=datetime.timezone.utc)
BUCKET = "amzn-s3-demo-bucket"
LOCAL = "http://127.0.0.1:9000"

CASES = [
    # service, region, endpoint, s3 config, session token, operation, params, expires
    ("s3", "us-west-2", None, {}, False, "GetObject", {"Bucket": BUCKET, "Key": "a/b c.txt"}, 3600),
    ("s3", "us-east-1", None, {}, False, "GetObject", {"Bucket": BUCKET, "Key": "k"}, 900),
    ("s3", "eu-west-1", None, {}, True, "GetObject",
     {"Bucket": BUCKET, "Key": "report.csv",
      "ResponseContentDisposition": "attachment; filename=\"r.csv\"", "VersionId": "v1"}, 600),
    ("s3", "us-west-2", None, {}, False, "PutObject",
     {"Bucket": BUCKET, "Key": "upload.bin", "ContentType": "application/octet-stream"}, 3600),
    ("s3", "us-west-2", None, {"addressing_style": "virtual"}, False, "GetObject",
     {"Bucket": BUCKET, "Key": "k"}, 3600),
    ("s3", "us-west-2", None, {"addressing_style": "path"}, False, "GetObject",
     {"Bucket": BUCKET, "Key": "k"}, 3600),
    ("s3", "us-west-2", None, {}, False, "GetObject", {"Bucket": "with.dots", "Key": "k"}, 3600),
    ("s3", "us-west-2", LOCAL, {}, False, "GetObject", {"Bucket": BUCKET, "Key": "k"}, 3600),
    ("s3", "us-west-2", None, {}, False, "CreateMultipartUpload", {"Bucket": BUCKET, "Key": "big"}, 3600),
    ("s3", "us-west-2", None, {}, False, "ListObjectsV2", {"Bucket": BUCKET, "Prefix": "a/", "MaxKeys": 5}, 3600),
    ("sts", "us-west-2", None, {}, False, "GetCallerIdentity", {}, 60),
    ("sts", "eu-central-1", None, {}, True, "AssumeRole",
     {"RoleArn": "arn:aws:iam::123456789012:role/demo", "RoleSessionName": "session", "DurationSeconds": 900}, 300),
    ("dynamodb", "us-west-2", None, {}, False, "ListTables", {"Limit": 5}, 3600),
]


def snake(name):
    out = ""
    for i, c in enumerate(name):
        if c.isupper() and i and not name[i - 1].isupper():
            out += "_"
        out += c.lower()
    return out


def presigned(service, region, endpoint, s3, token, operation, params, expires):
    session = botocore.session.get_session()
    config = Config(s3=s3 or None, signature_version="s3v4") if service == "s3" else Config()
    client = session.create_client(
        service,
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        aws_session_token="session-token/with+symbols=" if token else None,
        config=config,
    )
    method = snake(operation)
    return client.generate_presigned_url(method, Params=params, ExpiresIn=expires)


def main():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    botocore.auth.get_current_datetime = lambda: CLOCK
    cases = [
        {
            "service": service,
            "region": region,
            "endpoint_url": endpoint,
            "s3": s3,
            "session_token": token,
            "operation": operation,
            "params": params,
            "expires": expires,
            "url": presigned(service, region, endpoint, s3, token, operation, params, expires),
        }
        for service, region, endpoint, s3, token, operation, params, expires in CASES
    ]
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "presign", "botocore-presigned.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(
            {"botocore": botocore.__version__, "clock": CLOCK.isoformat(), "cases": cases},
            f,
            indent=2,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
