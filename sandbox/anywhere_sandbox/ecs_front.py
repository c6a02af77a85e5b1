"""ECS behaviours the front adds over moto, each following the ECS API reference.

State stays in moto's ECS backend; the front only reads and mutates those objects and serializes them
with moto's serializer. Every handler takes the region and the decoded request, returns a JSON dict or
None (None: let moto answer the request unchanged).
"""

import base64
import threading
from collections.abc import Callable
from typing import Any

from moto.ecs.exceptions import ClusterNotFoundException
from moto.ecs.models import Task

from .awserror import AwsError, invalid_parameter
from .cql import Subject, compile_expression
from .external import LATEST_ECS_AGENT, find_instance
from .motoglue import ecs_backend, serialize_ecs

LOCK = threading.RLock()
LIST_PAGE_MAX = 100
DESCRIBE_MAX = 100
UPDATE_STATE_MAX = 10
RUN_TASK_MAX = 10
CUSTOM_ATTRIBUTES_MAX = 10


def cluster_not_found() -> AwsError:
    return AwsError("ClusterNotFoundException", "Cluster not found.")


def _cluster(backend, reference: str | None):
    try:
        return backend._get_cluster(reference or "default")
    except ClusterNotFoundException as error:
        raise cluster_not_found() from error


def task_groups(backend, cluster_name: str) -> dict[str, list[str]]:
    """Container-instance ARN to the groups of its PENDING and RUNNING tasks (`task:group`)."""
    groups: dict[str, list[str]] = {}
    for task in backend.tasks.get(cluster_name, {}).values():
        if task.last_status in ("PENDING", "RUNNING") and task.container_instance_arn:
            groups.setdefault(task.container_instance_arn, []).append(task.group)
    return groups


def subject_of(instance, groups: dict[str, list[str]]) -> Subject:
    return Subject(
        attributes=instance.attributes,
        agent_connected=instance.agent_connected,
        agent_version=(instance.version_info or {}).get("agentVersion", ""),
        ec2_instance_id=instance.ec2_instance_id,
        registered_at=instance.registered_at,
        running_tasks_count=instance.running_tasks_count,
        task_groups=groups.get(instance.container_instance_arn, []),
    )


def _encode_token(position: int) -> str:
    return base64.urlsafe_b64encode(f"ci:{position}".encode()).decode()


def _decode_token(token: str) -> int:
    try:
        prefix, _, number = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if prefix != "ci":
            raise ValueError(prefix)
        return int(number)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid_parameter("Invalid nextToken.") from error


def list_container_instances(region: str, request: dict) -> dict:
    """ListContainerInstances: pages of at most 100, `filter` in the cluster query language, `status`."""
    max_results = request.get("maxResults", LIST_PAGE_MAX)
    if not 1 <= max_results <= LIST_PAGE_MAX:
        raise invalid_parameter("maxResults must be between 1 and 100.")
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        instances = list(backend.container_instances.get(cluster.name, {}).values())
        groups = task_groups(backend, cluster.name)
    predicate = compile_expression(request["filter"]) if request.get("filter") else None
    status = request.get("status")
    start = _decode_token(request["nextToken"]) if request.get("nextToken") else 0
    arns: list[str] = []
    position = start
    while position < len(instances) and len(arns) < max_results:
        instance = instances[position]
        position += 1
        if status and instance.status != status:
            continue
        if predicate and not predicate(subject_of(instance, groups)):
            continue
        arns.append(instance.container_instance_arn)
    response: dict[str, Any] = {"containerInstanceArns": arns}
    if position < len(instances):
        response["nextToken"] = _encode_token(position)
    return response


def describe_container_instances(region: str, request: dict) -> dict:
    """DescribeContainerInstances: at most 100 ARNs; tags only with include TAGS."""
    references = request["containerInstances"]
    if len(references) > DESCRIBE_MAX:
        raise invalid_parameter("instanceIds can have at most 100 items.")
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        backend.container_instances.setdefault(cluster.name, {})
        found, failures = backend.describe_container_instances(cluster.name, references)
        body = serialize_ecs(
            "DescribeContainerInstances", {"containerInstances": found, "failures": failures}
        )
    if "TAGS" not in request.get("include", []):
        for instance in body.get("containerInstances", []):
            instance.pop("tags", None)
    return body


