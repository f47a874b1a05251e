#!/usr/bin/env python3
"""Record where botocore sends DynamoDB requests whose tables are named by ARN.

Run from anywhere, with a Python that has exactly botocore 1.44.5:

    /tmp/venv-botocore/bin/python tests/reference/botocore_dynamodb_endpoints.py

DynamoDB's endpoint rules send a call to its account's endpoint
(`https://<account>.ddb.<region>.amazonaws.com`) when the table the call names is an ARN and
`account_id_endpoint_mode` is not `disabled`. Single-table calls give the table through a
`contextParam`; batches, transactions and `ImportTable` through `operationContextParams`
(JMESPath over the input). It writes tests/fixtures/dynamodb/botocore-account-endpoints.json:
per case the operation, its parameters, the client's mode and the URL botocore put the request
on. Nothing goes over the network: each request is stopped before it is sent.
"""

import json
import os

import botocore
import botocore.session
from botocore.config import Config

assert botocore.__version__ == "1.44.5", botocore.__version__

REGION = "us-west-2"
ARN = "arn:aws:dynamodb:us-west-2:111122223333:table/Music"
OTHER = "arn:aws:dynamodb:us-west-2:444455556666:table/Books"
KEY = {"Artist": {"S": "No One You Know"}}


def put(table):
    return {"Put": {"TableName": table, "Item": KEY}}


def update(table):
    return {"Update": {"TableName": table, "Key": KEY, "UpdateExpression": "SET a = :a",
                       "ExpressionAttributeValues": {":a": {"N": "1"}}}}


CASES = [
    ("GetItem", {"TableName": ARN, "Key": KEY}),
    ("GetItem", {"TableName": "Music", "Key": KEY}),
    ("BatchGetItem", {"RequestItems": {ARN: {"Keys": [KEY]}}}),
    ("BatchGetItem", {"RequestItems": {"Music": {"Keys": [KEY]}}}),
    ("BatchWriteItem", {"RequestItems": {ARN: [{"PutRequest": {"Item": KEY}}]}}),
    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": ARN, "Key": KEY}}]}),
    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": "Music", "Key": KEY}},
                                            {"Get": {"TableName": ARN, "Key": KEY}}]}),
    # The first table found decides, items in order (and within an item ConditionCheck,
    # Put, Delete, Update, as the expression lists them).
    ("TransactWriteItems", {"TransactItems": [update(ARN), put(OTHER)]}),
    ("TransactWriteItems", {"TransactItems": [put(OTHER), update(ARN)]}),
    ("TransactWriteItems", {"TransactItems": [put("Music")]}),
    ("ImportTable", {
        "S3BucketSource": {"S3Bucket": "amzn-s3-demo-bucket"},
        "InputFormat": "DYNAMODB_JSON",
        "TableCreationParameters": {
            "TableName": ARN,
            "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    }),
]


class Stop(Exception):
    pass


def url_of(operation, params, mode):
    session = botocore.session.get_session()
    client = session.create_client(
        "dynamodb",
        region_name=REGION,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(account_id_endpoint_mode=mode),
    )
    seen = {}

    def before_send(request, **_):
        seen["url"] = request.url
        raise Stop()

    client.meta.events.register("before-send", before_send)
    method = getattr(client, botocore.xform_name(operation))
    try:
        method(**params)
    except Stop:
        pass
    return seen["url"]


def main():
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    cases = [
        {
            "operation": operation,
            "params": params,
            "account_id_endpoint_mode": mode,
            "url": url_of(operation, params, mode),
        }
        for operation, params in CASES
        for mode in ["preferred", "disabled"]
    ]
    out = os.path.join(
        os.path.dirname(__file__), "..", "fixtures", "dynamodb", "botocore-account-endpoints.json"
    )
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"botocore": botocore.__version__, "region": REGION, "cases": cases}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
