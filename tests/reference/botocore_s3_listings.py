#!/usr/bin/env python3
"""Record how botocore asks S3 for listings and decodes the keys it gets back.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_s3_listings.py

Object keys can hold characters XML 1.0 cannot carry, so botocore sends `encoding-type=url`
on ListObjects, ListObjectsV2 and ListObjectVersions when the caller chose no encoding, and
URL-decodes (`unquote_plus`) the keys, prefixes, delimiters and markers of the answer, but
only when the answer says `EncodingType` `url` and the client was the one who asked. It
writes tests/fixtures/s3/botocore-listings.json: per case the operation, the parameters, the
canned response body, the URL botocore sent and the members it parsed that hold keys.
Nothing goes over the network.
"""

import json
import os

import botocore

from offline import isolate, response, s3_client

assert botocore.__version__ == "1.44.5", botocore.__version__

BUCKET = "amzn-s3-demo-bucket"
NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'


def v2(encoding):
    tag = f"<EncodingType>{encoding}</EncodingType>" if encoding else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult {NS}><Name>{BUCKET}</Name><Prefix>photos%2F2024+</Prefix>
<StartAfter>photos%2F2024+a</StartAfter><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
<Delimiter>%2F</Delimiter>{tag}<IsTruncated>false</IsTruncated>
<Contents><Key>photos%2F2024+caf%C3%A9%0A.jpg</Key><Size>3</Size></Contents>
<Contents><Key>photos%2F2024+100%25.png</Key><Size>4</Size></Contents>
<CommonPrefixes><Prefix>photos%2F2024+%E2%9C%93%2F</Prefix></CommonPrefixes>
</ListBucketResult>"""


V1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult {NS}><Name>{BUCKET}</Name><Prefix>a%2F</Prefix><Marker>a%2Fm+1</Marker>
<NextMarker>a%2Fz+9</NextMarker><MaxKeys>2</MaxKeys><Delimiter>%2F</Delimiter>
<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
<Contents><Key>a%2Fn+%26+o</Key><Size>1</Size></Contents>
<CommonPrefixes><Prefix>a%2Fsub%20dir%2F</Prefix></CommonPrefixes>
</ListBucketResult>"""

VERSIONS = f"""<?xml version="1.0" encoding="UTF-8"?>
<ListVersionsResult {NS}><Name>{BUCKET}</Name><Prefix>v%2F</Prefix>
<KeyMarker>v%2Fa+b</KeyMarker><VersionIdMarker>null</VersionIdMarker>
<NextKeyMarker>v%2Fc+d</NextKeyMarker><NextVersionIdMarker>3</NextVersionIdMarker>
<MaxKeys>2</MaxKeys><Delimiter>%2F</Delimiter><EncodingType>url</EncodingType>
<IsTruncated>true</IsTruncated>
<Version><Key>v%2Fx%20y</Key><VersionId>1</VersionId><IsLatest>true</IsLatest></Version>
<DeleteMarker><Key>v%2Fgone%21</Key><VersionId>2</VersionId><IsLatest>true</IsLatest></DeleteMarker>
<CommonPrefixes><Prefix>v%2Fdeep%2F</Prefix></CommonPrefixes>
</ListVersionsResult>"""

CASES = [
    ("ListObjectsV2", {"Bucket": BUCKET, "Prefix": "photos/2024 "}, v2("url")),
    # The caller asked for url encoding: botocore leaves the keys as S3 sent them.
    ("ListObjectsV2", {"Bucket": BUCKET, "EncodingType": "url"}, v2("url")),
    # S3 did not say it encoded them: nothing is decoded either.
    ("ListObjectsV2", {"Bucket": BUCKET}, v2(None)),
    ("ListObjects", {"Bucket": BUCKET, "Delimiter": "/", "Marker": "a/m 1"}, V1),
    ("ListObjectVersions", {"Bucket": BUCKET, "KeyMarker": "v/a b"}, VERSIONS),
]

# The members of each answer that hold keys, as the test compares them.
TOP = ["Prefix", "Delimiter", "StartAfter", "Marker", "NextMarker", "KeyMarker", "NextKeyMarker"]
NESTED = [("Contents", "Key"), ("CommonPrefixes", "Prefix"), ("Versions", "Key"),
          ("DeleteMarkers", "Key")]


class Canned:
    def __init__(self, body):
        self.body = body.encode()
        self.url = None

    def __call__(self, request, **_):
        self.url = request.url
        return response(request.url, 200, {}, self.body)


def run(operation, params, body):
    client = s3_client()
    canned = Canned(body)
    client.meta.events.register("before-send", canned)
    parsed = getattr(client, botocore.xform_name(operation))(**params)
    keys = {name: parsed[name] for name in TOP if name in parsed}
    for top, child in NESTED:
        if top in parsed:
            keys[top] = [member[child] for member in parsed[top]]
    keys["EncodingType"] = parsed.get("EncodingType")
    return canned.url, keys


def main():
    isolate()
    cases = []
    for operation, params, body in CASES:
        url, parsed = run(operation, params, body)
        cases.append({"operation": operation, "params": params, "response": body,
                      "url": url, "parsed": parsed})
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "s3", "botocore-listings.json")
    with open(out, "w") as f:
        json.dump({"botocore": botocore.__version__, "cases": cases}, f, indent=2,
                  ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