def update_container_instances_state(region: str, request: dict) -> dict:
    """UpdateContainerInstancesState takes at most 10 instances per call.

    Answered here rather than by moto because moto's own answer lists the instances' attributes as
    empty objects; serialized like DescribeContainerInstances, as AWS does.
    """
    if len(request["containerInstances"]) > UPDATE_STATE_MAX:
        raise invalid_parameter("instanceIds can have at most 10 items.")
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        updated, failures = backend.update_container_instances_state(
            cluster.name, request["containerInstances"], request["status"]
        )
        body = serialize_ecs(
            "UpdateContainerInstancesState", {"containerInstances": updated, "failures": failures}
        )
    for instance in body.get("containerInstances", []):
        instance.pop("tags", None)
    return body


def deregister_container_instance(region: str, request: dict) -> dict:
    """DeregisterContainerInstance, answered here for the same reason as UpdateContainerInstancesState."""
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        instance = backend.deregister_container_instance(
            cluster.name, request["containerInstance"], bool(request.get("force", False))
        )
        body = serialize_ecs("DeregisterContainerInstance", {"containerInstance": instance})
    body.get("containerInstance", {}).pop("tags", None)
    return body


def _container_instance_for_arn(region: str, arn: str):
    if ":container-instance/" not in arn:
        return None
    backend = ecs_backend(region)
    instance_id = arn.split("/")[-1]
    for instances in backend.container_instances.values():
        if instance_id in instances:
            return instances[instance_id]
    raise AwsError("InvalidParameterException", "The specified resource could not be found.")


def tag_resource(region: str, request: dict) -> dict | None:
    """TagResource on container instances (moto answers 500 for them)."""
    with LOCK:
        instance = _container_instance_for_arn(region, request["resourceArn"])
        if instance is None:
            return None
        merged = {tag["key"]: tag.get("value") for tag in instance.tags}
        merged.update({tag["key"]: tag.get("value") for tag in request["tags"]})
        instance.tags = [{"key": key, "value": value} for key, value in merged.items()]
    return {}


def untag_resource(region: str, request: dict) -> dict | None:
    with LOCK:
        instance = _container_instance_for_arn(region, request["resourceArn"])
        if instance is None:
            return None
        instance.tags = [tag for tag in instance.tags if tag["key"] not in request["tagKeys"]]
    return {}


def list_tags_for_resource(region: str, request: dict) -> dict | None:
    with LOCK:
        instance = _container_instance_for_arn(region, request["resourceArn"])
        if instance is None:
            return None
        return {"tags": list(instance.tags)}


def delete_attributes(region: str, request: dict) -> dict:
    """DeleteAttributes by name (moto needs the exact value, AWS does not)."""
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        instances = backend.container_instances.get(cluster.name, {})
        for attribute in request["attributes"]:
            target = attribute.get("targetId")
            if target:
                instance = find_instance(backend, cluster.name, target)
                if instance is None:
                    raise AwsError("TargetNotFoundException", f"Could not find {target}.")
                chosen = [instance]
            else:
                chosen = list(instances.values())
            for instance in chosen:
                instance.attributes.pop(attribute["name"], None)
    return {"attributes": request["attributes"]}


def _is_custom(name: str) -> bool:
    return not name.startswith(("ecs.", "com.amazonaws.ecs."))


def put_attributes(region: str, request: dict) -> dict | None:
    """PutAttributes on container instances named by their full ARN (targetType optional) or by their
    short id with targetType, as the API reference allows (moto refuses an ARN with targetType); at
    most 10 custom attributes per instance ("Amazon ECS container instance attributes")."""
    if any(not attribute.get("targetId") for attribute in request["attributes"]):
        return None
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        instances = backend.container_instances.get(cluster.name, {})
        changes = []
        for attribute in request["attributes"]:
            target = attribute["targetId"]
            if target.startswith("arn:"):
                resource = target.split(":", 5)[-1]
                kind, _, path = resource.partition("/")
                cluster_part, _, instance_id = path.rpartition("/")
                belongs = kind == "container-instance" and cluster_part in ("", cluster.name)
                instance = instances.get(instance_id) if belongs else None
            elif attribute.get("targetType") is None:
                raise invalid_parameter("targetType must be specified when targetId is not a full ARN.")
            else:
                instance = instances.get(target)
            if instance is None:
                raise AwsError("TargetNotFoundException", f"Could not find {target}.")
            changes.append((instance, attribute["name"], attribute.get("value")))
        for instance in {id(i): i for i, _, _ in changes}.values():
            names = {name for name in instance.attributes if _is_custom(name)}
            names |= {name for i, name, _ in changes if i is instance and _is_custom(name)}
            if len(names) > CUSTOM_ATTRIBUTES_MAX:
                raise AwsError(
                    "AttributeLimitExceededException",
                    f"You can apply up to {CUSTOM_ATTRIBUTES_MAX} custom attributes to a resource.",
                )
        for instance, name, value in changes:
            instance.attributes[name] = value
    return {"attributes": request["attributes"]}


