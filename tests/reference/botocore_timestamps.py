#!/usr/bin/env python3
"""Print how botocore 1.44.5 writes timestamps given as epoch floats, for the cases in
runtime/src/time.rs's `float_seconds_round_to_the_microsecond_as_botocore_does` test.

botocore turns a number into a datetime with `datetime.fromtimestamp(value, tzutc())`, which
rounds to the microsecond (ties to even), and writes ISO 8601 with six fractional digits only
when the microsecond is not zero.

    /tmp/venv-botocore/bin/python tests/reference/botocore_timestamps.py
"""

import json

import botocore
from botocore.serialize import Serializer

assert botocore.__version__ == "1.44.5", botocore.__version__

CASES = [
    1440938160.123,
    1440938160.122999,
    1440938160.9999995,
    1440938160.0000005,
    1440938160.0000014,
    1440938160.1234565,
    5e-07,
    1.5e-06,
    -1.5,
    -5e-07,
    1700000000.5,
]

serializer = Serializer()
print(json.dumps(
    [[case, serializer._convert_timestamp_to_str(case, "iso8601")] for case in CASES],
    indent=1,
))
