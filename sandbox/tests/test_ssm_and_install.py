import contextlib
import datetime
import os
import subprocess
from pathlib import Path
from unittest import mock

import botocore.exceptions
import pytest

SHIMS = Path(__file__).resolve().parent.parent / "shims"


def test_activation_lifecycle(ssm):
    created = ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=2, Description="lifecycle",
                                    Tags=[{"Key": "team", "Value": "edge"}])
    activation_id = created["ActivationId"]
    assert 20 <= len(created["ActivationCode"]) <= 250
    listed = ssm.describe_activations(Filters=[{"FilterKey": "ActivationIds", "FilterValues": [activation_id]}])
    [activation] = listed["ActivationList"]
    assert activation["RegistrationsCount"] == 0 and activation["Expired"] is False
    assert activation["RegistrationLimit"] == 2
    assert activation["Tags"] == [{"Key": "team", "Value": "edge"}]
    ssm.delete_activation(ActivationId=activation_id)
    assert ssm.describe_activations(
        Filters=[{"FilterKey": "ActivationIds", "FilterValues": [activation_id]}]
    )["ActivationList"] == []
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.delete_activation(ActivationId=activation_id)
    assert raised.value.response["Error"]["Code"] == "InvalidActivationId"


def test_create_activation_limits(sandbox):
    ssm = sandbox.client("ssm", validate=False)
    too_late = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=31)
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.create_activation(IamRole="ecsAnywhereRole", ExpirationDate=too_late)
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=1001)
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.create_activation(IamRole="r" * 65)
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_describe_instance_information_pages_and_filters(sandbox, ssm):
    pages, token = [], None
    while True:
        page = ssm.describe_instance_information(MaxResults=5, **({"NextToken": token} if token else {}))
        pages.append(page["InstanceInformationList"])
        token = page.get("NextToken")
        if not token:
            break
    assert all(len(page) <= 5 for page in pages) and len(pages) >= 3
    lost = ssm.describe_instance_information(
        InstanceInformationFilterList=[{"key": "PingStatus", "valueSet": ["ConnectionLost"]}]
    )["InstanceInformationList"]
    assert {i["ComputerName"] for i in lost} == {"factory-line-04", "store-berlin-02"}
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        sandbox.client("ssm", validate=False).describe_instance_information(MaxResults=4)
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def run_install(sandbox, tmp_path, command_line, config_text=""):
    config = tmp_path / "ecs.config"
    config.write_text(config_text)
    environment = {
        **os.environ,
        "PATH": f"{SHIMS}:{os.environ['PATH']}",
        "ANYWHERE_SANDBOX_URL": sandbox.url,
        "ECS_CONFIG_FILE": str(config),
    }
    return subprocess.run(["bash", "-c", command_line], env=environment, capture_output=True, text=True, timeout=60)


def console_command(activation_id, code, cluster="edge-factory", extra=""):
    return (
        'curl --proto "https" -o "/tmp/ecs-anywhere-install.sh" '
        '"https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh" '
        '&& sudo bash /tmp/ecs-anywhere-install.sh --region "us-east-1" '
        f'--cluster "{cluster}" --activation-id "{activation_id}" --activation-code "{code}"{extra}'
    )


def test_install_command_registers_host_in_ecs_and_ssm(sandbox, tmp_path, ecs, ssm):
    created = ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=1)
    result = run_install(
        sandbox, tmp_path, console_command(created["ActivationId"], created["ActivationCode"]),
        config_text='ECS_INSTANCE_ATTRIBUTES={"site":"lisbon","line":"7"}\nECS_CONTAINER_INSTANCE_TAGS={"owner":"install-test"}\n',
    )
    assert result.returncode == 0, result.stderr
    [info] = ssm.describe_instance_information(
        Filters=[{"Key": "ActivationIds", "Values": [created["ActivationId"]]}]
    )["InstanceInformationList"]
    assert info["PingStatus"] == "Online"
    arns = ecs.list_container_instances(cluster="edge-factory", filter="attribute:site == lisbon")["containerInstanceArns"]
    [instance] = ecs.describe_container_instances(cluster="edge-factory", containerInstances=arns, include=["TAGS"])["containerInstances"]
    assert instance["ec2InstanceId"] == info["InstanceId"]
    attributes = {a["name"]: a.get("value") for a in instance["attributes"]}
    assert "ecs.capability.external" in attributes and attributes["line"] == "7"
    assert {"key": "owner", "value": "install-test"} in instance["tags"]
    [activation] = ssm.describe_activations(
        Filters=[{"FilterKey": "ActivationIds", "FilterValues": [created["ActivationId"]]}]
    )["ActivationList"]
    assert activation["RegistrationsCount"] == 1
    again = run_install(sandbox, tmp_path, console_command(created["ActivationId"], created["ActivationCode"]))
    assert again.returncode != 0
    assert "registration limit" in again.stderr


