#!/usr/bin/env python3
"""Record how botocore, the reference implementation, retries in its "standard" mode.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_retries.py

It writes tests/fixtures/retries/botocore-retries.json: scenarios of Amplify ListApps calls made
by one client (so they share its retry quota), each call answered in turn by canned responses
or HTTP-layer exceptions. For every call it records the `amz-sdk-request` header of each
attempt, whether the attempts shared one `amz-sdk-invocation-id`, the back-off delays botocore
slept, and how the call ended.

The jitter is fixed (botocore's ExponentialBackoff draws `random.random()`; here it returns
`RANDOM`) and sleeping is recorded instead of done, so a run takes no time and two runs give
identical bytes. Nothing goes over the network.
"""

import json
import os
import sys
import uuid
from pathlib import Path


def clear_environment():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


clear_environment()

import botocore  # noqa: E402

BOTOCORE_VERSION = "1.44.5"
if botocore.__version__ != BOTOCORE_VERSION:
    sys.exit(
        f"botocore {botocore.__version__} found at {botocore.__file__}, but these fixtures are "
        f"defined by botocore {BOTOCORE_VERSION}; run with a venv that has "
        f"`pip install botocore=={BOTOCORE_VERSION}`"
    )

import botocore.awsrequest  # noqa: E402
import botocore.endpoint  # noqa: E402
import botocore.exceptions  # noqa: E402
import botocore.retries.standard  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "retries" / "botocore-retries.json"
RANDOM = 0.5
URL = "https://amplify.us-east-1.amazonaws.com/apps"

# The jitter: ExponentialBackoff takes its random function as a default argument.
_defaults = list(botocore.retries.standard.ExponentialBackoff.__init__.__defaults__)
_defaults[1] = lambda: RANDOM
botocore.retries.standard.ExponentialBackoff.__init__.__defaults__ = tuple(_defaults)

_slept = []


class RecordedTime:
    """Stands in for the `time` module in botocore.endpoint, whose only use is sleeping
    between attempts."""

    @staticmethod
    def sleep(seconds):
        _slept.append(seconds)


botocore.endpoint.time = RecordedTime
# The wait of a long-polling operation whose retry the quota refused is the retry handler's
# own `sleep`, bound to `time.sleep` when botocore was imported.
_handler_defaults = list(botocore.retries.standard.RetryHandler.__init__.__defaults__)
_handler_defaults[-1] = RecordedTime.sleep
botocore.retries.standard.RetryHandler.__init__.__defaults__ = tuple(_handler_defaults)


class Body:
    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


EXCEPTIONS = {
    "ConnectionClosedError": lambda: botocore.exceptions.ConnectionClosedError(endpoint_url=URL),
    "EndpointConnectionError": lambda: botocore.exceptions.EndpointConnectionError(endpoint_url=URL),
    "ConnectTimeoutError": lambda: botocore.exceptions.ConnectTimeoutError(endpoint_url=URL),
    "ReadTimeoutError": lambda: botocore.exceptions.ReadTimeoutError(endpoint_url=URL),
}


def ok():
    return {"status": 200, "headers": {}, "body": '{"apps": []}'}


def error(status, code=None, headers=None, body=None):
    all_headers = dict(headers or {})
    if code is not None:
        all_headers["x-amzn-ErrorType"] = code
    if body is None:
        body = '{"message": "canned"}' if code is not None else ""
    return {"status": status, "headers": all_headers, "body": body}


def fail(name):
    return {"exception": name}


def calls(count, *answers):
    return [list(answers) for _ in range(count)]


