#!/usr/bin/env python3
"""Record what botocore makes of S3 parameters before it builds a request.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_s3_params.py

Three of botocore's `before-parameter-build` handlers for S3: `handle_copy_source_param`
percent-encodes the key in a `CopySource` string (all but `/` and a trailing
`?versionId=...`); `sse_md5` and `copy_source_sse_md5` send an SSE-C key base64-encoded with
its MD5 beside it; `validate_ascii_metadata` refuses user metadata that is not ASCII. It
writes tests/fixtures/s3/botocore-params.json: per case the operation, the parameters (a
customer key as hex, since botocore is given its raw bytes), and either the headers botocore
would send that these handlers decide, or the message it refuses the call with. Nothing goes
over the network: each request is stopped before it is sent.
"""

import json
import os

import botocore
from botocore.exceptions import ParamValidationError

from offline import isolate, response, s3_client

assert botocore.__version__ == "1.44.5", botocore.__version__

BUCKET = "amzn-s3-demo-bucket"
KEY = bytes(range(32))
OTHER_KEY = b"0123456789abcdef0123456789abcdef"
HEADERS = (
    "x-amz-copy-source",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-server-side-encryption-customer-key-MD5",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key-MD5",
)
SSE = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": KEY}
COPY_SSE = {"CopySourceSSECustomerAlgorithm": "AES256", "CopySourceSSECustomerKey": OTHER_KEY}
UPLOAD = {"Bucket": BUCKET, "Key": "to.txt", "UploadId": "u1", "PartNumber": 2}

CASES = [
    ("CopyObject", {"Bucket": BUCKET, "Key": "to.txt", "CopySource": "src/a b/café+1.txt"}),
    ("CopyObject", {"Bucket": BUCKET, "Key": "to.txt",
                    "CopySource": "src/dir/a&b.txt?versionId=3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"}),
    ("CopyObject", {"Bucket": BUCKET, "Key": "to.txt", "CopySource": "src/x?versionId=a b"}),
    ("UploadPartCopy", {**UPLOAD, "CopySource": "src/naïve key.bin"}),
    ("PutObject", {"Bucket": BUCKET, "Key": "secret.bin", "Body": b"x", **SSE}),
    ("GetObject", {"Bucket": BUCKET, "Key": "secret.bin", **SSE}),
    ("HeadObject", {"Bucket": BUCKET, "Key": "secret.bin", **SSE}),
    ("CreateMultipartUpload", {"Bucket": BUCKET, "Key": "secret.bin", **SSE}),
    ("UploadPart", {**UPLOAD, "Body": b"x", **SSE}),
    ("CompleteMultipartUpload", {"Bucket": BUCKET, "Key": "to.txt", "UploadId": "u1", **SSE}),
    ("CopyObject", {"Bucket": BUCKET, "Key": "to.txt", "CopySource": "src/secret.bin",
                    **SSE, **COPY_SSE}),
    ("UploadPartCopy", {**UPLOAD, "CopySource": "src/secret.bin", **COPY_SSE}),
    ("PutObject", {"Bucket": BUCKET, "Key": "m.txt", "Body": b"x",
                   "Metadata": {"owner": "ascii only"}}),
    ("PutObject", {"Bucket": BUCKET, "Key": "m.txt", "Body": b"x",
                   "Metadata": {"owner": "José"}}),
    ("CopyObject", {"Bucket": BUCKET, "Key": "to.txt", "CopySource": "src/a",
                    "Metadata": {"ключ": "v"}}),
    ("CreateMultipartUpload", {"Bucket": BUCKET, "Key": "m.txt", "Metadata": {"k": "naïve"}}),
]

ANSWERS = {
    "CopyObject": b"<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>",
    "UploadPartCopy": b"<CopyPartResult><ETag>\"e\"</ETag></CopyPartResult>",
    "CreateMultipartUpload": b"<InitiateMultipartUploadResult><UploadId>u1</UploadId>"
                             b"</InitiateMultipartUploadResult>",
    "CompleteMultipartUpload": b"<CompleteMultipartUploadResult><ETag>\"e\"</ETag>"
                               b"</CompleteMultipartUploadResult>",
}


class Stop:
    """Answers the request in place of S3 and keeps its headers."""

    def __init__(self, operation):
        self.body = ANSWERS.get(operation, b"")
        self.headers = None

    def __call__(self, request, **_):
        self.headers = {name: request.headers[name].decode() if isinstance(
            request.headers[name], bytes) else request.headers[name]
            for name in HEADERS if name in request.headers}
        return response(request.url, 200, {}, self.body)


def run(operation, params):
    client = s3_client()
    stop = Stop(operation)
    client.meta.events.register("before-send", stop)
    try:
        getattr(client, botocore.xform_name(operation))(**params)
    except ParamValidationError as error:
        return {"refused": error.kwargs["report"]}
    return {"headers": stop.headers}


def recorded(params):
    """The parameters as JSON: keys as hex, bodies as text."""
    out = {}
    for name, value in params.items():
        if name.endswith("CustomerKey"):
            out[name] = {"hex": value.hex()}
        elif isinstance(value, bytes):
            out[name] = value.decode()
        else:
            out[name] = value
    return out


def main():
    isolate()
    cases = []
    for operation, params in CASES:
        cases.append({"operation": operation, "params": recorded(params),
                      **run(operation, dict(params))})
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "s3", "botocore-params.json")
    with open(out, "w") as f:
        json.dump({"botocore": botocore.__version__, "cases": cases}, f, indent=2,
                  ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
