#!/usr/bin/env python3
"""Record what botocore, the reference implementation, puts on the wire for AWS Amplify.

Run from anywhere, with a Python that has exactly botocore 1.44.5 (the release the models in
model/ come from; the script refuses any other version):

    python3 -m venv /tmp/venv-botocore
    /tmp/venv-botocore/bin/pip install botocore==1.44.5
    /tmp/venv-botocore/bin/python tests/reference/botocore_wire.py

It reads tests/fixtures/wire/amplify-inputs.json and rewrites, in tests/fixtures/wire/:

  amplify-botocore.json             every input case as botocore signs and sends it
  amplify-validation-botocore.json  botocore's client-side rejection of invalid inputs
  amplify-errors-botocore.json      canned error responses and how botocore parses them

Nothing goes over the network: a `before-send` handler captures the final request and answers
with a canned response. Credentials, region, clock, invocation id and User-Agent are fixed, and
AWS_* environment variables and ~/.aws files are ignored, so two runs give identical bytes.
"""

import copy
import datetime
import hashlib
import json
import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

BOTOCORE_VERSION = "1.44.5"
REGION = "us-east-1"
EXPECTED_ENDPOINT = "https://amplify.us-east-1.amazonaws.com"
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
FROZEN_NOW = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
# The default User-Agent names the Python version, OS and CPU of whoever runs this script,
# which would make the fixtures differ between machines.
USER_AGENT = "awsgen-reference/1.0"

ROOT = Path(__file__).resolve().parents[2]
WIRE = ROOT / "tests" / "fixtures" / "wire"
MODEL = ROOT / "model" / "amplify" / "2017-07-25" / "service-2.json"


def hermetic_environment():
    # Profiles, endpoint overrides, custom models (AWS_DATA_PATH) and retry settings can all come
    # from the environment or ~/.aws; none of them may leak into the recorded requests.
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
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
import botocore.parsers  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError, ParamValidationError  # noqa: E402
from botocore import xform_name  # noqa: E402


def frozen_datetime(remove_tzinfo=True):
    return FROZEN_NOW.replace(tzinfo=None) if remove_tzinfo else FROZEN_NOW


# SigV4Auth.add_auth reads the clock through this module-level name (botocore.compat's helper,
# imported into botocore.auth), so patching it freezes X-Amz-Date and the credential scope.
botocore.auth.get_current_datetime = frozen_datetime

# The canonical request and string to sign never leave botocore except in debug logs; wrapping
# the methods records them so a mismatching signature can be traced to its first differing line.
_signing_trace = {}
_original_canonical_request = botocore.auth.SigV4Auth.canonical_request
_original_string_to_sign = botocore.auth.SigV4Auth.string_to_sign


def _traced_canonical_request(self, request):
    result = _original_canonical_request(self, request)
    _signing_trace["canonical_request"] = result
    return result


def _traced_string_to_sign(self, request, canonical_request):
    result = _original_string_to_sign(self, request, canonical_request)
    _signing_trace["string_to_sign"] = result
    return result


botocore.auth.SigV4Auth.canonical_request = _traced_canonical_request
botocore.auth.SigV4Auth.string_to_sign = _traced_string_to_sign


class CannedBody:
    """The part of a urllib3 response that botocore.awsrequest.AWSResponse reads."""

    def __init__(self, body):
        self._body = body

    def stream(self, **kwargs):
        yield self._body

    def read(self, amt=None):
        # What a streaming payload (botocore's StreamingBody) reads from.
        chunk, self._body = (self._body, b"") if amt is None else (self._body[:amt], self._body[amt:])
        return chunk


def invocation_id(name):
    # botocore draws a random uuid4 per call; derive a stable one from the case name instead.
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def make_client(session, token=None):
    return session.create_client(
        "amplify",
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=token,
        config=Config(
            user_agent=USER_AGENT,
            retries={"mode": "standard", "total_max_attempts": 1},
        ),
    )