def register_task_definition(region: str, request: dict) -> dict | None:
    """EXTERNAL task definitions keep bridge/host/none (moto forces awsvpc on anything not EC2-only)."""
    wanted = request.get("requiresCompatibilities") or []
    if "EXTERNAL" not in wanted:
        return None
    network_mode = request.get("networkMode", "bridge")
    if network_mode == "awsvpc":
        raise AwsError(
            "ClientException",
            "Network mode awsvpc is not supported for the EXTERNAL launch type; use bridge, host or none.",
        )
    others = [item for item in wanted if item != "EXTERNAL"]
    backend = ecs_backend(region)
    with LOCK:
        definition = backend.register_task_definition(
            family=request["family"],
            container_definitions=request["containerDefinitions"],
            volumes=request.get("volumes"),
            network_mode=network_mode,
            tags=request.get("tags"),
            placement_constraints=request.get("placementConstraints"),
            requires_compatibilities=others or None,
            cpu=request.get("cpu"),
            memory=request.get("memory"),
            task_role_arn=request.get("taskRoleArn"),
            execution_role_arn=request.get("executionRoleArn"),
            proxy_configuration=request.get("proxyConfiguration"),
            inference_accelerators=request.get("inferenceAccelerators"),
            runtime_platform=request.get("runtimePlatform"),
            ipc_mode=request.get("ipcMode"),
            pid_mode=request.get("pidMode"),
            ephemeral_storage=request.get("ephemeralStorage"),
        )
        definition.network_mode = network_mode
        definition.requires_compatibilities = wanted
        definition.compatibilities = ["EC2", "EXTERNAL"] if "FARGATE" not in wanted else ["EC2", "FARGATE", "EXTERNAL"]
        return serialize_ecs(
            "RegisterTaskDefinition", {"taskDefinition": definition, "tags": definition.tags}
        )


def _refuse_unsupported_for_external(request: dict) -> None:
    """Features the ECS guide lists as unsupported on external instances."""
    if request.get("capacityProviderStrategy"):
        raise invalid_parameter(
            "Specify either Launch Type or Capacity Provider Strategy, but not both."
        )
    if request.get("loadBalancers"):
        raise invalid_parameter("Load balancers are not supported for the EXTERNAL launch type.")
    if request.get("serviceRegistries"):
        raise invalid_parameter("Service registries are not supported for the EXTERNAL launch type.")
    if (request.get("networkConfiguration") or {}).get("awsvpcConfiguration"):
        raise invalid_parameter(
            "Network Configuration is not valid for the EXTERNAL launch type: awsvpc is not supported."
        )


def _constraints(request: dict, definition) -> tuple[list[Callable], bool]:
    checks: list[Callable] = []
    distinct = False
    for constraint in list(request.get("placementConstraints") or []) + list(
        definition.placement_constraints or []
    ):
        if constraint.get("type") == "distinctInstance":
            distinct = True
        elif constraint.get("type") == "memberOf":
            expression = constraint.get("expression")
            if not expression:
                raise invalid_parameter("memberOf placement constraints require an expression.")
            checks.append(compile_expression(expression))
    return checks, distinct


def place_tasks(
    backend, cluster, definition, request: dict, count: int, group: str, started_by: str
) -> tuple[list[Task], list[dict]]:
    """Place tasks on ACTIVE, connected external instances that satisfy every memberOf constraint,
    spreading them across instances (the ECS default for RunTask without a strategy is random;
    spreading keeps it deterministic)."""
    checks, distinct = _constraints(request, definition)
    requirements = backend._calculate_task_resource_requirements(definition)
    instances = list(backend.container_instances.get(cluster.name, {}).values())
    eligible = [
        instance for instance in instances
        if instance.status == "ACTIVE"
        and instance.agent_connected
        and "ecs.capability.external" in instance.attributes
    ]
    groups = task_groups(backend, cluster.name)
    tasks: list[Task] = []
    used: set[str] = set()
    backend.tasks.setdefault(cluster.name, {})
    cursor = 0
    matching: list = []
    for _ in range(count):
        # Each task is placed knowing the ones placed before it (task:group affinity).
        matching = [i for i in eligible if all(check(subject_of(i, groups)) for check in checks)]
        placed = False
        for offset in range(len(matching)):
            instance = matching[(cursor + offset) % len(matching)]
            if distinct and instance.id in used:
                continue
            if not backend._can_be_placed(instance, requirements):
                continue
            task = Task(
                cluster, definition, instance.container_instance_arn, requirements, backend=backend,
                group=group, launch_type="EXTERNAL", overrides=request.get("overrides") or {},
                started_by=started_by, tags=request.get("tags") or [],
            )
            backend.update_container_instance_resources(instance, requirements)
            backend.update_cluster_resources(cluster, 1)
            backend.tasks[cluster.name][task.task_arn] = task
            tasks.append(task)
            groups.setdefault(instance.container_instance_arn, []).append(group)
            used.add(instance.id)
            cursor = (cursor + offset + 1) % max(len(matching), 1)
            placed = True
            break
        if not placed:
            break
    failures = []
    if len(tasks) < count:
        reason = "ATTRIBUTE" if not matching and eligible else "RESOURCE:MEMORY" if matching else "AGENT"
        failures.append({"arn": cluster.arn, "reason": reason})
    return tasks, failures


