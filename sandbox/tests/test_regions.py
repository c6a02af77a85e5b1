"""Every region of the partition at one address: state per region, opt-in regions not enabled,
and faults aimed at one region."""

import botocore.exceptions
import pytest


def in_region(sandbox, service: str, region: str):
    return sandbox.client(service, region_name=region)


def test_each_region_keeps_its_own_clusters_and_managed_instances(sandbox):
    home = in_region(sandbox, "ecs", "us-east-1")
    other = in_region(sandbox, "ecs", "eu-west-1")
    home_clusters = {arn.rsplit("/", 1)[1] for arn in home.list_clusters()["clusterArns"]}
    other_clusters = other.list_clusters()["clusterArns"]
    assert {"edge-factory", "retail-stores", "lab"} <= home_clusters
    assert "edge-warehouse" not in home_clusters
    assert other_clusters == ["arn:aws:ecs:eu-west-1:123456789012:cluster/edge-warehouse"]
    arns = other.list_container_instances(cluster="edge-warehouse")["containerInstanceArns"]
    assert len(arns) == 3 and all(arn.startswith("arn:aws:ecs:eu-west-1:") for arn in arns)
    described = other.describe_container_instances(cluster="edge-warehouse", containerInstances=arns)
    ids = {instance["ec2InstanceId"] for instance in described["containerInstances"]}
    # SSM of each region knows its own managed instances only.
    other_ssm = in_region(sandbox, "ssm", "eu-west-1").describe_instance_information()["InstanceInformationList"]
    home_ssm = in_region(sandbox, "ssm", "us-east-1").describe_instance_information()["InstanceInformationList"]
    assert {record["InstanceId"] for record in other_ssm} == ids
    assert not ids & {record["InstanceId"] for record in home_ssm}
    assert {record["ComputerName"] for record in other_ssm} == {
        "warehouse-dublin-01", "warehouse-dublin-02", "warehouse-cork-01"}


def test_a_region_enabled_by_default_answers_empty(sandbox):
    assert in_region(sandbox, "ecs", "us-west-2").list_clusters()["clusterArns"] == []
    assert in_region(sandbox, "ssm", "us-west-2").describe_instance_information()["InstanceInformationList"] == []


@pytest.mark.parametrize("service", ["ecs", "ssm"])
def test_an_opt_in_region_not_enabled_refuses_the_credentials(sandbox, service):
    client = in_region(sandbox, service, "af-south-1")
    call = client.list_clusters if service == "ecs" else client.describe_instance_information
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        call()
    error = raised.value.response["Error"]
    assert error["Code"] == "UnrecognizedClientException"
    assert error["Message"] == "The security token included in the request is invalid."


def test_a_fault_rule_can_aim_at_one_region(sandbox):
    sandbox.control("faults", {"fail": 1, "operation": "ListClusters", "region": "eu-west-1"})
    assert sandbox.control("faults")["rules"] == [
        {"kind": "fail", "count": 1, "operation": "ListClusters", "region": "eu-west-1"}]
    # Calls of other regions go through; the first of eu-west-1 fails.
    in_region(sandbox, "ecs", "us-east-1").list_clusters()
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        in_region(sandbox, "ecs", "eu-west-1").list_clusters()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert in_region(sandbox, "ecs", "eu-west-1").list_clusters()["clusterArns"]
