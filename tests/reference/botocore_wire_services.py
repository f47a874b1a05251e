#!/usr/bin/env python3
"""Record botocore's requests and response parses for any service, from random valid inputs.

Works for any botocore awsJson, rest-json, awsQuery, ec2Query or restXml service model in
model/<service>/<version>/service-2.json; where tests/fixtures/wire/<service>-operations.txt
exists, only the operations it lists (EC2's sample). For every operation it makes three seeded inputs
(required members only, all members, a random half of the optional members), sends each
through botocore 1.44.5 with the hermetic setup of botocore_wire.py (fixed credentials, clock,
User-Agent, invocation id; a before-send hook, so nothing goes over the network), and records
the signed request. For responses it makes a random canned output — a JSON body (with an
unknown extra member and a null) and, for rest-json, the members bound to headers, the status
code and the payload — one error response per modeled error (alternating `__type` with and
without a namespace, and `message`/`Message`) and one unmodeled error, and records botocore's
parse. For the query protocols the canned responses are XML, as the services write them:
an awsQuery output inside `<Op>Response/<Op>Result` beside its `ResponseMetadata`, an
ec2Query output directly in `<Op>Response` with its `requestId`, errors in
`<ErrorResponse><Error>` and `<Response><Errors><Error>`; map keys are generated in sorted
order, the order awsgen writes query maps in.

    python3 -m venv /tmp/venv-botocore
    /tmp/venv-botocore/bin/pip install botocore==1.44.5
    /tmp/venv-botocore/bin/python tests/reference/botocore_wire_services.py dynamodb sqs ...

Writes tests/fixtures/wire/<service>-botocore.json. Values in `parsed`: timestamps as epoch
seconds, blobs as UTF-8 text (the form awsgen_conformance::values compares), and
ResponseMetadata dropped.
"""

import base64
import copy
import datetime
import hashlib
import json
import random
import sys
import uuid
from urllib.parse import quote
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import botocore_wire as bw  # noqa: E402  (hermetic env, version pin, frozen clock, tracing)

import botocore.awsrequest  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402
import botocore.parsers  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from botocore import xform_name  # noqa: E402

SEED = 20260102

# botocore fills an idempotency token left out with str(uuid.uuid4())
# (botocore.handlers.generate_idempotent_uuid); draw those from a per-case seed so two runs
# agree. The Rust side has to treat such a member as "any UUID" where params lack it.
_uuid_rng = random.Random(0)


def _seeded_uuid4():
    return uuid.UUID(int=_uuid_rng.getrandbits(128), version=4)


uuid.uuid4 = _seeded_uuid4
MAX_LIST = 2
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def model_path(service):
    versions = sorted((bw.ROOT / "model" / service).iterdir())
    return versions[-1] / "service-2.json"