def _external_definition(backend, reference: str):
    definition = backend.describe_task_definition(reference)
    if "EXTERNAL" not in (definition.compatibilities or []):
        raise AwsError("ClientException", "Task definition does not support launch_type EXTERNAL.")
    return definition


def run_task(region: str, request: dict) -> dict | None:
    if request.get("launchType") != "EXTERNAL":
        return None
    _refuse_unsupported_for_external(request)
    count = request.get("count", 1)
    if not 1 <= count <= RUN_TASK_MAX:
        raise invalid_parameter("count must be between 1 and 10.")
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        definition = _external_definition(backend, request["taskDefinition"])
        group = request.get("group") or f"family:{definition.family}"
        tasks, failures = place_tasks(
            backend, cluster, definition, request, count, group, request.get("startedBy") or ""
        )
        return serialize_ecs("RunTask", {"tasks": tasks, "failures": failures})


def create_service(region: str, request: dict) -> dict | None:
    if request.get("launchType") != "EXTERNAL":
        return None
    _refuse_unsupported_for_external(request)
    backend = ecs_backend(region)
    with LOCK:
        cluster = _cluster(backend, request.get("cluster"))
        definition = _external_definition(backend, request["taskDefinition"])
        service = backend.create_service(
            cluster.name, request["serviceName"], request.get("desiredCount", 0),
            task_definition_str=definition.arn, tags=request.get("tags"),
            scheduling_strategy=request.get("schedulingStrategy"),
            deployment_controller=request.get("deploymentController"), launch_type="EC2",
            propagate_tags=request.get("propagateTags") or "NONE",
        )
        service.launch_type = "EXTERNAL"
        deployment_id = service.deployments[0]["id"] if service.deployments else "ecs-svc"
        tasks, _ = place_tasks(
            backend, cluster, definition, request, service.desired_count,
            f"service:{service.name}", deployment_id,
        )
        service.running_count = len(tasks)
        service.pending_count = service.desired_count - len(tasks)
        for deployment in service.deployments:
            deployment.update(
                launchType="EXTERNAL", runningCount=len(tasks), pendingCount=service.pending_count,
                rolloutState="COMPLETED" if service.pending_count == 0 else "IN_PROGRESS",
            )
            deployment.pop("platformFamily", None)
        return serialize_ecs("CreateService", {"service": service})


def instance_by_managed_id(region: str, managed_instance_id: str):
    for instances in ecs_backend(region).container_instances.values():
        for instance in instances.values():
            if instance.ec2_instance_id == managed_instance_id:
                return instance
    return None


def upgrade_agent(region: str, managed_instance_id: str) -> None:
    """The host installed amazon-ecs-init-latest and restarted the agent: it reports the new version."""
    with LOCK:
        instance = instance_by_managed_id(region, managed_instance_id)
        if instance is not None:
            instance.version_info = {**(instance.version_info or {}), "agentVersion": LATEST_ECS_AGENT}


def disconnect_agent(region: str, managed_instance_id: str) -> None:
    """A host deregistered from SSM loses the credentials its ECS agent uses, so the agent disconnects."""
    with LOCK:
        instance = instance_by_managed_id(region, managed_instance_id)
        if instance is not None:
            instance.agent_connected = False


HANDLERS: dict[str, Callable[[str, dict], dict | None]] = {
    "ListContainerInstances": list_container_instances,
    "DescribeContainerInstances": describe_container_instances,
    "UpdateContainerInstancesState": update_container_instances_state,
    "DeregisterContainerInstance": deregister_container_instance,
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags_for_resource,
    "DeleteAttributes": delete_attributes,
    "PutAttributes": put_attributes,
    "RegisterTaskDefinition": register_task_definition,
    "RunTask": run_task,
    "CreateService": create_service,
}
