"""What the S3 reference scripts share: a botocore with no settings from the machine, an S3
client with the reference credentials, and answers handed to botocore in place of S3's, so
that nothing goes over the network."""

import os

import botocore.session
from botocore.awsrequest import AWSResponse


def isolate():
    """Forgets the machine's AWS settings: variables, config and credentials files."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "BOTO_")):
            del os.environ[name]
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull


def s3_client(region="us-west-2", config=None, endpoint_url=None, session_token=None):
    """An S3 client with the reference credentials."""
    return botocore.session.get_session().create_client(
        "s3",
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        aws_session_token=session_token,
        config=config,
    )


def response(url, status, headers, body):
    """A response botocore reads as if it had come from the network."""
    return AWSResponse(url, status, headers, _Raw(body))


class _Raw:
    def __init__(self, body):
        self.body = body

    def stream(self, **_):
        yield self.body
