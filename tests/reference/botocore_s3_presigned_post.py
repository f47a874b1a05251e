#!/usr/bin/env python3
"""Record the upload forms botocore's S3 `generate_presigned_post` makes.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_s3_presigned_post.py

It writes tests/fixtures/s3/botocore-presigned-post.json: for each case the client's region,
endpoint override, `s3` configuration and whether the credentials carry a session token; the
bucket, key, fields, conditions and expiry passed; and the URL and the fields, in order,
botocore gives (the policy among them, base64 of its JSON, and the signature). Conditions are
written as botocore takes them: a one-entry object for an exact match, a list for
`starts-with` and `content-length-range`. The clock is fixed at CLOCK, so the forms are
stable. Nothing goes over the network.
"""

import datetime
import json
import os

import botocore
import botocore.auth
import botocore.signers
from botocore.config import Config

from offline import isolate, s3_client

assert botocore.__version__ == "1.44.5", botocore.__version__

CLOCK = datetime.datetime(2026, 12, 8, 9, 15, 30, tzinfo=datetime.timezone.utc)
BUCKET = "amzn-s3-demo-bucket"

CASES = [
    {"name": "a key and nothing else, in us-east-1",
     "region": "us-east-1", "bucket": BUCKET, "key": "uploads/photo.jpg", "expires": 3600},
    {"name": "fields and conditions of every kind",
     "region": "us-west-2", "bucket": BUCKET, "key": "uploads/${filename}", "expires": 600,
     "fields": {"acl": "public-read", "Content-Type": "image/png",
                "success_action_status": "201"},
     "conditions": [{"acl": "public-read"}, ["starts-with", "$Content-Type", "image/"],
                    ["content-length-range", 1, 10485760],
                    {"success_action_status": "201"}]},
    {"name": "temporary credentials add the session token",
     "region": "eu-west-1", "bucket": BUCKET, "key": "k", "expires": 900, "token": True},
    {"name": "a key given as a field too keeps its place",
     "region": "us-west-2", "bucket": BUCKET, "key": "reports/2026.csv", "expires": 60,
     "fields": {"key": "ignored", "x-amz-meta-owner": "caf\u00e9 \"quoted\" \U0001f980"},
     "conditions": [{"x-amz-meta-owner": "caf\u00e9 \"quoted\" \U0001f980"}]},
    {"name": "path-style addressing",
     "region": "us-west-2", "bucket": BUCKET, "key": "k", "expires": 3600,
     "s3": {"addressing_style": "path"}},
    {"name": "a bucket that is not a host name goes path-style",
     "region": "us-west-2", "bucket": "with.dots", "key": "k", "expires": 3600},
    {"name": "a custom endpoint",
     "region": "us-west-2", "bucket": BUCKET, "key": "k", "expires": 3600,
     "endpoint_url": "http://127.0.0.1:9000"},
    {"name": "another partition",
     "region": "cn-north-1", "bucket": BUCKET, "key": "k", "expires": 3600},
]


def form(case):
    client = s3_client(
        region=case["region"],
        config=Config(s3=case.get("s3"), signature_version="s3v4"),
        endpoint_url=case.get("endpoint_url"),
        session_token="session-token/with+symbols=" if case.get("token") else None,
    )
    post = client.generate_presigned_post(
        case["bucket"],
        case["key"],
        Fields=case.get("fields"),
        Conditions=case.get("conditions"),
        ExpiresIn=case["expires"],
    )
    return {"url": post["url"], "fields": list(post["fields"].items())}


def main():
    isolate()
    # The policy's expiration and the signature's date both read the clock.
    botocore.auth.get_current_datetime = lambda: CLOCK
    botocore.signers.get_current_datetime = lambda: CLOCK
    cases = [dict(case, form=form(case)) for case in CASES]
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "s3",
                       "botocore-presigned-post.json")
    with open(out, "w") as f:
        json.dump({"botocore": botocore.__version__, "clock": CLOCK.isoformat(),
                   "cases": cases}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
