import http.client
import urllib.error

import botocore.exceptions
import pytest


def test_throttle_next_calls(sandbox, ecs):
    sandbox.control("faults", {"throttle": 2})
    for _ in range(2):
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            ecs.list_clusters()
        assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert ecs.list_clusters()["clusterArns"]


def test_fail_next_call_with_500(sandbox, ssm):
    sandbox.control("faults", {"fail": 1})
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.describe_activations()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert ssm.describe_activations()["ActivationList"]


def test_drop_connection(sandbox, ecs):
    sandbox.control("faults", {"drop": 1})
    with pytest.raises((botocore.exceptions.ConnectionClosedError, botocore.exceptions.EndpointConnectionError,
                        http.client.RemoteDisconnected, urllib.error.URLError)):
        ecs.list_clusters()
    assert ecs.list_clusters()["clusterArns"]


def test_latency_is_reported_and_cleared(sandbox):
    assert sandbox.control("faults", {"latencyMs": 5})["latencyMs"] == 5
    assert sandbox.control("faults/reset", {})["latencyMs"] == 0


def test_counters_count_only_verified_calls(sandbox, ecs):
    sandbox.control("counters/reset", {})
    ecs.list_clusters()
    ecs.list_clusters()
    with pytest.raises(botocore.exceptions.ClientError):
        sandbox.client("ecs", aws_secret_access_key="wrong").list_clusters()
    counts = sandbox.control("counters")
    assert counts["operations"] == {"ecs:ListClusters": 2}
    assert counts["total"] == 2