SCENARIOS = [
    {"name": "service_unavailable_then_success", "calls": [[error(503), error(503), ok()]]},
    {"name": "throttling_code_is_retried", "calls": [[error(400, "ThrottlingException"), ok()]]},
    {
        "name": "limit_exceeded_until_attempts_run_out",
        "calls": [[error(429, "LimitExceededException")] * 3],
    },
    {"name": "bad_request_is_not_retried", "calls": [[error(400, "BadRequestException")]]},
    {"name": "unauthorized_is_not_retried", "calls": [[error(401, "UnauthorizedException")]]},
    {"name": "not_found_is_not_retried", "calls": [[error(404, "NotFoundException")]]},
    {
        "name": "transient_statuses",
        "max_attempts": 5,
        "calls": [[error(500, "InternalFailureException"), error(502, body="<html>bad gateway</html>"),
                   error(503), error(504), ok()]],
    },
    {
        "name": "transient_and_throttling_codes",
        "max_attempts": 6,
        "calls": [[error(400, "RequestTimeout"), error(400, "RequestTimeoutException"),
                   error(400, "PriorRequestNotComplete"), error(400, "SlowDown"),
                   error(400, "TooManyRequestsException"), ok()]],
    },
    {
        "name": "unmodeled_code_with_status_429_is_throttling",
        "calls": [[error(429, "SomethingElse"), error(429), ok()]],
    },
    {"name": "max_attempts_two", "max_attempts": 2, "calls": [[error(500, "InternalFailureException")] * 2]},
    {"name": "max_attempts_one", "max_attempts": 1, "calls": [[error(503)]]},
    {"name": "connection_closed_is_retried", "calls": [[fail("ConnectionClosedError"), ok()]]},
    {"name": "connect_errors_are_retried", "calls": [[fail("EndpointConnectionError"), fail("ConnectTimeoutError"), ok()]]},
    {"name": "read_timeouts_until_attempts_run_out", "calls": [[fail("ReadTimeoutError")] * 3]},
    {
        "name": "retry_after_header",
        "max_attempts": 5,
        "calls": [[error(503, headers={"x-amz-retry-after": "1500"}),
                   error(503, headers={"x-amz-retry-after": "10"}),
                   error(400, "Throttling", headers={"x-amz-retry-after": "60000"}),
                   error(503, headers={"x-amz-retry-after": "soon"}),
                   ok()]],
    },
    {
        "name": "ttl_from_the_date_of_the_last_response",
        "max_attempts": 4,
        "calls": [[error(503, headers={"Date": "Fri, 02 Jan 2026 03:04:05 GMT"}),
                   fail("ConnectionClosedError"),
                   error(503, headers={"Date": "Fri, 02 Jan 2026 03:05:00 GMT"}),
                   ok()]],
    },
    {
        "name": "backoff_is_capped_at_20_seconds",
        "max_attempts": 8,
        "calls": [[error(400, "Throttling")] * 7 + [ok()]],
    },
    {
        # 500 capacity; a retry costs 14, or 5 after a throttling error; a call that succeeds
        # gives back what its last retry took, or 1 if it needed none.
        "name": "retry_quota",
        "calls": calls(17, error(500, "InternalFailureException"), error(500, "InternalFailureException"),
                       error(500, "InternalFailureException"))
        + [[ok()],
           [error(503), ok()],
           [error(400, "Throttling"), error(400, "Throttling"), ok()],
           [error(503), error(503), error(503)],
           [error(503)],
           [error(400, "Throttling"), error(400, "Throttling"), error(400, "Throttling")],
           [error(400, "Throttling"), error(400, "Throttling")],
           [fail("ConnectionClosedError")]],
    },
    {
        # SQS ReceiveMessage long-polls: once the quota refuses a retry, botocore still waits
        # out the back-off before it gives up. The quota is drained as in retry_quota.
        "name": "long_polling_waits_when_the_quota_is_empty",
        "service": "sqs",
        "calls": calls(17, error(500), error(500), error(500))
        + [[error(500), error(500), error(500)],
           [error(500)],
           [error(503), ok()],
           [ok()]],
    },
]

# The call each service's scenarios make.
CALLS = {
    "amplify": lambda client: client.list_apps(),
    "sqs": lambda client: client.receive_message(QueueUrl=SQS_QUEUE_URL),
}
SQS_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"


def run_scenario(session, scenario):
    retries = {"mode": "standard"}
    if "max_attempts" in scenario:
        retries["total_max_attempts"] = scenario["max_attempts"]
    service = scenario.get("service", "amplify")
    client = session.create_client(
        service,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(user_agent="awsgen-reference/1.0", retries=retries),
    )
    pending = []
    headers_seen = []

    def answer(request, **kwargs):
        headers_seen.append((
            text(request.headers["amz-sdk-request"]),
            text(request.headers["amz-sdk-invocation-id"]),
        ))
        if not pending:
            sys.exit(f"{scenario['name']}: botocore made more attempts than the scenario answers")
        canned = pending.pop(0)
        if "exception" in canned:
            raise EXCEPTIONS[canned["exception"]]()
        return botocore.awsrequest.AWSResponse(
            URL, canned["status"], canned["headers"], Body(canned["body"].encode("utf-8"))
        )

    client.meta.events.register(f"before-send.{service}", answer)
    results = []
    for answers in scenario["calls"]:
        pending[:] = answers
        headers_seen.clear()
        _slept.clear()
        try:
            CALLS[service](client)
            outcome = {"ok": True}
        except botocore.exceptions.ClientError as e:
            outcome = {
                "error_code": e.response["Error"]["Code"],
                "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
            }
        except botocore.exceptions.BotoCoreError as e:
            outcome = {"exception": type(e).__name__}
        ids = {invocation for _, invocation in headers_seen}
        (only,) = ids
        if uuid.UUID(only).version != 4:
            sys.exit(f"{scenario['name']}: invocation id {only} is not a version 4 UUID")
        results.append({
            # Only the answers botocore asked for: a call that stops early leaves the rest.
            "answers": answers[: len(headers_seen)],
            "amz_sdk_request": [request for request, _ in headers_seen],
            "sleeps": list(_slept),
            "outcome": outcome,
        })
    return {
        "name": scenario["name"],
        "service": service,
        "max_attempts": scenario.get("max_attempts"),
        "calls": results,
    }


def text(value):
    return value.decode("ascii") if isinstance(value, bytes) else value


def main():
    session = botocore.session.get_session()
    document = {
        "botocore_version": botocore.__version__,
        "generated_by": "tests/reference/botocore_retries.py",
        "random": RANDOM,
        "read_timeout": 60,
        "note": "Each scenario is one client; its calls share the retry quota. Every attempt of a "
                "call carried the same amz-sdk-invocation-id, a version 4 UUID. `sleeps` are in "
                "seconds; `exception` answers are botocore's HTTP-layer exceptions.",
        "scenarios": [run_scenario(session, scenario) for scenario in SCENARIOS],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