def test_install_rejects_what_the_real_script_rejects(sandbox, tmp_path, ssm):
    created = ssm.create_activation(IamRole="ecsAnywhereRole")
    wrong_code = run_install(sandbox, tmp_path, console_command(created["ActivationId"], "WrongCode1234567890ab"))
    assert wrong_code.returncode != 0 and "not valid" in wrong_code.stderr
    no_region = run_install(sandbox, tmp_path, "bash -c 'curl -s $ANYWHERE_SANDBOX_URL/_sandbox/ecs-anywhere-install.sh | bash -s -- --cluster x --activation-id a --activation-code b'")
    assert no_region.returncode != 0 and "--region is required" in no_region.stderr
    flag_as_value = run_install(sandbox, tmp_path, console_command("--cluster", "x"))
    assert flag_as_value.returncode != 0 and "requires a value" in flag_as_value.stderr
    bad_source = run_install(sandbox, tmp_path, console_command(created["ActivationId"], created["ActivationCode"],
                                                                extra=" --docker-install-source snap"))
    assert bad_source.returncode != 0 and "--docker-install-source" in bad_source.stderr
    missing_cluster = run_install(sandbox, tmp_path, console_command(created["ActivationId"], created["ActivationCode"], cluster="nope"))
    assert missing_cluster.returncode != 0 and "ClusterNotFoundException" in missing_cluster.stderr


def instance_ids(ssm, ping_status):
    pages, token = [], None
    while True:
        page = ssm.describe_instance_information(
            Filters=[{"Key": "PingStatus", "Values": [ping_status]}], **({"NextToken": token} if token else {})
        )
        pages.extend(info["InstanceId"] for info in page["InstanceInformationList"])
        token = page.get("NextToken")
        if not token:
            return pages


@contextlib.contextmanager
def sandbox_time(sandbox, shift_seconds):
    """Moves the sandbox clock ahead, and signs requests with that clock meanwhile."""
    sandbox.control("clock", {"reset": True, "shiftSeconds": shift_seconds})
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=shift_seconds)
    with mock.patch("botocore.auth.get_current_datetime", return_value=later.replace(tzinfo=None)):
        yield


def invocation_statuses(ssm, command_id):
    invocations = ssm.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    return {i["InstanceId"]: (i["Status"], i["StatusDetails"]) for i in invocations}


def test_send_command_waits_for_a_disconnected_host_until_its_timeout(sandbox, ssm):
    online = instance_ids(ssm, "Online")[0]
    lost = instance_ids(ssm, "ConnectionLost")[0]
    command = ssm.send_command(
        InstanceIds=[online, lost], DocumentName="AWS-RunShellScript", TimeoutSeconds=600,
        Parameters={"commands": ["systemctl restart ecs"], "executionTimeout": ["300"]},
    )["Command"]
    assert command["Status"] == "InProgress"
    assert invocation_statuses(ssm, command["CommandId"]) == {
        online: ("Success", "Success"), lost: ("Pending", "Pending"),
    }
    # Still pending just before TimeoutSeconds + executionTimeout, delivery timed out after.
    with sandbox_time(sandbox, 890):
        assert ssm.get_command_invocation(CommandId=command["CommandId"], InstanceId=lost)["Status"] == "Pending"
    with sandbox_time(sandbox, 910):
        statuses = invocation_statuses(ssm, command["CommandId"])
    assert statuses == {online: ("Success", "Success"), lost: ("TimedOut", "DeliveryTimedOut")}


