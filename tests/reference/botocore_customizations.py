#!/usr/bin/env python3
"""Record how botocore, the reference implementation, applies three of its customizations
that live outside the service models (see docs/CUSTOMIZATIONS.md):

  * the recursion-detection header (`X-Amzn-Trace-Id` from the Lambda environment),
  * DynamoDB's `x-amz-crc32` response check and DynamoDB's own retry defaults in the
    standard retry mode, and STS's extra retryable error code,
  * operations that are sent without a signature.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    python3 -m venv /tmp/venv-botocore
    /tmp/venv-botocore/bin/pip install botocore==1.44.5
    /tmp/venv-botocore/bin/python tests/reference/botocore_customizations.py

It writes tests/fixtures/customizations/botocore-customizations.json, which the runtime's
tests (runtime/tests/customizations.rs) compare against. Nothing goes over the network: a
`before-send` handler records each request as botocore would send it and answers with a
canned response. Credentials, clock, jitter and User-Agent are fixed and sleeping is recorded
instead of done, so two runs give identical bytes.
"""

import binascii
import datetime
import json
import os
import sys
from pathlib import Path

BOTOCORE_VERSION = "1.44.5"
FROZEN_NOW = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
RANDOM = 0.5
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "customizations" / "botocore-customizations.json"


def hermetic_environment():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")) or name == "_X_AMZN_TRACE_ID":
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


hermetic_environment()

import botocore  # noqa: E402

if botocore.__version__ != BOTOCORE_VERSION:
    sys.exit(
        f"botocore {botocore.__version__} found at {botocore.__file__}, but these fixtures are "
        f"defined by botocore {BOTOCORE_VERSION}; run with a venv that has "
        f"`pip install botocore=={BOTOCORE_VERSION}`"
    )

import botocore.auth  # noqa: E402
import botocore.awsrequest  # noqa: E402
import botocore.endpoint  # noqa: E402
import botocore.retries.special  # noqa: E402
import botocore.retries.standard  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

# X-Amz-Date and the credential scope come from this module-level helper.
botocore.auth.get_current_datetime = (
    lambda remove_tzinfo=True: FROZEN_NOW.replace(tzinfo=None) if remove_tzinfo else FROZEN_NOW
)

# The jitter: ExponentialBackoff takes its random function as a default argument.
_defaults = list(botocore.retries.standard.ExponentialBackoff.__init__.__defaults__)
_defaults[1] = lambda: RANDOM
botocore.retries.standard.ExponentialBackoff.__init__.__defaults__ = tuple(_defaults)

_slept = []


class RecordedTime:
    """Stands in for the `time` module in botocore.endpoint, which only sleeps with it."""

    @staticmethod
    def sleep(seconds):
        _slept.append(seconds)


botocore.endpoint.time = RecordedTime


class Body:
    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def make_client(session, service, region="us-east-1", token=None, max_attempts=None):
    retries = {"mode": "standard"}
    if max_attempts is not None:
        retries["total_max_attempts"] = max_attempts
    return session.create_client(
        service,
        region_name=region,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        aws_session_token=token,
        config=Config(user_agent="awsgen-reference/1.0", retries=retries),
    )


def signed_headers(request):
    authorization = text(request.headers.get("Authorization", ""))
    marker = "SignedHeaders="
    if marker not in authorization:
        return None
    return authorization.split(marker, 1)[1].split(",", 1)[0].split(";")


# --- Recursion detection ---------------------------------------------------------------

FUNCTION = {"AWS_LAMBDA_FUNCTION_NAME": "my-function"}
TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
TRACE_CASES = [
    {"name": "lambda_environment", "env": {**FUNCTION, "_X_AMZN_TRACE_ID": TRACE}},
    {"name": "kept_punctuation", "env": {**FUNCTION, "_X_AMZN_TRACE_ID": "-=;:+&[]{}\"',_.~"}},
    {
        "name": "encoded_punctuation",
        "env": {**FUNCTION, "_X_AMZN_TRACE_ID": "a b/c%d?e#f\\g|h<i>j!k*l(m)n@o$p^q`r"},
    },
    {"name": "control_characters", "env": {**FUNCTION, "_X_AMZN_TRACE_ID": "a\tb\nc\rd\x7f"}},
    {"name": "non_ascii", "env": {**FUNCTION, "_X_AMZN_TRACE_ID": "Root=\u00e9\u4e2d\U0001f600"}},
    {"name": "empty_function_name_counts", "env": {"AWS_LAMBDA_FUNCTION_NAME": "", "_X_AMZN_TRACE_ID": TRACE}},
    {"name": "empty_trace_id_does_not", "env": {**FUNCTION, "_X_AMZN_TRACE_ID": ""}},
    {"name": "trace_id_alone", "env": {"_X_AMZN_TRACE_ID": TRACE}},
    {"name": "function_name_alone", "env": dict(FUNCTION)},
    {"name": "nothing_set", "env": {}},
    {
        "name": "request_already_has_one",
        "env": {**FUNCTION, "_X_AMZN_TRACE_ID": TRACE},
        "preset": "Root=1-00000000-000000000000000000000000",
    },
]


