#!/usr/bin/env python3
"""Record the requests botocore makes for S3 uploads whose body is a file.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_s3_uploads.py

It writes tests/fixtures/s3/botocore-uploads.json: for each case (a `PutObject` of a file
of PAYLOAD_LEN bytes, byte i being (31 * i + 7) % 251, over plain HTTP or HTTPS, with the
client's default checksums or `when_required`, with or without a `ContentMD5`), the
headers botocore sent but for the date and signature, the names it signed, and the length
and SHA-256 of the body as it goes on the wire. Nothing goes over the network: each
request is stopped before it is sent.
"""

import hashlib
import json
import os
import tempfile

import botocore
import botocore.session
from botocore.config import Config

assert botocore.__version__ == "1.44.5", botocore.__version__

BUCKET = "amzn-s3-demo-bucket"
KEY = "uploads/file.bin"
# Two whole aws-chunked chunks of 1 MiB and a part of one.
PAYLOAD_LEN = 2 * 1024 * 1024 + 12345
LOCAL = "http://127.0.0.1:9000"

CASES = [
    # name, endpoint, request_checksum_calculation, ContentMD5
    ("http-default", LOCAL, "when_supported", False),
    ("https-default", None, "when_supported", False),
    ("https-when-required", None, "when_required", False),
    ("https-content-md5", None, "when_required", True),
]

# Headers that change with the clock or the signature.
VOLATILE = {"authorization", "x-amz-date", "amz-sdk-invocation-id", "amz-sdk-request", "user-agent"}


class Stop(Exception):
    pass


def payload():
    return bytes((31 * i + 7) % 251 for i in range(PAYLOAD_LEN))


def recorded(path, endpoint, checksums, content_md5):
    session = botocore.session.get_session()
    client = session.create_client(
        "s3",
        region_name="us-west-2",
        endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(
            s3={"addressing_style": "path"} if endpoint else {},
            request_checksum_calculation=checksums,
        ),
    )
    seen = {}

    def before_send(request, **_):
        headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
        authorization = headers["authorization"]
        signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
        body = request.body
        data = body.read() if hasattr(body, "read") else (body or b"")
        seen.update(
            url=request.url,
            headers={k: v for k, v in sorted(headers.items()) if k not in VOLATILE},
            signed_headers=signed,
            body_len=len(data),
            body_sha256=hashlib.sha256(data).hexdigest(),
        )
        raise Stop()

    client.meta.events.register("before-send", before_send)
    params = {"Bucket": BUCKET, "Key": KEY}
    if content_md5:
        import base64

        params["ContentMD5"] = base64.b64encode(hashlib.md5(payload()).digest()).decode()
    with open(path, "rb") as body:
        try:
            client.put_object(Body=body, **params)
        except Stop:
            pass
    return seen


def main():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(payload())
        path = f.name
    try:
        cases = [
            {
                "name": name,
                "endpoint_url": endpoint,
                "request_checksum_calculation": checksums,
                "content_md5": content_md5,
                **recorded(path, endpoint, checksums, content_md5),
            }
            for name, endpoint, checksums, content_md5 in CASES
        ]
    finally:
        os.unlink(path)
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "s3", "botocore-uploads.json")
    with open(out, "w") as f:
        json.dump(
            {
                "botocore": botocore.__version__,
                "payload_len": PAYLOAD_LEN,
                "bucket": BUCKET,
                "key": KEY,
                "cases": cases,
            },
            f,
            indent=2,
        )
        f.write("\n")


if __name__ == "__main__":
    main()
