"""What both botocore scripts share: the client and one checked CreateDeployment call.

Copied by `cargo xtask bench` from xtask/bench/botocore/ and run in a venv that pins
botocore==1.44.5.
"""

import botocore.session
from botocore.config import Config


def client(endpoint_url=None):
    session = botocore.session.get_session()
    return session.create_client(
        "amplify",
        region_name="us-east-1",
        endpoint_url=endpoint_url,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        # Like the Rust clients, a client of one sequential caller.
        config=Config(max_pool_connections=1),
    )


def create_deployment(client):
    output = client.create_deployment(
        appId="d2l8fg9example",
        branchName="main",
        fileMap={"index.html": "d41d8cd98f00b204e9800998ecf8427e"},
    )
    # A benchmark of failing calls would measure the wrong thing.
    assert output["jobId"] == "42", output