def test_a_pending_command_runs_once_the_host_is_back(sandbox, ssm):
    lost = instance_ids(ssm, "ConnectionLost")[-1]
    command = ssm.send_command(InstanceIds=[lost], DocumentName="AWS-UpdateSSMAgent")["Command"]
    assert command["Status"] == "Pending"
    sandbox.control("host-state", {"instanceId": lost, "pingStatus": "Online", "agentConnected": True})
    try:
        assert invocation_statuses(ssm, command["CommandId"]) == {lost: ("Success", "Success")}
    finally:
        sandbox.control("host-state", {"instanceId": lost, "pingStatus": "ConnectionLost", "agentConnected": False})


def test_instance_id_filter_takes_up_to_100_ids_and_pages_over_them(sandbox, ssm):
    known = instance_ids(ssm, "Online")[:3]
    unknown = [f"mi-{index:017x}" for index in range(97)]
    asked = unknown + known
    found = ssm.describe_instance_information(Filters=[{"Key": "InstanceIds", "Values": asked}])
    # Pages cover positions of the ids asked: the 50 unknown ones first make an empty page with a token.
    assert found["InstanceInformationList"] == [] and found["NextToken"]
    second = ssm.describe_instance_information(
        Filters=[{"Key": "InstanceIds", "Values": asked}], NextToken=found["NextToken"])
    assert [i["InstanceId"] for i in second["InstanceInformationList"]] == known
    assert "NextToken" not in second
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        sandbox.client("ssm", validate=False).describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": asked + ["mi-00000000000000fff"]}])
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_filtered_pages_can_be_short_or_empty_and_still_go_on(ssm):
    page = ssm.describe_instance_information(
        Filters=[{"Key": "PingStatus", "Values": ["ConnectionLost"]}], MaxResults=5)
    assert len(page["InstanceInformationList"]) < 5 and page["NextToken"]
    assert set(instance_ids(ssm, "ConnectionLost")) >= {i["InstanceId"] for i in page["InstanceInformationList"]}


def test_instance_properties_list_the_same_instances_a_thousand_a_page(ssm):
    listed, token = [], None
    while True:
        page = ssm.describe_instance_properties(
            InstancePropertyFilterList=[{"key": "ResourceType", "valueSet": ["ManagedInstance"]}],
            MaxResults=1000, **({"NextToken": token} if token else {}))
        listed.extend(page["InstanceProperties"])
        token = page.get("NextToken")
        if not token:
            break
    information = [
        info for info in ssm.get_paginator("describe_instance_information").paginate().build_full_result()["InstanceInformationList"]
    ]
    assert len(listed) == len(information) > 0
    by_id = {info["InstanceId"]: info for info in information}
    for listed_property in listed:
        info = by_id[listed_property["InstanceId"]]
        assert "IsLatestVersion" not in listed_property
        assert listed_property["PingStatus"] == info["PingStatus"]
        assert listed_property.get("ComputerName") == info.get("ComputerName")
    online = ssm.describe_instance_properties(
        InstancePropertyFilterList=[{"key": "PingStatus", "valueSet": ["Online"]}], MaxResults=1000)
    assert {p["PingStatus"] for p in online["InstanceProperties"]} == {"Online"}
    small = ssm.describe_instance_properties(MaxResults=5)
    assert len(small["InstanceProperties"]) == 5 and small["NextToken"]


