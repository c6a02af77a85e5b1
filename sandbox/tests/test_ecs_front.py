import botocore.exceptions
import pytest


def all_pages(ecs, **arguments):
    pages, token = [], None
    while True:
        extra = {"nextToken": token} if token else {}
        page = ecs.list_container_instances(**arguments, **extra)
        pages.append(page["containerInstanceArns"])
        token = page.get("nextToken")
        if not token:
            return pages


def describe_all(ecs, cluster):
    arns = [arn for page in all_pages(ecs, cluster=cluster) for arn in page]
    return ecs.describe_container_instances(cluster=cluster, containerInstances=arns, include=["TAGS"])["containerInstances"]


def test_list_container_instances_pages(ecs):
    pages = all_pages(ecs, cluster="edge-factory", maxResults=3)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert len({arn for page in pages for arn in page}) == 7


def test_list_container_instances_refuses_more_than_100_per_page(ecs):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.list_container_instances(cluster="edge-factory", maxResults=101)
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("attribute:site == munich", {"factory-line-01", "factory-line-02", "factory-line-05", "factory-gw-01", "factory-win-01"}),
        ("attribute:gpu exists", {"factory-line-01"}),
        ("agentConnected == false", {"factory-line-04"}),
        ("attribute:ecs.capability.external exists and attribute:ecs.cpu-architecture == arm64",
         {"factory-line-02", "factory-line-04"}),
    ],
)
def test_list_container_instances_filter(sandbox, ecs, expression, expected):
    arns = [arn for page in all_pages(ecs, cluster="edge-factory", filter=expression) for arn in page]
    described = ecs.describe_container_instances(cluster="edge-factory", containerInstances=arns)["containerInstances"]
    ssm = sandbox.client("ssm")
    names = {
        info["ComputerName"]
        for info in ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [d["ec2InstanceId"] for d in described]}]
        )["InstanceInformationList"]
    }
    assert names == expected


def test_list_container_instances_status_filter(ecs):
    arns = ecs.list_container_instances(cluster="edge-factory", status="DRAINING")["containerInstanceArns"]
    described = ecs.describe_container_instances(cluster="edge-factory", containerInstances=arns)["containerInstances"]
    assert [d["status"] for d in described] == ["DRAINING"]


def test_describe_refuses_more_than_100_arns(ecs):
    arns = ecs.list_container_instances(cluster="edge-factory")["containerInstanceArns"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.describe_container_instances(cluster="edge-factory", containerInstances=(arns * 15)[:101])
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"
    assert raised.value.response["Error"]["Message"] == "instanceIds can have at most 100 items."


def test_external_instances_look_like_external_hosts(ecs):
    described = describe_all(ecs, "edge-factory")
    assert all(d["ec2InstanceId"].startswith("mi-") and len(d["ec2InstanceId"]) == 20 for d in described)
    assert {d["agentConnected"] for d in described} == {True, False}
    assert len({d["versionInfo"]["agentVersion"] for d in described}) > 1
    names = {a["name"] for a in described[0]["attributes"]}
    assert {"ecs.capability.external", "ecs.os-type", "ecs.cpu-architecture", "ecs.os-family"} <= names
    assert described[0]["tags"]


def test_tags_only_with_include_tags(ecs):
    arn = ecs.list_container_instances(cluster="lab")["containerInstanceArns"][0]
    plain = ecs.describe_container_instances(cluster="lab", containerInstances=[arn])["containerInstances"][0]
    assert "tags" not in plain


def test_tag_resource_and_delete_attribute_on_container_instance(ecs):
    arn = ecs.list_container_instances(cluster="lab", filter="attribute:gpu exists")["containerInstanceArns"][0]
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "rack", "value": "r7"}])
    assert {"key": "rack", "value": "r7"} in ecs.list_tags_for_resource(resourceArn=arn)["tags"]
    ecs.delete_attributes(cluster="lab", attributes=[{"name": "gpu", "targetId": arn}])
    remaining = ecs.list_container_instances(cluster="lab", filter="attribute:gpu exists")["containerInstanceArns"]
    assert arn not in remaining


