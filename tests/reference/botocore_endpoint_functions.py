#!/usr/bin/env python3
"""Record what botocore's endpoint-rules standard library returns, function by function.

Run from anywhere, with a Python that has exactly botocore 1.44.5 (the release model/ comes
from; the script refuses any other version):

    python3 -m venv /tmp/venv-botocore
    /tmp/venv-botocore/bin/pip install botocore==1.44.5
    /tmp/venv-botocore/bin/python tests/reference/botocore_endpoint_functions.py

It rewrites tests/fixtures/endpoint/functions.json: for each function (`parseURL`,
`isValidHostLabel`, `substring`, `uriEncode`, `aws.parseArn`, `aws.partition`,
`aws.isVirtualHostableS3Bucket`), the arguments below and what botocore's
`RuleSetStandardLibrary` returns for them (`null` for `None`). The runtime's unit tests
(runtime/src/endpoint/library.rs, partition.rs) compare with it.

The inputs are chosen to reach every branch of botocore's functions. Inputs on which botocore
raises (a bracketed host that is not an IPv6 address, for instance) are left out: an
exception is not an answer to compare with.
"""

import json
import sys
from pathlib import Path

BOTOCORE_VERSION = "1.44.5"
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "endpoint" / "functions.json"

PARSE_URL = [
    "https://example.com",
    "https://example.com/",
    "http://example.com:8443/a/./b/../c//d/",
    "https://example.com/a/b/../../..",
    "https://EXAMPLE.com/Path%20x/~y",
    "HTTPS://example.com/x;params",
    "https://example.com/a;b/c;d",
    "https://user:pw@host.example.com:99/p",
    "https://example.com/?",
    "https://example.com/path?query=1",
    "https://example.com#fragment/x",
    "https://example.com:/x",
    "ftp://example.com",
    "example.com",
    "https://example.com:abc/",
    "https://example.com:70000/",
    "http://192.168.0.1:8080/x",
    "http://999.1.1.1",
    "http://1.2.3",
    "https://[::1]/",
    "https://[fe80::1%25en0]:443/p",
    "https://[2001:db8::1.2.3.4]/",
    "https://[1:2:3:4:5:6:7:8]",
    "https://[::ffff:192.0.2.1]",
    "https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
]

HOST_LABELS = [
    ("us-east-1", False),
    ("a", False),
    ("3aws4", False),
    ("-leading", False),
    ("trailing-", False),
    ("under_score", False),
    ("part1.part2", False),
    ("part1.part2", True),
    ("part1..part2", True),
    ("part1.-part2", True),
    ("", False),
    ("a" * 63, False),
    ("a" * 64, False),
    ("space here", False),
]

SUBSTRINGS = [
    ("abcdefg", 0, 4, False),
    ("abcdefg", 0, 4, True),
    ("abcdefg", 1, 3, True),
    ("abcd", 0, 4, False),
    ("abc", 0, 4, False),
    ("abcdefg", 4, 4, False),
    ("abcdefg", 5, 2, False),
    ("", 0, 1, False),
    ("abcdé", 0, 2, False),
    ("\u007fabcdef", 0, 4, False),
]

URI_ENCODE = [
    "abcdefg",
    "abc:defg",
    "/:,?#[]{}|@! $&'()*+;=%<>\"^`\\",
    "0123456789.underscore_dash-Tilda~",
    "\U0001f639",
    "é",
    "",
]

ARNS = [
    "arn:aws:s3:::myBucket/key",
    "arn:aws:kinesis:us-east-1:1234567890:stream/mystream:foo",
    "arn:aws:s3:us-east-2:012345678:outpost:op-1234",
    "arn:aws:s3:us-east-2:012345678:outpost::",
    "arn:aws:iam::123456789012:user/David",
    "arn:aws:s3:us-west-2:123456789012:",
    "arn:aws::us-west-2:123456789012:resource-id",
    "arn::s3:us-west-2:123456789012:resource-id",
    "arn:aws:s3:us-west-2",
    "arn:aws:s3:us-west-2:123456789012:a:b:c",
    "notarn:aws:s3:::bucket",
    "asdf",
]

REGIONS = [
    "us-east-1",
    "eu-central-2",
    "il-central-1",
    "mx-central-1",
    "us-gov-west-1",
    "us-gov-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "us-isof-south-1",
    "eu-isoe-west-1",
    "eusc-de-east-1",
    "aws-global",
    "aws-cn-global",
    "aws-us-gov-global",
    "aws-iso-global",
    "us-east",
    "mars-east-1",
    "us-west_2-1",
    "",
]

BUCKETS = [
    ("bucket-name", False),
    ("bucket.name", False),
    ("bucket.name", True),
    ("BucketName", False),
    ("bucket_name", False),
    ("ab", False),
    ("abc", False),
    ("a" * 63, False),
    ("a" * 64, False),
    ("192.168.5.4", True),
    ("192.168.5", True),
    ("bucket-.name", True),
    (".bucket", True),
]


def main():
    import botocore
    from botocore.endpoint_provider import RuleSetStandardLibrary
    from botocore.loaders import Loader

    if botocore.__version__ != BOTOCORE_VERSION:
        sys.exit(f"botocore {BOTOCORE_VERSION} is required, found {botocore.__version__}")
    library = RuleSetStandardLibrary(Loader().load_data("partitions"))

    def record(function, argument_lists):
        return [
            {"args": list(args), "result": function(*args)} for args in argument_lists
        ]

    fixture = {
        "botocore": BOTOCORE_VERSION,
        "parseURL": record(library.parse_url, [(url,) for url in PARSE_URL]),
        "isValidHostLabel": record(library.is_valid_host_label, HOST_LABELS),
        "substring": record(library.substring, SUBSTRINGS),
        "uriEncode": record(library.uri_encode, [(value,) for value in URI_ENCODE]),
        "aws.parseArn": record(library.aws_parse_arn, [(arn,) for arn in ARNS]),
        # Each call returns the partition table's own `outputs` dict; copy it so the
        # records do not alias.
        "aws.partition": record(
            lambda region: dict(library.aws_partition(region)),
            [(region,) for region in REGIONS],
        ),
        "aws.isVirtualHostableS3Bucket": record(
            library.aws_is_virtual_hostable_s3_bucket, BUCKETS
        ),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