class Harness:
    """A client whose sends are intercepted: each call records the request it would have sent
    and gets `self.response` back instead."""

    def __init__(self, session, token=None):
        self.client = make_client(session, token)
        self.sent = []
        self.case_name = None
        self.response = (200, [("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")], b"{}")
        events = self.client.meta.events
        events.register("before-call.amplify", self._before_call)
        events.register("before-send.amplify", self._before_send)

    def _before_call(self, context, **kwargs):
        # The endpoint only draws an invocation id if the retries context lacks one.
        context.setdefault("retries", {})["invocation-id"] = invocation_id(self.case_name)

    def _before_send(self, request, **kwargs):
        self.sent.append((request, dict(_signing_trace)))
        status, headers, body = self.response
        return botocore.awsrequest.AWSResponse(request.url, status, headers, CannedBody(body))

    def call(self, case_name, operation, params):
        self.case_name = case_name
        self.sent.clear()
        _signing_trace.clear()
        return getattr(self.client, xform_name(operation))(**params)


def text(value):
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def record_request(request, trace):
    url = urlsplit(request.url)
    headers = [(name, text(value)) for name, value in request.headers.items()]
    body = text(request.body)
    authorization = dict(headers).get("Authorization")
    signed = None
    signature = None
    if authorization:
        fields = dict(
            part.strip().split("=", 1) for part in authorization[len("AWS4-HMAC-SHA256 ") :].split(",")
        )
        signed = fields["SignedHeaders"].split(";")
        signature = fields["Signature"]
    body_json = None
    content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "")
    if body and "json" in content_type:
        body_json = json.loads(body)
    return {
        "method": request.method,
        "url": request.url,
        "path": url.path,
        "query": url.query,
        "headers": dict(headers),
        "header_order": [name for name, _ in headers],
        "body": body,
        "body_json": body_json,
        "authorization": authorization,
        "x_amz_date": dict(headers).get("X-Amz-Date"),
        "signed_headers": signed,
        "signature": signature,
        "canonical_request": trace.get("canonical_request"),
        "string_to_sign": trace.get("string_to_sign"),
    }


def input_members(shape, prefix, out):
    """Every member path reachable from `shape` (`Op.member`, `Op.member[].inner`, ...)."""
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            path = f"{prefix}.{name}"
            out.add(path)
            input_members(member, path, out)
    elif shape.type_name == "list":
        input_members(shape.member, prefix + "[]", out)
    elif shape.type_name == "map":
        input_members(shape.value, prefix + "{}", out)


def check_inputs(service_model, cases):
    """The fixture is only as good as its coverage, so gaps are an error rather than a surprise
    in a later diff."""
    problems = []
    expected = set()
    for op_name in service_model.operation_names:
        shape = service_model.operation_model(op_name).input_shape
        if shape is not None:
            input_members(shape, op_name, expected)
    unknown_ops = sorted({c["operation"] for c in cases} - set(service_model.operation_names))
    if unknown_ops:
        sys.exit("amplify-inputs.json: unknown operations: " + ", ".join(unknown_ops))
    used = set()
    for case in cases:
        op = service_model.operation_model(case["operation"])
        used_members(op.input_shape, case["params"], case["operation"], used)
    for op_name in service_model.operation_names:
        op = service_model.operation_model(op_name)
        required = set(op.input_shape.required_members) if op.input_shape else set()
        mine = [c for c in cases if c["operation"] == op_name]
        if not mine:
            problems.append(f"{op_name}: no case")
        elif not any(c["name"] == f"{op_name}_minimal" and set(c["params"]) == required for c in mine):
            problems.append(f"{op_name}: no `{op_name}_minimal` case with exactly {sorted(required)}")
    missing = sorted(expected - used)
    if missing:
        problems.append("members never set: " + ", ".join(missing))
    names = [c["name"] for c in cases]
    if len(names) != len(set(names)):
        problems.append("duplicate case names")
    if problems:
        sys.exit("amplify-inputs.json:\n  " + "\n  ".join(problems))


