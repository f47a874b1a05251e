#!/usr/bin/env python3
"""Record how botocore follows S3 to a bucket's own region.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_s3_redirects.py

A request for a bucket sent to the wrong region fails (301 PermanentRedirect, 400
AuthorizationHeaderMalformed, a HEAD's bare 400, ...). botocore's S3RegionRedirectorv2 finds
the bucket's region (the `x-amz-bucket-region` header, else the error's `Region`, else a
HeadBucket's header), remembers it for the bucket, and sends the request once more, resolved
and signed for that region. It writes tests/fixtures/s3/botocore-redirects.json: per case
the client's region, the calls made, the canned answers given in turn, and every request
botocore sent (method, URL, the region its signature is scoped to), with the outcome of each
call. Nothing goes over the network.
"""

import json
import os

import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

from offline import isolate, response, s3_client

assert botocore.__version__ == "1.44.5", botocore.__version__

BUCKET = "amzn-s3-demo-bucket"
ARN = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint"


def error(code, region=None):
    extra = f"<Region>{region}</Region>" if region else ""
    return (f"<Error><Code>{code}</Code><Message>m</Message>{extra}"
            f"<RequestId>r</RequestId></Error>")


def answer(status, headers=None, body=""):
    return {"status": status, "headers": headers or {}, "body": body}


REDIRECT = answer(301, {"x-amz-bucket-region": "eu-west-1"}, error("PermanentRedirect"))
OK = answer(200, {}, "")

CASES = [
    {"name": "a permanent redirect is followed, and remembered for the bucket",
     "region": "us-east-1",
     "calls": [("GetObject", {"Bucket": BUCKET, "Key": "k"}),
               ("GetObject", {"Bucket": BUCKET, "Key": "other"})],
     "answers": [REDIRECT, OK, OK]},
    {"name": "the error's Region serves when the header is missing",
     "region": "us-west-2",
     "calls": [("PutObject", {"Bucket": BUCKET, "Key": "k", "Body": b"data"})],
     "answers": [answer(400, {}, error("AuthorizationHeaderMalformed", "ap-south-1")), OK]},
    {"name": "a HEAD's bare 400 asks HeadBucket for the region",
     "region": "us-east-1",
     "calls": [("HeadObject", {"Bucket": BUCKET, "Key": "k"})],
     "answers": [answer(400), answer(403, {"x-amz-bucket-region": "sa-east-1"}), OK]},
    {"name": "a temporary redirect's status is enough",
     "region": "us-west-2",
     "calls": [("ListObjectsV2", {"Bucket": BUCKET})],
     "answers": [answer(307, {"x-amz-bucket-region": "eu-central-1"}, error("TemporaryRedirect")),
                 answer(200, {}, "<ListBucketResult><Name>b</Name></ListBucketResult>")]},
    {"name": "an opt-in region's refusal is followed",
     "region": "us-east-1",
     "calls": [("GetObject", {"Bucket": BUCKET, "Key": "k"})],
     "answers": [answer(400, {"x-amz-bucket-region": "af-south-1"},
                        error("IllegalLocationConstraintException")), OK]},
    {"name": "CreateBucket's IllegalLocationConstraintException is the caller's to fix",
     "region": "us-east-1",
     "calls": [("CreateBucket", {"Bucket": BUCKET})],
     "answers": [answer(400, {"x-amz-bucket-region": "af-south-1"},
                        error("IllegalLocationConstraintException"))]},
    {"name": "a request is redirected once only",
     "region": "us-east-1",
     "calls": [("GetObject", {"Bucket": BUCKET, "Key": "k"})],
     "answers": [REDIRECT,
                 answer(301, {"x-amz-bucket-region": "eu-central-1"}, error("PermanentRedirect"))]},
    {"name": "an access point ARN is never redirected",
     "region": "us-west-2",
     "calls": [("GetObject", {"Bucket": ARN, "Key": "k"})],
     "answers": [REDIRECT]},
    {"name": "no region to be found: the error stands",
     "region": "us-east-1",
     "calls": [("GetObject", {"Bucket": BUCKET, "Key": "k"})],
     "answers": [answer(301, {}, error("PermanentRedirect")), answer(403)]},
    {"name": "other errors are not redirects",
     "region": "us-east-1",
     "calls": [("GetObject", {"Bucket": BUCKET, "Key": "k"})],
     "answers": [answer(403, {"x-amz-bucket-region": "eu-west-1"}, error("AccessDenied"))]},
]


class Canned:
    """Answers each request with the next canned answer and keeps what was sent."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def __call__(self, request, **_):
        authorization = request.headers.get("Authorization", b"")
        if isinstance(authorization, bytes):
            authorization = authorization.decode()
        scope = authorization.split("Credential=")[1].split(",")[0].split("/")[2]
        self.sent.append({"method": request.method, "url": request.url, "region": scope})
        answer = self.answers.pop(0)
        return response(request.url, answer["status"], answer["headers"],
                        answer["body"].encode())


def run(case):
    client = s3_client(case["region"], Config(retries={"mode": "standard", "max_attempts": 1}))
    canned = Canned(case["answers"])
    client.meta.events.register("before-send", canned)
    outcomes = []
    for operation, params in case["calls"]:
        try:
            getattr(client, botocore.xform_name(operation))(**params)
            outcomes.append("ok")
        except ClientError as e:
            outcomes.append(e.response["Error"]["Code"])
    assert not canned.answers, f"{case['name']}: answers left over"
    return canned.sent, outcomes


def main():
    isolate()
    cases = []
    for case in CASES:
        sent, outcomes = run(case)
        calls = [{"operation": op, "params": {k: (v.decode() if isinstance(v, bytes) else v)
                                              for k, v in params.items()}}
                 for op, params in case["calls"]]
        cases.append({"name": case["name"], "region": case["region"], "calls": calls,
                      "answers": case["answers"], "sent": sent, "outcomes": outcomes})
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "s3", "botocore-redirects.json")
    with open(out, "w") as f:
        json.dump({"botocore": botocore.__version__, "cases": cases}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
