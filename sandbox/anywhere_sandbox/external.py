"""External (ECS Anywhere) container instances, held as moto ECS backend objects.

moto's ContainerInstance needs an EC2 instance behind it; an external host has a managed-instance id
(`mi-…`) instead, set by the agent as `ec2InstanceId` (ECS developer guide, "External instances").
This subclass fills the same fields without EC2, so moto's own reads, drains and deregistration work on it.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from moto.ecs.models import ContainerInstance, EC2ContainerServiceBackend

OS_FAMILY = {
    "windows": "WINDOWS_SERVER_2022_FULL",
}


# The ECS agent that amazon-ecs-init-latest installs, in this sandbox.
LATEST_ECS_AGENT = "1.89.2"


def new_managed_instance_id() -> str:
    return "mi-" + secrets.token_hex(9)[:17]


@dataclass
class HostFacts:
    """What the agents on a host report about it."""

    hostname: str
    os_id: str
    os_name: str
    os_version: str
    arch: str
    ip_address: str
    cpu: int = 2048
    memory: int = 3800
    ecs_agent_version: str = LATEST_ECS_AGENT
    docker_version: str = "25.0.6"
    ssm_agent_version: str = "3.3.1142.0"
    attributes: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)

    @property
    def os_type(self) -> str:
        return "windows" if self.os_id == "windows" else "linux"

    @property
    def cpu_architecture(self) -> str:
        return "arm64" if self.arch in ("arm64", "aarch64") else "x86_64"


def _resource(name: str, value: int) -> dict:
    return {"doubleValue": 0.0, "integerValue": value, "longValue": 0, "name": name, "type": "INTEGER"}


def _ports() -> list[dict]:
    return [
        {"doubleValue": 0.0, "integerValue": 0, "longValue": 0, "name": "PORTS",
         "stringSetValue": ["22", "2375", "2376", "51678", "51679"], "type": "STRINGSET"},
        {"doubleValue": 0.0, "integerValue": 0, "longValue": 0, "name": "PORTS_UDP",
         "stringSetValue": [], "type": "STRINGSET"},
    ]


class ExternalContainerInstance(ContainerInstance):
    def __init__(
        self,
        backend: EC2ContainerServiceBackend,
        cluster_name: str,
        managed_instance_id: str,
        host: HostFacts,
        registered_at: datetime,
    ):
        self.ec2_instance_id = managed_instance_id
        self.agent_connected = True
        self.status = "ACTIVE"
        self.registered_resources = [_resource("CPU", host.cpu), _resource("MEMORY", host.memory), *_ports()]
        self.remaining_resources = [_resource("CPU", host.cpu), _resource("MEMORY", host.memory), *_ports()]
        self.pending_tasks_count = 0
        self.running_tasks_count = 0
        self.version_info = {
            "agentVersion": host.ecs_agent_version,
            "agentHash": secrets.token_hex(4),
            "dockerVersion": f"DockerVersion: {host.docker_version}",
        }
        self.attributes = {
            "ecs.capability.external": None,
            "ecs.os-type": host.os_type,
            "ecs.os-family": OS_FAMILY.get(host.os_id, "LINUX"),
            "ecs.cpu-architecture": host.cpu_architecture,
            "com.amazonaws.ecs.capability.docker-remote-api.1.44": None,
            "com.amazonaws.ecs.capability.logging-driver.awslogs": None,
            "ecs.capability.execution-role-awslogs": None,
            "ecs.capability.container-health-check": None,
            **host.attributes,
        }
        self.tags = [{"key": key, "value": value} for key, value in host.tags.items()]
        self.registered_at = registered_at
        self.region_name = backend.region_name
        self.id = str(uuid.uuid4())
        self.cluster_name = cluster_name
        self._account_id = backend.account_id
        self._backend = backend


def add_external_instance(
    backend: EC2ContainerServiceBackend,
    cluster_name: str,
    managed_instance_id: str,
    host: HostFacts,
    registered_at: datetime,
) -> ExternalContainerInstance:
    instance = ExternalContainerInstance(backend, cluster_name, managed_instance_id, host, registered_at)
    backend.container_instances.setdefault(cluster_name, {})[instance.id] = instance
    backend.clusters[cluster_name].registered_container_instances_count += 1
    return instance


def find_instance(backend: EC2ContainerServiceBackend, cluster_name: str, reference: str):
    return backend.container_instances.get(cluster_name, {}).get(reference.split("/")[-1])