def used_members(shape, value, prefix, out):
    if shape is None or value is None:
        return
    if shape.type_name == "structure":
        for name, inner in value.items():
            if name not in shape.members:
                sys.exit(f"amplify-inputs.json: {prefix}.{name} is not in the model")
            path = f"{prefix}.{name}"
            out.add(path)
            used_members(shape.members[name], inner, path, out)
    elif shape.type_name == "list":
        for inner in value:
            used_members(shape.member, inner, prefix + "[]", out)
    elif shape.type_name == "map":
        for inner in value.values():
            used_members(shape.value, inner, prefix + "{}", out)


def wire_cases(session, cases):
    plain = Harness(session)
    with_token = {}
    results = []
    for case in cases:
        token = case.get("session_token")
        if token is None:
            harness = plain
        else:
            harness = with_token.setdefault(token, Harness(session, token))
        harness.call(case["name"], case["operation"], copy.deepcopy(case["params"]))
        if len(harness.sent) != 1:
            sys.exit(f"{case['name']}: expected one request, botocore sent {len(harness.sent)}")
        request, trace = harness.sent[0]
        if not request.url.startswith(EXPECTED_ENDPOINT + "/"):
            sys.exit(f"{case['name']}: endpoint resolved to {request.url}, expected {EXPECTED_ENDPOINT}")
        entry = {
            "name": case["name"],
            "operation": case["operation"],
            "params": case["params"],
            "request": record_request(request, trace),
        }
        if token is not None:
            entry["session_token"] = token
        results.append(entry)
    return results


VALIDATION_CASES = [
    ("CreateDeployment_empty_appId", "CreateDeployment", {"appId": "", "branchName": "main"}),
    ("CreateDeployment_empty_branchName", "CreateDeployment", {"appId": "d2l8fg9example", "branchName": ""}),
    ("CreateDeployment_empty_appId_and_branchName", "CreateDeployment", {"appId": "", "branchName": ""}),
    ("CreateDeployment_missing_appId", "CreateDeployment", {"branchName": "main"}),
    # Beyond the four above: the other report kinds, and how several are joined.
    ("CreateDeployment_missing_appId_and_branchName", "CreateDeployment", {}),
    ("CreateDeployment_appId_wrong_type", "CreateDeployment", {"appId": 123, "branchName": "main"}),
    ("CreateDeployment_unknown_parameter", "CreateDeployment", {"appId": "d2l8fg9example", "branchName": "main", "fileMapp": {}}),
    ("CreateDeployment_fileMap_value_wrong_type", "CreateDeployment", {"appId": "d2l8fg9example", "branchName": "main", "fileMap": {"index.html": 5}}),
    ("ListApps_maxResults_below_min", "ListApps", {"maxResults": -1}),
    # webhookId has no `min` in the model, so an empty label is not caught by validation.
    ("GetWebhook_empty_webhookId", "GetWebhook", {"webhookId": ""}),
    # botocore leaves max, pattern and enum to the service and sends these; awsgen's strict
    # validation refuses them (tests/tests/validation.rs).
    ("ListApps_maxResults_above_max", "ListApps", {"maxResults": 101}),
    ("CreateDeployment_branchName_too_long", "CreateDeployment", {"appId": "d2l8fg9example", "branchName": "b" * 256}),
    ("CreateDeployment_appId_not_matching_pattern", "CreateDeployment", {"appId": "APP-1", "branchName": "main"}),
    ("CreateDeployment_fileMap_md5_too_long", "CreateDeployment", {"appId": "d2l8fg9example", "branchName": "main", "fileMap": {"index.html": "0" * 33}}),
    ("CreateApp_platform_not_a_model_value", "CreateApp", {"name": "site", "platform": "PLAN9"}),
    ("TagResource_reserved_tag_key", "TagResource", {"resourceArn": "arn:aws:amplify:us-east-1:123456789012:apps/d2l8fg9example", "tags": {"aws:owner": "me"}}),
]