def recursion_detection(session):
    client = make_client(session, "dynamodb")
    seen = {}

    def preset(params, **kwargs):
        if seen.get("preset") is not None:
            params["headers"]["X-Amzn-Trace-Id"] = seen["preset"]

    def answer(request, **kwargs):
        seen["trace"] = text(request.headers.get("X-Amzn-Trace-Id"))
        seen["signed_headers"] = signed_headers(request)
        return botocore.awsrequest.AWSResponse(
            request.url, 200, {}, Body(b'{"TableNames": []}')
        )

    # Registered first so that it runs before botocore's own before-call handler, as a
    # header a serializer or the caller set would be there before it.
    client.meta.events.register_first("before-call.dynamodb", preset)
    client.meta.events.register("before-send.dynamodb", answer)
    cases = []
    for case in TRACE_CASES:
        for name in ("AWS_LAMBDA_FUNCTION_NAME", "_X_AMZN_TRACE_ID"):
            os.environ.pop(name, None)
        os.environ.update(case["env"])
        seen.clear()
        seen["preset"] = case.get("preset")
        client.list_tables()
        cases.append({
            "name": case["name"],
            "env": case["env"],
            "preset": case.get("preset"),
            "header": seen["trace"],
            "signed_headers": seen["signed_headers"],
        })
    for name in ("AWS_LAMBDA_FUNCTION_NAME", "_X_AMZN_TRACE_ID"):
        os.environ.pop(name, None)
    return cases


# --- CRC-32 ----------------------------------------------------------------------------


def pattern(length):
    """Bytes the Rust test makes the same way: (i * 7 + 3) mod 251."""
    return bytes((i * 7 + 3) % 251 for i in range(length))


CRC_VECTORS = {
    "empty": b"",
    "check": b"123456789",
    "a": b"a",
    "fox": b"The quick brown fox jumps over the lazy dog",
    "all_bytes": bytes(range(256)),
    "zeros": bytes(32),
    "ones": b"\xff" * 32,
    "list_tables": b'{"TableNames":[]}',
    "pattern_100000": pattern(100000),
}


def crc_vectors():
    out = []
    for name, data in CRC_VECTORS.items():
        value = binascii.crc32(data) & 0xFFFFFFFF
        out.append({
            "name": name,
            "crc32": value,
            # The form of an x-amz-checksum-crc32 header: base64 of the big-endian value.
            "base64": binascii.b2a_base64(value.to_bytes(4, "big"), newline=False).decode(),
        })
    return out


GOOD = str(binascii.crc32(b'{"TableNames":[]}') & 0xFFFFFFFF)
HEADER_CASES = [
    GOOD, "+" + GOOD, "000" + GOOD, " " + GOOD + "\t\n", GOOD[:2] + "_" + GOOD[2:],
    "0", "-" + GOOD, str(int(GOOD) + 2**32), "99999999999999999999999", "12__3", "_1", "1_",
    "0x1F", "", "  ", "abc", "1.0", "+-1", "--1",
]


