"""What the SSM and ECS agents do when the install script registers a host, for the install stand-in.

SSM: the activation must exist, match its code, be unexpired and under its registration limit
(Systems Manager guide, "Create a hybrid activation"); the host becomes a managed instance, ping Online.
ECS: the agent registers into the configured cluster. Like the real agent it creates the cluster only
when it is `default`; a named cluster that does not exist fails registration (ClusterNotFoundException),
leaving the SSM registration in place, as on a real host.
Custom attributes follow the ECS limits on attribute names and values ("Attributes" in the ECS guide).
"""

import json
import re
from dataclasses import dataclass

from .awserror import AwsError
from .ecs_front import LOCK, cluster_not_found
from .external import HostFacts, add_external_instance, new_managed_instance_id
from .motoglue import ecs_backend
from .ssm_front import ManagedInstance, SsmState

ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_./-]{1,128}$")
ATTRIBUTE_VALUE = re.compile(r"^[A-Za-z0-9_./@: -]{1,128}$")
PLATFORM_NAMES = {
    "ubuntu": "Ubuntu", "debian": "Debian GNU/Linux", "rhel": "Red Hat Enterprise Linux",
    "centos": "CentOS Linux", "amzn": "Amazon Linux", "fedora": "Fedora Linux",
    "sles": "SLES", "opensuse-tumbleweed": "openSUSE Tumbleweed", "windows": "Microsoft Windows Server 2022 Datacenter",
}


@dataclass
class Registration:
    activation_id: str
    activation_code: str
    cluster: str
    region: str
    host: HostFacts


def _json_map(text: str, setting: str) -> dict:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as error:
        raise AwsError("InvalidParameterException", f"{setting} is not valid JSON: {error}") from error
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise AwsError("InvalidParameterException", f"{setting} must be a JSON object of string values.")
    return value


def parse_request(body: bytes) -> Registration:
    try:
        request = json.loads(body or b"{}")
    except ValueError as error:
        raise AwsError("InvalidParameterException", "The registration request is not valid JSON.") from error
    missing = [k for k in ("activationId", "activationCode", "region", "hostname", "os", "arch") if not request.get(k)]
    if missing:
        raise AwsError("InvalidParameterException", "Missing registration fields: " + ", ".join(missing))
    attributes = _json_map(request.get("attributesJson", ""), "ECS_INSTANCE_ATTRIBUTES")
    for name, value in attributes.items():
        if name.startswith("ecs.") or not ATTRIBUTE_NAME.match(name) or not ATTRIBUTE_VALUE.match(value):
            raise AwsError(
                "InvalidParameterException",
                f"ECS_INSTANCE_ATTRIBUTES: attribute {name}={value} is not valid (names: letters, digits, "
                "_ . / -, not starting with 'ecs.'; values: letters, digits, _ . / @ : - and spaces; 1-128 chars).",
            )
    tags = _json_map(request.get("tagsJson", ""), "ECS_CONTAINER_INSTANCE_TAGS")
    os_id = request["os"]
    host = HostFacts(
        hostname=request["hostname"], os_id=os_id, os_name=PLATFORM_NAMES.get(os_id, os_id),
        os_version=request.get("osVersion", ""), arch=request["arch"],
        ip_address=request.get("ipAddress") or "127.0.0.1", attributes=attributes, tags=tags,
    )
    return Registration(
        request["activationId"], request["activationCode"], request.get("cluster") or "default",
        request["region"], host,
    )


def register_host(ssm: SsmState, registration: Registration) -> dict:
    """Register with SSM, then with ECS; returns the managed-instance id and container-instance ARN."""
    host = registration.host
    now = ssm.clock.now()
    with ssm.lock:
        activation = ssm.check_activation(registration.activation_id, registration.activation_code)
        managed = ManagedInstance(
            instance_id=new_managed_instance_id(), activation_id=activation.activation_id,
            iam_role=activation.iam_role, registered_at=now, last_ping_at=now, ping_status="Online",
            agent_version=host.ssm_agent_version, platform_type="Windows" if host.os_id == "windows" else "Linux",
            platform_name=host.os_name, platform_version=host.os_version, ip_address=host.ip_address,
            computer_name=host.hostname, name=activation.default_instance_name,
        )
        ssm.add_instance(managed)
    backend = ecs_backend(registration.region)
    with LOCK:
        if registration.cluster not in backend.clusters:
            if registration.cluster != "default":
                error = cluster_not_found()
                error.message = (
                    f"ECS agent could not register {managed.instance_id} in cluster "
                    f"'{registration.cluster}': {error.message} Create the cluster first."
                )
                raise error
            backend.create_cluster("default")
        instance = add_external_instance(backend, registration.cluster, managed.instance_id, host, now)
    return {"instanceId": managed.instance_id, "containerInstanceArn": instance.container_instance_arn}