def validation_cases(session):
    harness = Harness(session)
    results = []
    for name, operation, params in VALIDATION_CASES:
        entry = {"name": name, "operation": operation, "params": params}
        try:
            harness.call(name, operation, copy.deepcopy(params))
        except ParamValidationError as e:
            entry["outcome"] = "ParamValidationError"
            entry["message"] = str(e)
            entry["report"] = e.kwargs["report"]
        except Exception as e:  # noqa: BLE001 - other client-side refusals are data here too
            entry["outcome"] = type(e).__name__
            entry["message"] = str(e)
        else:
            entry["outcome"] = "sent"
        entry["request_sent"] = bool(harness.sent)
        if harness.sent:
            request, _ = harness.sent[0]
            entry["sent_path"] = urlsplit(request.url).path
        results.append(entry)
    return results


REQUEST_ID = "7f8c6a1e-4b2d-4c3a-9e5f-0a1b2c3d4e5f"
JSON = ("Content-Type", "application/json")
RID = ("x-amzn-RequestId", REQUEST_ID)

ERROR_CASES = [
    ("BadRequestException_400", 400,
     [JSON, RID, ("x-amzn-ErrorType", "BadRequestException")],
     b'{"message": "Branch name must not be empty."}'),
    ("UnauthorizedException_401", 401,
     [JSON, RID, ("x-amzn-ErrorType", "UnauthorizedException")],
     b'{"message": "The security token included in the request is invalid."}'),
    ("InternalFailureException_500", 500,
     [JSON, RID, ("x-amzn-ErrorType", "InternalFailureException")],
     b'{"message": "An internal error occurred."}'),
    ("LimitExceededException_429", 429,
     [JSON, RID, ("x-amzn-ErrorType", "LimitExceededException")],
     b'{"message": "Rate exceeded"}'),
    ("code_only_in_errortype_header_with_url_suffix", 400,
     [JSON, RID, ("x-amzn-ErrorType", "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.amplify/")],
     b'{"message": "Invalid fileMap."}'),
    ("code_in_body_type_with_namespace", 429,
     [JSON, RID],
     b'{"__type": "com.amazonaws.amplify#LimitExceededException", "message": "Too many deployments."}'),
    ("code_in_body_code", 400,
     [JSON, RID],
     b'{"code": "BadRequestException", "message": "appId is malformed."}'),
    ("message_capitalised", 401,
     [JSON, RID, ("x-amzn-ErrorType", "UnauthorizedException")],
     b'{"Message": "Request signature expired."}'),
    ("unknown_code", 400,
     [JSON, RID, ("x-amzn-ErrorType", "SomethingNewException")],
     b'{"message": "A kind of error this client has never heard of."}'),
    ("empty_body_503", 503, [RID], b""),
    ("request_id_in_x_amzn_requestid", 400,
     [JSON, ("x-amzn-requestid", "0e4f2a3b-lowercase-header-name"), ("x-amzn-errortype", "BadRequestException")],
     b'{"message": "lower-case header names"}'),
    # Beyond the list in the brief: precedence and fallbacks worth pinning down.
    ("service_exception_not_listed_for_operation", 404,
     [JSON, RID, ("x-amzn-ErrorType", "NotFoundException")],
     b'{"message": "App d2l8fg9example not found."}'),
    ("header_and_body_type_disagree", 400,
     [JSON, RID, ("x-amzn-ErrorType", "BadRequestException")],
     b'{"__type": "com.amazonaws.amplify#LimitExceededException", "message": "which one wins?"}'),
    ("body_code_and_type_disagree", 400,
     [JSON, RID],
     b'{"__type": "LimitExceededException", "code": "BadRequestException", "message": "which one wins?"}'),
    ("both_message_keys", 400,
     [JSON, RID, ("x-amzn-ErrorType", "BadRequestException")],
     b'{"message": "lower", "Message": "upper"}'),
    ("no_code_anywhere", 400, [JSON, RID], b'{"message": "no code given"}'),
    ("no_request_id", 400,
     [JSON, ("x-amzn-ErrorType", "BadRequestException")],
     b'{"message": "no request id header"}'),
    ("request_id_only_in_x_amz_request_id", 400,
     [JSON, ("x-amz-request-id", "AMZREQUESTID0001"), ("x-amzn-ErrorType", "BadRequestException")],
     b'{"message": "S3-style request id header"}'),
    ("html_body_502", 502, [("Content-Type", "text/html"), RID],
     b"<html><body><b>Http/1.1 Bad Gateway</b></body></html>"),
    ("non_json_body_400", 400, [("Content-Type", "text/plain"), RID], b"Bad Request: something"),
]