def crc_header_decisions(session):
    """What botocore's standard-mode checker decides for a DynamoDB response whose body is
    `{"TableNames":[]}` and whose x-amz-crc32 header is each of HEADER_CASES: retry, no
    retry, or an exception that fails the call."""
    client = make_client(session, "dynamodb")
    operation = client.meta.service_model.operation_model("ListTables")
    checker = botocore.retries.special.RetryDDBChecksumError()
    out = []
    for header in HEADER_CASES:
        response = botocore.awsrequest.AWSResponse(
            "https://dynamodb.us-east-1.amazonaws.com/", 200, {"x-amz-crc32": header},
            Body(b'{"TableNames":[]}'),
        )
        context = botocore.retries.standard.RetryContext(
            attempt_number=1, operation_model=operation, http_response=response,
        )
        try:
            decision = "retry" if checker.is_retryable(context) else "accept"
        except ValueError:
            decision = "ValueError"
        out.append({"header": header, "decision": decision})
    return out


# --- Retry scenarios -------------------------------------------------------------------


def ok(body='{"TableNames":[]}', crc="good"):
    headers = {}
    if crc == "good":
        headers["x-amz-crc32"] = str(binascii.crc32(body.encode()) & 0xFFFFFFFF)
    elif crc == "bad":
        headers["x-amz-crc32"] = str((binascii.crc32(body.encode()) + 1) & 0xFFFFFFFF)
    elif crc is not None:
        headers["x-amz-crc32"] = crc
    return {"status": 200, "headers": headers, "body": body}


def json_error(status, code, crc=None):
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "canned"})
    response = ok(body, crc)
    response["status"] = status
    return response


def sts_error(code):
    body = (
        "<ErrorResponse><Error><Type>Sender</Type>"
        f"<Code>{code}</Code><Message>canned</Message></Error>"
        "<RequestId>r</RequestId></ErrorResponse>"
    )
    return {"status": 400, "headers": {}, "body": body}


STS_OK = (
    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>"
    "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
)

RETRY_SCENARIOS = [
    {"name": "bad_crc_then_good", "answers": [ok(crc="bad"), ok()]},
    {"name": "bad_crc_until_attempts_run_out", "answers": [ok(crc="bad")] * 4},
    {"name": "no_crc_header_is_not_checked", "answers": [ok(crc=None)]},
    {"name": "unreadable_crc_header_fails_the_call", "answers": [ok(crc="abc")]},
    {
        "name": "error_with_bad_crc_is_retried",
        "answers": [json_error(400, "ValidationException", crc="bad"), ok()],
    },
    {
        "name": "error_with_bad_crc_until_attempts_run_out",
        "answers": [json_error(400, "ValidationException", crc="bad")] * 4,
    },
    {
        "name": "error_with_good_crc_is_not_retried",
        "answers": [json_error(400, "ValidationException", crc="good")],
    },
    {
        "name": "server_errors_back_off_from_25_ms",
        "answers": [json_error(500, "InternalServerError")] * 3 + [ok()],
    },
    {
        "name": "throttling_backs_off_from_1_s",
        "answers": [json_error(400, "ProvisionedThroughputExceededException")] * 2 + [ok()],
    },
    {
        "name": "four_attempts_by_default",
        "answers": [json_error(500, "InternalServerError")] * 4,
    },
    {
        "name": "explicit_max_attempts_wins",
        "max_attempts": 2,
        "answers": [json_error(500, "InternalServerError")] * 2,
    },
    {
        "name": "sts_idp_communication_error_is_retried",
        "service": "sts",
        "answers": [sts_error("IDPCommunicationError"), {"status": 200, "headers": {}, "body": STS_OK}],
    },
    {
        "name": "sts_other_client_errors_are_not",
        "service": "sts",
        "answers": [sts_error("InvalidIdentityToken")],
    },
]


