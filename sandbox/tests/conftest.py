import json
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from anywhere_sandbox import launch


class RunningSandbox:
    def __init__(self, url: str, config: dict):
        self.url = url
        self.config = config

    def client(self, service: str, validate: bool = True, **overrides):
        """A boto3 client on the sandbox; validate=False sends what the SDK would refuse, to test the server."""
        settings = {
            "region_name": self.config["region"],
            "endpoint_url": self.url,
            "aws_access_key_id": self.config["accessKeyId"],
            "aws_secret_access_key": self.config["secretAccessKey"],
            "config": Config(retries={"total_max_attempts": 1}, parameter_validation=validate),
        }
        settings.update(overrides)
        return boto3.client(service, **settings)

    def call_raw(self, service: str, operation: str, payload: dict) -> tuple[int, dict]:
        """A signed JSON call with any payload, including members the SDK would not serialize."""
        prefix = {"ecs": "AmazonEC2ContainerServiceV20141113", "ssm": "AmazonSSM"}[service]
        body = json.dumps(payload).encode()
        request = AWSRequest(method="POST", url=self.url + "/", data=body, headers={
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"{prefix}.{operation}",
        })
        credentials = Credentials(self.config["accessKeyId"], self.config["secretAccessKey"])
        SigV4Auth(credentials, service, self.config["region"]).add_auth(request)
        prepared = urllib.request.Request(self.url + "/", data=body, method="POST", headers=dict(request.headers.items()))
        try:
            with urllib.request.urlopen(prepared, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def control(self, path: str, body: dict | None = None, method: str | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + "/_sandbox/" + path, data=data, method=method or ("POST" if data is not None else "GET"),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


def start_sandbox(tmp_path: Path, seed: str):
    process, url, config = launch.start(seed, tmp_path / f"port-{seed.replace(':', '-')}")
    return process, RunningSandbox(url, config)


stop_sandbox = launch.stop


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    process, running = start_sandbox(tmp_path_factory.mktemp("sandbox"), "demo")
    yield running
    stop_sandbox(process)


@pytest.fixture(autouse=True)
def clean_faults(request):
    yield
    if "sandbox" in request.fixturenames:
        running = request.getfixturevalue("sandbox")
        running.control("faults/reset", {})
        running.control("clock", {"reset": True})


@pytest.fixture
def ecs(sandbox):
    return sandbox.client("ecs")


@pytest.fixture
def ssm(sandbox):
    return sandbox.client("ssm")