class Maker:
    """Random values valid for botocore's client-side validation (required, type, min length,
    min value, unions with one member); max lengths and values and enums are respected too,
    patterns are not (botocore does not check them)."""

    def __init__(self, rng, for_output=False, service="svc", rest=False, sorted_maps=False):
        self.service = service
        self.rng = rng
        self.for_output = for_output
        # REST protocols bind members to the URL and headers; RPC ones ignore the bindings.
        self.rest = rest
        # The query protocols number map entries: botocore in the dict's order, awsgen in
        # the keys' order; generating the keys sorted makes the two agree.
        self.sorted_maps = sorted_maps

    def value(self, shape, depth, mode, name=""):
        t = shape.type_name
        if t == "string" and name.lower().endswith("arn") and not shape.enum:
            # Endpoint rules parse ARN context parameters (Kinesis' StreamARN): make one valid.
            kind = name[: -len("arn")].lower()
            n = self.rng.randint(0, 9999)
            resource = {"consumer": f"stream/s{n}/consumer/c{n}:1", "resource": f"stream/s{n}", "": f"stream/s{n}"}.get(kind, f"{kind}/x{n}")
            return f"arn:aws:{self.service}:us-east-1:123456789012:{resource}"
        m = shape.metadata
        if t == "string" and self.for_output and shape.name == "policyDocumentType":
            # IAM returns policy documents as percent-encoded JSON, which botocore decodes
            # (json_decode_policies).
            sid = "".join(self.rng.choice(ALPHABET) for _ in range(6))
            policy = {"Version": "2012-10-17",
                      "Statement": [{"Sid": sid, "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}
            return quote(json.dumps(policy))
        if t == "structure":
            return self.structure(shape, depth, mode)
        if t == "list":
            n = self.size(m, depth)
            return [self.value(shape.member, depth + 1, mode) for _ in range(n)]
        if t == "map":
            n = self.size(m, depth)
            out = {}
            for _ in range(n * 3):
                if len(out) >= n:
                    break
                out[self.value(shape.key, depth + 1, "all")] = self.value(shape.value, depth + 1, mode)
            return dict(sorted(out.items())) if self.sorted_maps else out
        if t == "string":
            if shape.enum:
                return self.rng.choice(shape.enum)
            lo = max(m.get("min", 1), 1)
            hi = min(m.get("max", lo + 6), lo + 6)
            return "".join(self.rng.choice(ALPHABET) for _ in range(self.rng.randint(lo, max(lo, hi))))
        if t in ("integer", "long"):
            lo = int(m.get("min", 0))
            hi = int(m.get("max", lo + 1000))
            return self.rng.randint(lo, max(lo, hi))
        if t in ("double", "float"):
            lo = float(m.get("min", 0))
            hi = float(m.get("max", lo + 100))
            return round(self.rng.uniform(lo, hi) * 4) / 4 if hi > lo else lo
        if t == "boolean":
            return self.rng.choice([True, False])
        if t == "blob":
            lo = max(m.get("min", 1), 1)
            text = "".join(self.rng.choice(ALPHABET) for _ in range(lo + self.rng.randint(0, 8)))
            return base64.b64encode(text.encode()).decode() if self.for_output else text.encode()
        if t == "timestamp":
            secs = self.rng.randint(1_500_000_000, 1_800_000_000)
            if self.rng.random() < 0.5:
                secs += self.rng.randint(1, 999) / 1000
            return secs
        raise ValueError(f"shape type {t}")

    def size(self, m, depth):
        lo = m.get("min", 1 if depth < 4 else 0)
        hi = min(m.get("max", MAX_LIST), MAX_LIST if depth < 4 else max(lo, 1))
        return self.rng.randint(lo, max(lo, hi))

    def structure(self, shape, depth, mode):
        members = list(shape.members)
        if shape.is_tagged_union:
            name = self.rng.choice(members)
            return {name: self.value(shape.members[name], depth + 1, mode, name)}
        required = set(shape.required_members)
        out = {}
        for name in members:
            member = shape.members[name]
            bound = member.serialization.get("location")
            if member.metadata.get("eventstream") or (bound and not self.rest):
                if not (self.for_output or name in required):
                    continue
            if self.for_output and bound:
                # Output bindings are made by `canned_output`.
                continue
            if self.for_output and shape.serialization.get("payload") == name and self.rest:
                continue
            take = name in required or mode == "all" or (mode == "half" and self.rng.random() < 0.5)
            if depth > 5 and name not in required:
                take = False
            if take:
                out[name] = self.value(member, depth + 1, mode, name)
        return out


def make_client(session, service):
    return session.create_client(
        service, region_name=bw.REGION,
        aws_access_key_id=bw.ACCESS_KEY, aws_secret_access_key=bw.SECRET_KEY,
        config=Config(user_agent=bw.USER_AGENT, retries={"mode": "standard", "total_max_attempts": 1}),
    )


def result_form(value):
    """botocore's parse in the form awsgen_conformance::values writes."""
    if isinstance(value, dict):
        return {k: result_form(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, (list, tuple)):
        return [result_form(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8")
    if hasattr(value, "read"):
        # A streaming payload (botocore's StreamingBody), read whole.
        return value.read().decode("utf-8")
    return value


def header_text(shape, value):
    """A value of `shape` as a header carries it, the way a service writes it."""
    t = shape.type_name
    if shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()
    if t == "timestamp":
        when = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
        return when.strftime("%a, %d %b %Y %H:%M:%S GMT")
    if t == "boolean":
        return "true" if value else "false"
    if t == "blob":
        return value
    if t == "list":
        return ",".join(header_text(shape.member, v) for v in value)
    return str(value)


def canned_output(rng, op, service, xml=False):
    """A rest-json (or, with `xml`, restXml) success response for `op`: status, headers and
    body bytes."""
    shape = op.output_shape
    status, headers, body = 200, [], None
    maker = Maker(rng, for_output=True, service=service, rest=True, sorted_maps=xml)
    payload = shape.serialization.get("payload") if shape else None
    if shape:
        if payload:
            member = shape.members[payload]
            value = maker.value(member, 0, "all", payload)
            if member.type_name == "structure" and xml:
                out = []
                xml_element(member, value, member.serialization.get("name", payload), out)
                body = "".join(out).encode()
            elif member.type_name == "structure":
                body = json.dumps(value).encode()
            elif member.type_name == "blob":
                body = base64.b64decode(value)
            else:
                body = value.encode()
    if body is None and xml:
        fields = maker.structure(shape, 0, "all") if shape else {}
        members = xml_members(shape, fields) + "<AwsgenUnknownMember><nested>1</nested></AwsgenUnknownMember>"
        body = f"<{op.name}Response>{members}</{op.name}Response>".encode()
    if body is None:
        fields = maker.structure(shape, 0, "all") if shape else {}
        fields["AwsgenUnknownMember"] = {"nested": [1, 2]}
        unbound = [n for n, m in shape.members.items() if not m.serialization.get("location")] if shape else []
        if unbound:
            fields[rng.choice(unbound)] = None
        body = json.dumps(fields).encode()
    for name, member in (shape.members.items() if shape else ()):
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "header" and wire.lower() == "content-length":
            # botocore checks a streaming payload's length against it.
            headers.append((wire, str(len(body))))
        elif location == "header":
            headers.append((wire, header_text(member, maker.value(member, 1, "all", name))))
        elif location == "headers":
            for key, value in maker.value(member, 1, "all", name).items():
                headers.append((f"{wire}{key}", value))
        elif location == "statusCode":
            status = rng.choice([200, 201, 202])
    return status, headers, body


def xml_text(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_scalar(shape, value):
    t = shape.type_name
    if t == "boolean":
        return "true" if value else "false"
    if t == "timestamp":
        when = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
        return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
    if t in ("float", "double"):
        return repr(float(value))
    return xml_text(value)


def xml_element(shape, value, name, out):
    """`<name>value</name>` for a value of `shape`, as a query service writes it."""
    t = shape.type_name
    if t == "structure":
        out.append(f"<{name}>")
        for member_name, member in shape.members.items():
            if member_name in value:
                xml_member(member, member_name, value[member_name], out)
        out.append(f"</{name}>")
    elif t in ("list", "map"):
        out.append(f"<{name}>")
        xml_collection(shape, value, out)
        out.append(f"</{name}>")
    else:
        out.append(f"<{name}>{xml_scalar(shape, value)}</{name}>")


def xml_collection(shape, value, out, flattened_as=None):
    """A list's elements or a map's entries; flattened ones each under `flattened_as`."""
    if shape.type_name == "list":
        element = shape.member.serialization.get("name", "member")
        for item in value:
            xml_element(shape.member, item, flattened_as or element, out)
        return
    key = shape.key.serialization.get("name", "key")
    val = shape.value.serialization.get("name", "value")
    for k, v in value.items():
        out.append(f"<{flattened_as or 'entry'}>")
        xml_element(shape.key, k, key, out)
        xml_element(shape.value, v, val, out)
        out.append(f"</{flattened_as or 'entry'}>")


def xml_member(member, member_name, value, out):
    name = member.serialization.get("name", member_name)
    if member.serialization.get("flattened") and member.type_name in ("list", "map"):
        if member.type_name == "list":
            name = member.member.serialization.get("name", name)
        xml_collection(member, value, out, flattened_as=name)
    else:
        xml_element(member, value, name, out)


def xml_members(shape, value):
    out = []
    for member_name, member in (shape.members.items() if shape else ()):
        if member_name in value:
            xml_member(member, member_name, value[member_name], out)
    return "".join(out)


def query_output(rng, op, model):
    """A query success response body for `op`, with an unknown element beside the members."""
    maker = Maker(rng, for_output=True, sorted_maps=True)
    shape = op.output_shape
    fields = maker.structure(shape, 0, "all") if shape else {}
    if (model.endpoint_prefix, op.name) == ("ec2", "GetConsoleOutput"):
        # The console output travels base64-encoded; botocore decodes it
        # (decode_console_output), so give it something to decode.
        fields["Output"] = base64.b64encode("boot: héllo\n".encode()).decode()
    if (model.endpoint_prefix, op.name) == ("cloudformation", "GetTemplate"):
        # botocore parses a JSON template body (json_decode_template_body).
        fields["TemplateBody"] = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})
    members = xml_members(shape, fields)
    members += "<AwsgenUnknownMember><nested>1</nested></AwsgenUnknownMember>"
    ns = f"https://{model.endpoint_prefix}.amazonaws.com/doc/{model.api_version}/"
    if model.protocol == "ec2":
        return (f'<{op.name}Response xmlns="{ns}"><requestId>{bw.REQUEST_ID}</requestId>'
                f"{members}</{op.name}Response>").encode()
    wrapper = shape.serialization.get("resultWrapper") if shape else None
    result = f"<{wrapper}>{members}</{wrapper}>" if wrapper else ""
    return (f'<{op.name}Response xmlns="{ns}">{result}<ResponseMetadata><RequestId>'
            f"{bw.REQUEST_ID}</RequestId></ResponseMetadata></{op.name}Response>").encode()


def query_error(model, code, message, members):
    """An XML error response body: awsQuery's and restXml's `ErrorResponse`, ec2Query's
    `Response`."""
    detail = f"<Code>{xml_text(code)}</Code><Message>{xml_text(message)}</Message>{members}"
    if model.protocol == "ec2":
        return (f"<Response><Errors><Error>{detail}</Error></Errors>"
                f"<RequestID>{bw.REQUEST_ID}</RequestID></Response>").encode()
    ns = f"https://{model.endpoint_prefix}.amazonaws.com/doc/{model.api_version}/"
    if model.protocol == "rest-xml":
        ns = f"https://{model.endpoint_prefix}.amazonaws.com/doc/{model.api_version}/"
    return (f'<ErrorResponse xmlns="{ns}"><Error><Type>Sender</Type>{detail}</Error>'
            f"<RequestId>{bw.REQUEST_ID}</RequestId></ErrorResponse>").encode()


def request_json(params):
    """Parameters as JSON: blobs as text, timestamps as epoch numbers."""
    if isinstance(params, dict):
        return {k: request_json(v) for k, v in params.items()}
    if isinstance(params, list):
        return [request_json(v) for v in params]
    if isinstance(params, bytes):
        return params.decode("utf-8")
    return params


class Harness:
    def __init__(self, session, service):
        self.client = make_client(session, service)
        self.sent = []
        self.case_name = None
        self.response = (200, [("x-amzn-RequestId", bw.REQUEST_ID)], b"{}")
        sid = self.client.meta.service_model.service_id.hyphenize()
        self.client.meta.events.register(f"before-call.{sid}", self._before_call)
        self.client.meta.events.register(f"before-send.{sid}", self._before_send)

    def _before_call(self, context, **kwargs):
        context.setdefault("retries", {})["invocation-id"] = bw.invocation_id(self.case_name)

    def _before_send(self, request, **kwargs):
        self.sent.append((request, dict(bw._signing_trace)))
        status, headers, body = self.response
        return botocore.awsrequest.AWSResponse(request.url, status, headers, bw.CannedBody(body))

    def call(self, name, operation, params):
        self.case_name = name
        _uuid_rng.seed(name)
        self.sent.clear()
        bw._signing_trace.clear()
        return getattr(self.client, xform_name(operation))(**params)


def main():
    services = sys.argv[1:]
    if not services:
        sys.exit("usage: botocore_wire_services.py SERVICE...")
    session = botocore.session.get_session()
    for service in services:
        path = model_path(service)
        if session.get_service_data(service) != json.loads(path.read_text(encoding="utf-8")):
            sys.exit(f"botocore's bundled {service} model differs from {path.relative_to(bw.ROOT)}")
        rng = random.Random(f"{SEED}-{service}")
        harness = Harness(session, service)
        model = harness.client.meta.service_model
        namespace = model.metadata.get("targetPrefix") or model.service_name
        rest = model.protocol in ("rest-json", "rest-xml")
        # Bodies in XML: the query protocols' responses, restXml's both ways.
        query = model.protocol in ("query", "ec2", "rest-xml")
        listed = bw.WIRE / f"{service}-operations.txt"
        sample = None
        if listed.exists():
            lines = (line.split("#")[0].strip() for line in listed.read_text().splitlines())
            sample = {line for line in lines if line}
        requests, responses = [], []
        for op_name in model.operation_names:
            if sample is not None and op_name not in sample:
                continue
            op = model.operation_model(op_name)
            if op.has_event_stream_input or op.has_event_stream_output:
                continue
            inputs = Maker(rng, service=service, rest=rest, sorted_maps=query)
            variants = [(mode, None) for mode in ("required", "all", "half")]
            # botocore JSON-encodes whatever a jsonvalue header is given: an empty string too.
            for member_name, member in (op.input_shape.members.items() if op.input_shape else ()):
                if member.serialization.get("jsonvalue") and member.serialization.get("location") == "header":
                    variants.append((f"empty_{member_name}", member_name))
            for mode, empty in variants:
                name = f"{op_name}_{mode}"
                params = inputs.structure(op.input_shape, 0, "required" if empty else mode) if op.input_shape else {}
                if empty:
                    params[empty] = ""
                harness.response = (200, [("x-amzn-RequestId", bw.REQUEST_ID)], b"{}")
                try:
                    harness.call(name, op_name, copy.deepcopy(params))
                except botocore.parsers.ResponseParserError:
                    # Only the request counts here; `{}` is no query response.
                    assert query
                except KeyError:
                    # botocore looks for the result wrapper in whatever came back.
                    assert query
                request, trace = harness.sent[0]
                recorded = bw.record_request(request, trace)
                # Lean fixtures: body_json is the body parsed, and the signing trace is
                # recomputable from the rest (rerun with these kept to debug a signature).
                for derived in ("body_json", "canonical_request", "string_to_sign", "header_order"):
                    recorded.pop(derived)
                requests.append({"name": name, "operation": op_name, "params": request_json(params),
                                 "request": recorded})
            # A canned output, with an unknown member and a null beside the modeled ones.
            if rest:
                status, out_headers, raw = canned_output(rng, op, service, xml=query)
                cases = [(f"{op_name}_output", status, raw, out_headers)]
                payload = op.output_shape.serialization.get("payload") if op.output_shape else None
                if payload and op.output_shape.members[payload].type_name in ("blob", "string") and not query:
                    # An empty raw payload is still the payload: botocore returns empty bytes.
                    cases.append((f"{op_name}_output_empty_payload", 200, b"", []))
            elif query:
                cases = [(f"{op_name}_output", 200, query_output(rng, op, model), [])]
            else:
                outputs = Maker(rng, for_output=True)
                body = outputs.structure(op.output_shape, 0, "all") if op.output_shape else {}
                body["AwsgenUnknownMember"] = {"nested": [1, 2]}
                if op.output_shape and op.output_shape.members:
                    body[rng.choice(list(op.output_shape.members))] = None
                cases = [(f"{op_name}_output", 200, json.dumps(body).encode(), [])]
            for i, error in enumerate(op.error_shapes):
                code = error.metadata.get("error", {}).get("code", error.name)
                status = error.metadata.get("error", {}).get("httpStatusCode", 400)
                fields = Maker(rng, for_output=True, sorted_maps=query).structure(error, 0, "all")
                for key in ("message", "Message"):
                    fields.pop(key, None)
                if query:
                    body = query_error(model, code, f"{code} happened", xml_members(error, fields))
                    cases.append((f"{op_name}_error_{error.name}", status, body, []))
                    continue
                fields["message" if i % 2 else "Message"] = f"{code} happened"
                fields["__type"] = f"{namespace}#{code}" if i % 2 == 0 else code
                cases.append((f"{op_name}_error_{error.name}", status, json.dumps(fields).encode(), []))
            if query:
                unmodeled = query_error(model, "AwsgenUnmodeledException", "not in the model", "")
            else:
                unmodeled = json.dumps({"__type": f"{namespace}#AwsgenUnmodeledException",
                                        "message": "not in the model"}).encode()
            cases.append((f"{op_name}_error_unmodeled", 400, unmodeled, []))
            content_type = ("text/xml" if query else "application/json" if rest
                            else "application/x-amz-json-1.0")
            for name, status, raw, extra in cases:
                headers = [("x-amzn-RequestId", bw.REQUEST_ID)] + extra
                if not any(h.lower() == "content-type" for h, _ in extra):
                    # A Content-Type member of the output stands for the response's own.
                    headers.insert(0, ("Content-Type", content_type))
                harness.response = (status, headers, raw)
                params = Maker(random.Random(name), service=service, rest=rest, sorted_maps=query).structure(op.input_shape, 0, "required") if op.input_shape else {}
                entry = {"name": name, "operation": op_name, "params": request_json(params),
                         "response": {"status": status, "headers": [list(h) for h in headers],
                                      "body": raw.decode("utf-8")}}
                try:
                    parsed = harness.call(name, op_name, copy.deepcopy(params))
                    entry["parsed"] = result_form(parsed)
                except ClientError as e:
                    entry["error"] = {"code": e.response["Error"].get("Code"),
                                      "message": e.response["Error"].get("Message"),
                                      "modeled": type(e) is not ClientError,
                                      "members": result_form({k: v for k, v in e.response.items() if k != "Error"})}
                responses.append(entry)
        out = bw.WIRE / f"{service}-botocore.json"
        bw.write(out, {"botocore_version": bw.botocore.__version__, "service": service,
                       "model": str(path.relative_to(bw.ROOT)), "seed": SEED,
                       "generated_by": "tests/reference/botocore_wire_services.py",
                       "requests": requests, "responses": responses})


if __name__ == "__main__":
    main()