def jsonable(value):
    """ResponseMetadata holds HTTPHeaders objects and similar; keep only plain JSON data."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def error_cases(session):
    harness = Harness(session)
    operation_model = harness.client.meta.service_model.operation_model("CreateDeployment")
    parser = botocore.parsers.create_parser("rest-json")
    params = {"appId": "d2l8fg9example", "branchName": "main"}
    results = []
    for name, status, headers, body in ERROR_CASES:
        response = {
            "status_code": status,
            "headers": botocore.awsrequest.HeadersDict(headers),
            "body": body,
        }
        parsed = parser.parse(copy.deepcopy(response), operation_model.output_shape)
        harness.response = (status, headers, body)
        client = {}
        try:
            harness.call(f"error-{name}", "CreateDeployment", copy.deepcopy(params))
        except ClientError as e:
            client = {
                "exception": type(e).__name__,
                "is_modeled": type(e) is not ClientError,
                "str": str(e),
                "response": jsonable(e.response),
            }
        else:
            sys.exit(f"error case {name}: botocore did not raise")
        results.append({
            "name": name,
            "operation": "CreateDeployment",
            "response": {
                "status": status,
                "headers": [list(h) for h in headers],
                "body": body.decode("utf-8"),
            },
            "parser": jsonable(parsed),
            "client": client,
        })
    return results


def write(path, document):
    # ensure_ascii=False keeps labels like `été` readable; bodies botocore escaped stay escaped
    # because they are recorded as the text it sent.
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main():
    inputs = json.loads((WIRE / "amplify-inputs.json").read_text(encoding="utf-8"))
    cases = inputs["cases"]
    session = botocore.session.get_session()

    # The client uses the model bundled with botocore; the fixtures are only meaningful for our
    # generator if that is the same model we generate from.
    bundled = session.get_service_data("amplify")
    ours = json.loads(MODEL.read_text(encoding="utf-8"))
    if bundled != ours:
        sys.exit(f"botocore's bundled amplify model differs from {MODEL.relative_to(ROOT)}")
    service_model = make_client(session).meta.service_model
    check_inputs(service_model, cases)

    common = {
        "botocore_version": botocore.__version__,
        "region": REGION,
        "endpoint": EXPECTED_ENDPOINT,
        "frozen_time": FROZEN_NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "user_agent": USER_AGENT,
        "generated_by": "tests/reference/botocore_wire.py",
    }
    write(WIRE / "amplify-botocore.json", {
        **common,
        "note": "Requests as botocore hands them to urllib3. The Host header is not among the "
                "headers: urllib3 adds it from the URL when sending, but SigV4 signs it (see "
                "signed_headers and canonical_request). amz-sdk-invocation-id is derived from the "
                "case name instead of being random.",
        "cases": wire_cases(session, cases),
    })
    write(WIRE / "amplify-validation-botocore.json", {
        **common,
        "cases": validation_cases(session),
    })
    write(WIRE / "amplify-errors-botocore.json", {
        **common,
        "note": "`parser` is botocore.parsers.RestJSONParser.parse(response, CreateDeployment's "
                "output shape); `client` is what a client call raises for the same response "
                "(ClientError or the service's modeled subclass; e.response adds the modeled "
                "error's fields). Retries are off, so 429/5xx are not retried.",
        "cases": error_cases(session),
    })


if __name__ == "__main__":
    main()
