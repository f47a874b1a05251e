"""`percall.py RESPONSE N`: time per CreateDeployment call with botocore's HTTP layer
replaced by a `before-send` hook that answers with the canned response (build, serialize,
sign, parse; no network). Prints `calls=N seconds=S`."""

import sys
import time

from botocore.awsrequest import AWSResponse

import common


class CannedBody:
    """The `raw` of an AWSResponse: botocore reads the body through `stream()`."""

    def __init__(self, data):
        self.data = data

    def stream(self, **_kwargs):
        yield self.data


def main():
    response_path, calls = sys.argv[1], int(sys.argv[2])
    with open(response_path, "rb") as f:
        body = f.read()
    headers = {
        "content-type": "application/json",
        "x-amzn-requestid": "0b4c7c4e-9f0e-4d1c-8a86-5ad1c1f1d001",
    }

    def answer(request, **_kwargs):
        return AWSResponse(request.url, 200, headers, CannedBody(body))

    client = common.client()
    client.meta.events.register("before-send.amplify", answer)
    for _ in range(100):
        common.create_deployment(client)
    start = time.perf_counter()
    for _ in range(calls):
        common.create_deployment(client)
    print(f"calls={calls} seconds={time.perf_counter() - start}")


main()