def test_request_validation_against_the_model(sandbox):
    ecs = sandbox.client("ecs", validate=False)
    ssm = sandbox.client("ssm", validate=False)
    status, body = sandbox.call_raw("ecs", "ListContainerInstances", {"cluster": "lab", "unknownMember": 1})
    assert status == 400
    assert body["__type"] == "InvalidParameterException"
    assert "Unknown parameter" in body["message"]
    status, body = sandbox.call_raw("ecs", "ListContainerInstances", {"maxResults": "ten"})
    assert status == 400 and "Invalid type" in body["message"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.describe_container_instances(cluster="lab")
    assert "Missing required parameter" in raised.value.response["Error"]["Message"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ssm.describe_instance_information(MaxResults=51)
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert "less than or equal to 50" in raised.value.response["Error"]["Message"]
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.list_container_instances(cluster="lab", status="SLEEPING")
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "enum" in raised.value.response["Error"]["Message"]


def register_external_definition(ecs, family, network_mode="bridge", constraints=None):
    return ecs.register_task_definition(
        family=family, networkMode=network_mode, requiresCompatibilities=["EXTERNAL"],
        containerDefinitions=[{"name": "app", "image": "busybox", "memory": 64}],
        placementConstraints=constraints or [],
    )["taskDefinition"]


def test_external_task_definition_keeps_bridge(ecs):
    definition = register_external_definition(ecs, "keeps-bridge")
    assert definition["networkMode"] == "bridge"
    assert "EXTERNAL" in definition["compatibilities"]


def test_run_task_external_honours_member_of(sandbox, ecs):
    register_external_definition(ecs, "arm-only")
    result = ecs.run_task(
        cluster="edge-factory", taskDefinition="arm-only", launchType="EXTERNAL", count=3,
        placementConstraints=[{"type": "memberOf", "expression": "attribute:ecs.cpu-architecture == arm64 and attribute:site in [munich, stuttgart]"}],
    )
    assert len(result["tasks"]) == 3
    hosts = {task["containerInstanceArn"] for task in result["tasks"]}
    described = ecs.describe_container_instances(cluster="edge-factory", containerInstances=list(hosts))["containerInstances"]
    for instance in described:
        attributes = {a["name"]: a.get("value") for a in instance["attributes"]}
        assert attributes["ecs.cpu-architecture"] == "arm64"
        assert instance["agentConnected"] and instance["status"] == "ACTIVE"
    tasks = ecs.describe_tasks(cluster="edge-factory", tasks=[t["taskArn"] for t in result["tasks"]])["tasks"]
    assert {t["lastStatus"] for t in tasks} == {"RUNNING"}
    assert {t["launchType"] for t in tasks} == {"EXTERNAL"}


def test_run_task_external_without_matching_host_reports_failure(ecs):
    register_external_definition(ecs, "nowhere")
    result = ecs.run_task(
        cluster="edge-factory", taskDefinition="nowhere", launchType="EXTERNAL",
        placementConstraints=[{"type": "memberOf", "expression": "attribute:site == atlantis"}],
    )
    assert result["tasks"] == []
    assert result["failures"][0]["reason"] == "ATTRIBUTE"


def test_external_refuses_awsvpc_and_load_balancers(ecs):
    register_external_definition(ecs, "plain")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.run_task(
            cluster="lab", taskDefinition="plain", launchType="EXTERNAL",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}},
        )
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.create_service(
            cluster="lab", serviceName="lb", taskDefinition="plain", launchType="EXTERNAL", desiredCount=1,
            loadBalancers=[{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1", "containerName": "app", "containerPort": 80}],
        )
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"


def test_create_service_external_places_tasks(ecs):
    register_external_definition(ecs, "lab-svc")
    service = ecs.create_service(
        cluster="lab", serviceName="lab-svc", taskDefinition="lab-svc", launchType="EXTERNAL", desiredCount=2,
    )["service"]
    assert service["launchType"] == "EXTERNAL"
    assert service["runningCount"] == 2


def test_drain_and_deregister_answer_like_describe(ecs):
    # moto's own answers list attributes as empty objects; AWS names every attribute.
    arn = ecs.list_container_instances(cluster="lab")["containerInstanceArns"][0]
    drained = ecs.update_container_instances_state(cluster="lab", containerInstances=[arn], status="DRAINING")
    instance = drained["containerInstances"][0]
    assert instance["status"] == "DRAINING"
    assert instance["attributes"] and all("name" in attribute for attribute in instance["attributes"])
    ecs.update_container_instances_state(cluster="lab", containerInstances=[arn], status="ACTIVE")


def test_deregister_answers_with_the_instance_and_refuses_without_force_when_tasks_run(ecs):
    busy = [
        instance
        for instance in ecs.describe_container_instances(
            cluster="edge-factory",
            containerInstances=ecs.list_container_instances(cluster="edge-factory")["containerInstanceArns"],
        )["containerInstances"]
        if instance["runningTasksCount"] > 0
    ][0]
    with pytest.raises(botocore.exceptions.ClientError):
        ecs.deregister_container_instance(cluster="edge-factory", containerInstance=busy["containerInstanceArn"])
    answer = ecs.deregister_container_instance(
        cluster="edge-factory", containerInstance=busy["containerInstanceArn"], force=True
    )
    assert answer["containerInstance"]["containerInstanceArn"] == busy["containerInstanceArn"]
    assert all("name" in attribute for attribute in answer["containerInstance"]["attributes"])


def names_of(sandbox, ecs, cluster, expression):
    arns = [arn for page in all_pages(ecs, cluster=cluster, filter=expression) for arn in page]
    if not arns:
        return set()
    described = ecs.describe_container_instances(cluster=cluster, containerInstances=arns)["containerInstances"]
    ssm = sandbox.client("ssm")
    return {
        info["ComputerName"]
        for info in ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [d["ec2InstanceId"] for d in described]}]
        )["InstanceInformationList"]
    }