def test_instance_property_filters_and_page_sizes_are_checked(ssm):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.describe_instance_properties(InstancePropertyFilterList=[{"key": "PingStatus", "valueSet": ["Sleepy"]}])
    assert raised.value.response["Error"]["Code"] == "InvalidInstancePropertyFilterValue"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.describe_instance_properties(MaxResults=1001)
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_filter_keys_and_values_are_checked_with_ssm_error_codes(sandbox, ssm):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.describe_instance_information(Filters=[{"Key": "Flavour", "Values": ["x"]}])
    assert raised.value.response["Error"]["Code"] == "InvalidFilterKey"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.describe_instance_information(Filters=[{"Key": "PingStatus", "Values": ["Sleepy"]}])
    assert raised.value.response["Error"]["Code"] == "InvalidInstanceInformationFilterValue"
    tagged = ssm.describe_instance_information(Filters=[{"Key": "tag-key", "Values": ["nothing-has-this"]}])
    assert tagged["InstanceInformationList"] == []


def test_error_bodies_name_the_message_as_the_service_model_does(sandbox):
    status, body = sandbox.call_raw("ssm", "DeregisterManagedInstance", {"InstanceId": "mi-00000000000000abc"})
    assert (status, body["__type"], set(body)) == (400, "InvalidInstanceId", {"__type", "Message"})
    status, body = sandbox.call_raw("ssm", "CreateActivation", {"IamRole": "r" * 65})
    assert status == 400 and set(body) == {"__type", "Message"}
    # InvalidInstanceInformationFilterValue is one of the SSM shapes that says `message`.
    status, body = sandbox.call_raw("ssm", "DescribeInstanceInformation", {"Filters": [{"Key": "PingStatus", "Values": ["Sleepy"]}]})
    assert status == 400 and set(body) == {"__type", "message"}
    status, body = sandbox.call_raw("ecs", "ListContainerInstances", {"cluster": "edge-factory", "maxResults": 101})
    assert status == 400 and set(body) == {"__type", "message"}


def test_deregister_managed_instance(sandbox, ssm, ecs):
    created = ssm.create_activation(IamRole="ecsAnywhereRole")
    registered = sandbox.control("register-host", {
        "activationId": created["ActivationId"], "activationCode": created["ActivationCode"],
        "region": "us-east-1", "cluster": "lab", "hostname": "lab-tmp", "os": "debian", "arch": "arm64",
    })
    ssm.add_tags_to_resource(ResourceType="ManagedInstance", ResourceId=registered["instanceId"],
                             Tags=[{"Key": "k", "Value": "v"}])
    assert ssm.list_tags_for_resource(ResourceType="ManagedInstance", ResourceId=registered["instanceId"])["TagList"] == [
        {"Key": "k", "Value": "v"}
    ]
    ssm.deregister_managed_instance(InstanceId=registered["instanceId"])
    assert ssm.describe_instance_information(
        Filters=[{"Key": "InstanceIds", "Values": [registered["instanceId"]]}]
    )["InstanceInformationList"] == []
    [instance] = ecs.describe_container_instances(
        cluster="lab", containerInstances=[registered["containerInstanceArn"]]
    )["containerInstances"]
    assert instance["agentConnected"] is False


def test_an_ecs_init_upgrade_through_run_command_reports_the_new_agent(sandbox, ssm, ecs):
    arn = next(
        instance for instance in ecs.describe_container_instances(
            cluster="edge-factory",
            containerInstances=ecs.list_container_instances(cluster="edge-factory")["containerInstanceArns"],
        )["containerInstances"]
        if instance["versionInfo"]["agentVersion"] == "1.70.0"
    )["containerInstanceArn"]
    [old] = ecs.describe_container_instances(cluster="edge-factory", containerInstances=[arn])["containerInstances"]
    command = ssm.send_command(
        InstanceIds=[old["ec2InstanceId"]], DocumentName="AWS-RunShellScript",
        Parameters={"commands": [
            "curl --proto '=https' --fail -o /tmp/amazon-ecs-init.deb 'https://s3.us-east-1.amazonaws.com/amazon-ecs-agent-us-east-1/amazon-ecs-init-latest.amd64.deb'",
            "dpkg -i /tmp/amazon-ecs-init.deb",
            "systemctl restart ecs",
        ]},
    )["Command"]
    assert command["Status"] == "Success"
    [new] = ecs.describe_container_instances(cluster="edge-factory", containerInstances=[arn])["containerInstances"]
    assert new["versionInfo"]["agentVersion"] == "1.89.2"
