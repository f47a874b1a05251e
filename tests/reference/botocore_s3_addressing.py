#!/usr/bin/env python3
"""Record where botocore sends S3 requests for each `s3` configuration.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_s3_addressing.py

It writes tests/fixtures/s3/botocore-addressing.json: a list of cases, each a region, an
optional endpoint override, the client's `s3` configuration, an operation (`GetObject` of
`a/b.txt` or `GetBucketLocation`), the bucket (`amzn-s3-demo-bucket` unless the case names
an access point ARN) and the URL botocore put the request on; and `delete_objects`, the body and CRC-32 header of a `DeleteObjects` whose
keys hold line breaks (`escape_xml_payload`). Nothing goes over the network: each request
is stopped before it is sent.
"""

import json
import os

import botocore
import botocore.session
from botocore.config import Config

assert botocore.__version__ == "1.44.5", botocore.__version__

BUCKET = "amzn-s3-demo-bucket"
LOCAL = "http://localhost:4566"
ACCESS_POINT = "arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint"

CASES = [
    ("us-west-2", None, {}, "GetObject"),
    ("us-west-2", None, {"addressing_style": "path"}, "GetObject"),
    ("us-west-2", None, {"addressing_style": "virtual"}, "GetObject"),
    ("us-east-1", None, {}, "GetObject"),
    ("us-east-1", None, {"us_east_1_regional_endpoint": "regional"}, "GetObject"),
    ("us-east-1", None, {"addressing_style": "path"}, "GetObject"),
    ("us-west-2", LOCAL, {}, "GetObject"),
    ("us-west-2", LOCAL, {"addressing_style": "path"}, "GetObject"),
    ("us-west-2", LOCAL, {"addressing_style": "virtual"}, "GetObject"),
    ("us-west-2", None, {"use_accelerate_endpoint": True}, "GetObject"),
    ("us-west-2", None, {"use_accelerate_endpoint": True, "addressing_style": "path"}, "GetObject"),
    ("eu-west-1", None, {}, "GetBucketLocation"),
    ("us-east-1", None, {}, "GetBucketLocation"),
    ("us-west-2", LOCAL, {"addressing_style": "virtual"}, "GetBucketLocation"),
    # An ARN bucket is never path-style, whatever the settings say
    # (customize_endpoint_resolver_builtins).
    ("us-west-2", None, {}, "GetObject", ACCESS_POINT),
    ("us-west-2", None, {"addressing_style": "path"}, "GetObject", ACCESS_POINT),
    ("us-east-1", None, {"addressing_style": "path"}, "GetObject", ACCESS_POINT),
]


class Stop(Exception):
    pass


def url_of(region, endpoint, s3, operation, bucket):
    session = botocore.session.get_session()
    client = session.create_client(
        "s3",
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(s3=s3),
    )
    seen = {}

    def before_send(request, **_):
        seen["url"] = request.url
        raise Stop()

    client.meta.events.register("before-send", before_send)
    try:
        if operation == "GetObject":
            client.get_object(Bucket=bucket, Key="a/b.txt")
        else:
            client.get_bucket_location(Bucket=bucket)
    except Stop:
        pass
    return seen["url"]


DELETED_KEYS = ["a\r\nb", "c\nd"]


def deleted_with_line_breaks():
    session = botocore.session.get_session()
    client = session.create_client(
        "s3",
        region_name="us-west-2",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    )
    seen = {}

    def before_send(request, **_):
        seen["body"] = request.body.decode()
        seen["crc32"] = request.headers["x-amz-checksum-crc32"].decode()
        raise Stop()

    client.meta.events.register("before-send", before_send)
    try:
        client.delete_objects(
            Bucket=BUCKET, Delete={"Objects": [{"Key": key} for key in DELETED_KEYS]}
        )
    except Stop:
        pass
    return {"keys": DELETED_KEYS, **seen}


def main():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    cases = []
    for region, endpoint, s3, operation, *bucket in CASES:
        bucket = bucket[0] if bucket else BUCKET
        case = {"region": region, "endpoint_url": endpoint, "s3": s3, "operation": operation}
        if bucket != BUCKET:
            case["bucket"] = bucket
        cases.append({**case, "url": url_of(region, endpoint, s3, operation, bucket)})
    delete_objects = deleted_with_line_breaks()
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "s3", "botocore-addressing.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(
            {"botocore": botocore.__version__, "cases": cases, "delete_objects": delete_objects},
            f,
            indent=2,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