def test_filters_use_equality_and_java_regular_expressions_not_globs(sandbox, ecs):
    # == with a * is plain equality: no site is literally "mun*".
    assert names_of(sandbox, ecs, "edge-factory", "attribute:site == mun*") == set()
    # =~ is a regular expression matched against the whole value, not a glob.
    assert names_of(sandbox, ecs, "edge-factory", "attribute:site =~ mun*") == set()
    assert names_of(sandbox, ecs, "edge-factory", "attribute:site =~ 'mun.*'") == names_of(
        sandbox, ecs, "edge-factory", "attribute:site == munich")
    assert names_of(sandbox, ecs, "edge-factory", "attribute:site !in [munich] and attribute:site exists") == names_of(
        sandbox, ecs, "edge-factory", "attribute:site != munich")
    assert names_of(sandbox, ecs, "edge-factory", "agentVersion >= 0.1.0") == names_of(
        sandbox, ecs, "edge-factory", "attribute:ecs.capability.external exists")


def test_invalid_filters_are_refused(ecs):
    for expression in ["attribute:site = munich", "agentConnected > true", "x" * 2001, "attribute:site =~ 'mun('"]:
        with pytest.raises(botocore.exceptions.ClientError) as raised:
            ecs.list_container_instances(cluster="edge-factory", filter=expression)
        assert raised.value.response["Error"]["Code"] == "InvalidParameterException", expression


def test_task_group_anti_affinity_places_away_from_the_group(ecs):
    register_external_definition(ecs, "db")
    first = ecs.run_task(cluster="lab", taskDefinition="db", launchType="EXTERNAL", group="database")["tasks"]
    assert len(first) == 1
    second = ecs.run_task(
        cluster="lab", taskDefinition="db", launchType="EXTERNAL", group="database",
        placementConstraints=[{"type": "memberOf", "expression": "not(task:group == database)"}],
    )["tasks"]
    assert len(second) == 1
    assert second[0]["containerInstanceArn"] != first[0]["containerInstanceArn"]
    third = ecs.run_task(
        cluster="lab", taskDefinition="db", launchType="EXTERNAL", group="database",
        placementConstraints=[{"type": "memberOf", "expression": "not(task:group == database)"}],
    )
    assert third["tasks"] == [] and third["failures"][0]["reason"] == "ATTRIBUTE"


def test_put_attributes_takes_an_arn_or_a_short_id_with_its_type(ecs):
    arn = ecs.list_container_instances(cluster="lab")["containerInstanceArns"][0]
    short = arn.rsplit("/", 1)[-1]
    ecs.put_attributes(cluster="lab", attributes=[
        {"name": "by-arn", "value": "1", "targetId": arn, "targetType": "container-instance"},
        {"name": "by-arn-untyped", "value": "2", "targetId": arn},
        {"name": "by-id", "value": "3", "targetId": short, "targetType": "container-instance"},
    ])
    [instance] = ecs.describe_container_instances(cluster="lab", containerInstances=[arn])["containerInstances"]
    values = {a["name"]: a.get("value") for a in instance["attributes"]}
    assert (values["by-arn"], values["by-arn-untyped"], values["by-id"]) == ("1", "2", "3")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.put_attributes(cluster="lab", attributes=[{"name": "x", "targetId": short}])
    assert raised.value.response["Error"]["Code"] == "InvalidParameterException"
    other_cluster = arn.replace("/lab/", "/edge-factory/")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.put_attributes(cluster="lab", attributes=[{"name": "x", "targetId": other_cluster}])
    assert raised.value.response["Error"]["Code"] == "TargetNotFoundException"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        ecs.put_attributes(cluster="lab", attributes=[
            {"name": f"extra-{index}", "value": "v", "targetId": arn} for index in range(10)
        ])
    assert raised.value.response["Error"]["Code"] == "AttributeLimitExceededException"
    ecs.delete_attributes(cluster="lab", attributes=[
        {"name": name, "targetId": arn} for name in ("by-arn", "by-arn-untyped", "by-id")
    ])
