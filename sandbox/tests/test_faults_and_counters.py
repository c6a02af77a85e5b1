import http.client
import threading
import time
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


def test_faults_can_target_one_operation_after_some_calls(sandbox, ecs):
    sandbox.control("faults", {"throttle": 2, "operation": "ListContainerInstances", "after": 1})
    assert ecs.list_clusters()["clusterArns"]
    assert ecs.list_container_instances(cluster="edge-factory")["containerInstanceArns"]
    for _ in range(2):
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            ecs.list_container_instances(cluster="edge-factory")
        assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert ecs.list_clusters()["clusterArns"]
    assert ecs.list_container_instances(cluster="edge-factory")["containerInstanceArns"]
    assert sandbox.control("faults")["rules"] == []


def test_unknown_or_malformed_fault_settings_are_refused(sandbox):
    for body in ({"stall": 1}, {"throttle": -1}, {"throttle": 1, "operation": ""}, {"hold": True}):
        with pytest.raises(urllib.error.HTTPError) as raised:
            sandbox.control("faults", body)
        assert raised.value.code == 400


def test_a_held_response_waits_until_released(sandbox, ecs):
    sandbox.control("counters/reset", {})
    sandbox.control("faults", {"hold": 1, "operation": "ListClusters"})
    answers = []
    caller = threading.Thread(target=lambda: answers.append(ecs.list_clusters()))
    caller.start()
    # Held: no answer while the call is pending; other operations are not held.
    deadline = time.monotonic() + 10
    while sandbox.control("counters")["operations"].get("ecs:ListClusters", 0) == 0:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert ecs.describe_clusters(clusters=["edge-factory"])["clusters"]
    assert caller.is_alive() and not answers
    assert sandbox.control("faults/release", {})["hold"] == 0
    caller.join(timeout=10)
    assert answers and answers[0]["clusterArns"]