def run_retry_scenario(session, scenario):
    service = scenario.get("service", "dynamodb")
    client = make_client(session, service, max_attempts=scenario.get("max_attempts"))
    pending = list(scenario["answers"])
    attempts = []

    def answer(request, **kwargs):
        attempts.append(text(request.headers["amz-sdk-request"]))
        canned = pending.pop(0)
        return botocore.awsrequest.AWSResponse(
            request.url, canned["status"], canned["headers"], Body(canned["body"].encode())
        )

    client.meta.events.register(f"before-send.{service}", answer)
    _slept.clear()
    try:
        if service == "sts":
            client.assume_role_with_web_identity(
                RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="session",
                WebIdentityToken="token",
            )
        else:
            client.list_tables()
        outcome = {"ok": True}
    except ClientError as e:
        outcome = {
            "error_code": e.response["Error"]["Code"],
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    except Exception as e:  # noqa: BLE001 - which exception botocore raises is the point
        outcome = {"exception": type(e).__name__}
    return {
        "name": scenario["name"],
        "service": service,
        "max_attempts": scenario.get("max_attempts"),
        "answers": scenario["answers"][: len(attempts)],
        "amz_sdk_request": attempts,
        "sleeps": list(_slept),
        "outcome": outcome,
    }


# --- Unsigned operations ---------------------------------------------------------------

UNSIGNED_CALLS = [
    ("cognito-identity", "GetId", {"IdentityPoolId": "us-east-1:p"}),
    ("cognito-identity", "GetOpenIdToken", {"IdentityId": "us-east-1:i"}),
    ("cognito-identity", "UnlinkIdentity", {"IdentityId": "us-east-1:i", "Logins": {}, "LoginsToRemove": []}),
    ("cognito-identity", "GetCredentialsForIdentity", {"IdentityId": "us-east-1:i"}),
    ("cognito-identity", "ListIdentityPools", {"MaxResults": 1}),
    ("sts", "AssumeRoleWithWebIdentity", {"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "session", "WebIdentityToken": "token"}),
    ("sts", "AssumeRoleWithSAML", {"RoleArn": "arn:aws:iam::123456789012:role/r", "PrincipalArn": "arn:aws:iam::123456789012:saml-provider/p", "SAMLAssertion": "a" * 4}),
    ("sts", "GetCallerIdentity", {}),
    ("cognito-idp", "InitiateAuth", {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "c"}),
    ("cognito-idp", "ListUserPools", {"MaxResults": 1}),
    ("sso-oidc", "CreateToken", {"clientId": "c", "clientSecret": "s", "grantType": "g"}),
]


def unsigned_operations(session):
    out = []
    for service, operation, params in UNSIGNED_CALLS:
        client = make_client(session, service, token="SESSION-TOKEN")
        model = client.meta.service_model.operation_model(operation)
        seen = {}

        def answer(request, **kwargs):
            seen["headers"] = sorted(text(name).lower() for name in request.headers.keys())
            return botocore.awsrequest.AWSResponse(request.url, 500, {}, Body(b""))

        client.meta.events.register(f"before-send.{client.meta.service_model.service_id.hyphenize()}", answer)
        client.meta.config.retries["total_max_attempts"] = 1
        try:
            client._make_api_call(operation, params)
        except ClientError:
            pass  # the canned 500: only the request matters
        out.append({
            "service": service,
            "operation": operation,
            "model_authtype": model.auth_type,
            "model_auth": model.auth,
            "headers": seen["headers"],
            "signed": "authorization" in seen["headers"],
        })
    return out


# --- Legacy mode, for the record -------------------------------------------------------


def legacy_dynamodb_config(session):
    """The retry settings the legacy mode (no longer the default) would give DynamoDB."""
    loader = session.get_component("data_loader")
    original = loader.load_data("_retry")
    from botocore.translate import build_retry_config

    config = build_retry_config("dynamodb", original["retry"], original["definitions"])
    default = config["__default__"]
    return {
        "max_attempts": default["max_attempts"],
        "delay": default["delay"],
        "policies": sorted(default["policies"]),
        "default_mode_in_this_release": session.create_client(
            "dynamodb", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
        ).meta.config.retries["mode"],
    }


def main():
    session = botocore.session.get_session()
    document = {
        "botocore_version": botocore.__version__,
        "generated_by": "tests/reference/botocore_customizations.py",
        "random": RANDOM,
        "note": "recursion_detection: the X-Amzn-Trace-Id header of a DynamoDB ListTables "
                "request (null when absent) and the request's SignedHeaders. crc32: "
                "binascii.crc32 of each vector. crc_headers: what RetryDDBChecksumError decides "
                "for a body of {\"TableNames\":[]} and each x-amz-crc32 value. retries: one "
                "client per scenario in standard mode, jitter fixed at `random`, `sleeps` in "
                "seconds. unsigned: the header names each request carried, made with a session "
                "token.",
        "recursion_detection": recursion_detection(session),
        "crc32": crc_vectors(),
        "crc_headers": crc_header_decisions(session),
        "retries": [run_retry_scenario(session, s) for s in RETRY_SCENARIOS],
        "unsigned": unsigned_operations(session),
        "legacy_dynamodb": legacy_dynamodb_config(session),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
