"""Seeds: the console's IAM user (always), the demo fleet, or N hosts for benchmarks.

Everything is created through moto's backend objects (and the front's SSM state) directly, so
10,000 hosts take seconds rather than 10,000 HTTP calls.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID
from werkzeug.test import Client

from .cognito import CognitoIdentity
from .ecs_front import LOCK, place_tasks
from .external import HostFacts, add_external_instance, new_managed_instance_id
from .motoglue import ecs_backend
from .ssm_front import Activation, ManagedInstance, SsmState, new_activation_code
from .template import Stack, load, pseudo_parameters

CONSOLE_USER = "sandbox-console"
INSTANCE_ROLE = "ecsAnywhereRole"
ADMIN_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
SSM_TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ssm.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


def bootstrap_auth(moto_app, region: str) -> dict:
    """Create the console's user and key while auth is off, then switch moto's auth on."""
    iam = get_backend("iam")[DEFAULT_ACCOUNT_ID]["aws"]
    iam.create_user(region, CONSOLE_USER)
    iam.put_user_policy(CONSOLE_USER, "sandbox-admin", ADMIN_POLICY)
    key = iam.create_access_key(CONSOLE_USER)
    iam.create_role(
        role_name=INSTANCE_ROLE, assume_role_policy_document=SSM_TRUST, path="/",
        permissions_boundary=None, description="ECS Anywhere instance role", tags=[],
        max_session_duration=None,
    )
    client = Client(moto_app)
    transition = {"model_name": "ecs::task", "transition": {"progression": "manual", "times": 10**9}}
    client.post("/moto-api/state-manager/set-transition", data=json.dumps(transition))
    client.post("/moto-api/reset-auth", data="0", content_type="text/plain")
    return {"accessKeyId": key.access_key_id, "secretAccessKey": key.secret_access_key}


@dataclass
class DemoHost:
    cluster: str
    hostname: str
    os_id: str
    os_version: str
    arch: str
    state: str
    attributes: dict
    ecs_agent: str = "1.89.2"
    docker: str = "25.0.6"
    ssm_agent: str = "3.3.1142.0"


DEMO_HOSTS = [
    DemoHost("edge-factory", "factory-line-01", "ubuntu", "22.04", "x86_64", "connected",
             {"site": "munich", "tier": "edge", "gpu": "none"}),
    DemoHost("edge-factory", "factory-line-02", "ubuntu", "22.04", "arm64", "connected",
             {"site": "munich", "tier": "edge"}),
    DemoHost("edge-factory", "factory-line-03", "rhel", "9.3", "x86_64", "connected",
             {"site": "stuttgart", "tier": "edge"}, ecs_agent="1.86.3", docker="24.0.9"),
    DemoHost("edge-factory", "factory-line-04", "debian", "12", "arm64", "disconnected",
             {"site": "stuttgart"}, ecs_agent="1.82.1", ssm_agent="3.2.2303.0"),
    DemoHost("edge-factory", "factory-line-05", "amzn", "2023", "x86_64", "draining", {"site": "munich"}),
    DemoHost("edge-factory", "factory-gw-01", "ubuntu", "20.04", "x86_64", "connected",
             {"site": "munich", "tier": "gateway"}, ecs_agent="1.70.0", docker="20.10.25", ssm_agent="3.1.1732.0"),
    DemoHost("edge-factory", "factory-win-01", "windows", "10.0.20348", "x86_64", "connected",
             {"site": "munich"}, docker="24.0.7"),
    DemoHost("retail-stores", "store-berlin-01", "debian", "11", "arm64", "connected",
             {"site": "berlin", "tier": "store"}),
    DemoHost("retail-stores", "store-berlin-02", "ubuntu", "24.04", "x86_64", "disconnected",
             {"site": "berlin", "tier": "store"}, ecs_agent="1.85.0"),
    DemoHost("retail-stores", "store-hamburg-01", "amzn", "2023", "arm64", "connected",
             {"site": "hamburg", "tier": "store"}),
    DemoHost("retail-stores", "store-paris-01", "rhel", "8.9", "x86_64", "connected",
             {"site": "paris", "tier": "store"}, docker="24.0.9"),
    DemoHost("retail-stores", "store-paris-02", "windows", "10.0.17763", "x86_64", "draining",
             {"site": "paris", "tier": "store"}, ecs_agent="1.84.0", docker="23.0.6"),
    DemoHost("lab", "lab-pi-01", "debian", "12", "arm64", "connected", {"gpu": "none", "tier": "lab"}),
    DemoHost("lab", "lab-nuc-01", "ubuntu", "22.04", "x86_64", "connected", {"tier": "lab"}, ecs_agent="1.88.0"),
]

PLATFORM = {
    "ubuntu": "Ubuntu", "debian": "Debian GNU/Linux", "rhel": "Red Hat Enterprise Linux",
    "amzn": "Amazon Linux", "windows": "Microsoft Windows Server 2022 Datacenter",
}


def _fleet_activation(ssm: SsmState, limit: int) -> Activation:
    now = ssm.clock.now()
    activation = Activation(
        activation_id="9c2f5a63-0d7e-4b8a-9f1e-5c3d2b1a0e11", code=new_activation_code(),
        iam_role=INSTANCE_ROLE, registration_limit=limit, expires_at=now - timedelta(days=2),
        created_at=now - timedelta(days=3), description="Fleet rollout (expired)",
        default_instance_name="fleet",
    )
    ssm.activations[activation.activation_id] = activation
    return activation


def _add_host(ssm: SsmState, backend, activation: Activation, index: int, host: HostFacts,
              cluster: str, connected: bool, draining: bool) -> None:
    registered = ssm.clock.now() - timedelta(days=3, minutes=index)
    managed_id = new_managed_instance_id()
    ssm.add_instance(ManagedInstance(
        instance_id=managed_id, activation_id=activation.activation_id, iam_role=activation.iam_role,
        registered_at=registered,
        last_ping_at=ssm.clock.now() - (timedelta(hours=5) if not connected else timedelta(minutes=index % 5)),
        ping_status="Online" if connected else "ConnectionLost", agent_version=host.ssm_agent_version,
        platform_type="Windows" if host.os_id == "windows" else "Linux", platform_name=host.os_name,
        platform_version=host.os_version, ip_address=host.ip_address, computer_name=host.hostname,
        name=activation.default_instance_name,
    ))
    instance = add_external_instance(backend, cluster, managed_id, host, registered)
    instance.agent_connected = connected
    if draining:
        instance.status = "DRAINING"


def seed_demo(ssm: SsmState, region: str) -> None:
    backend = ecs_backend(region)
    with LOCK, ssm.lock:
        for name in ("edge-factory", "retail-stores", "lab"):
            backend.create_cluster(name, tags=[{"key": "environment", "value": "demo"}])
        activation = _fleet_activation(ssm, 20)
        for index, demo in enumerate(DEMO_HOSTS):
            host = HostFacts(
                hostname=demo.hostname, os_id=demo.os_id, os_name=PLATFORM[demo.os_id], os_version=demo.os_version,
                arch=demo.arch, ip_address=f"10.20.{index // 250}.{10 + index}", ecs_agent_version=demo.ecs_agent,
                docker_version=demo.docker, ssm_agent_version=demo.ssm_agent, attributes=demo.attributes,
                tags={"owner": "ops", "site": demo.attributes.get("site", "lab")},
                cpu=4096 if demo.arch == "x86_64" else 2048, memory=7680 if demo.arch == "x86_64" else 3840,
            )
            _add_host(ssm, backend, activation, index, host, demo.cluster,
                      demo.state != "disconnected", demo.state == "draining")
        definitions = {
            "factory-telemetry": ("bridge", "public.ecr.aws/docker/library/busybox:stable", 256),
            "store-pos-sync": ("host", "public.ecr.aws/nginx/nginx:stable", 512),
            "lab-probe": ("none", "public.ecr.aws/docker/library/alpine:3", 128),
        }
        for family, (mode, image, memory) in definitions.items():
            definition = backend.register_task_definition(
                family=family, network_mode=mode,
                container_definitions=[{"name": family, "image": image, "memory": memory, "essential": True}],
            )
            definition.requires_compatibilities = ["EXTERNAL"]
            definition.compatibilities = ["EC2", "EXTERNAL"]
        _run(backend, "edge-factory", "factory-telemetry:1", 4, "attribute:site == munich")
        _run(backend, "retail-stores", "store-pos-sync:1", 2, "attribute:tier == store")
        _run(backend, "lab", "lab-probe:1", 1, None)
    ssm.create_activation({
        "IamRole": INSTANCE_ROLE, "RegistrationLimit": 10, "Description": "Demo activation for new edge hosts",
        "DefaultInstanceName": "edge-host", "Tags": [{"Key": "purpose", "Value": "demo"}],
    })


# The demo fleet's hosts in its second region: one cluster of a warehouse site, all active and connected.
SECOND_REGION_CLUSTER = "edge-warehouse"
SECOND_REGION_HOSTS = [
    DemoHost(SECOND_REGION_CLUSTER, "warehouse-dublin-01", "ubuntu", "22.04", "x86_64", "connected",
             {"site": "dublin", "tier": "edge"}),
    DemoHost(SECOND_REGION_CLUSTER, "warehouse-dublin-02", "debian", "12", "arm64", "connected",
             {"site": "dublin", "tier": "edge"}),
    DemoHost(SECOND_REGION_CLUSTER, "warehouse-cork-01", "amzn", "2023", "x86_64", "connected",
             {"site": "cork", "tier": "edge"}, ecs_agent="1.88.0"),
]


def seed_second_region(ssm: SsmState, region: str) -> None:
    """The demo fleet's other region: its own cluster, activation and managed instances."""
    backend = ecs_backend(region)
    with LOCK, ssm.lock:
        backend.create_cluster(SECOND_REGION_CLUSTER, tags=[{"key": "environment", "value": "demo"}])
        activation = _fleet_activation(ssm, 10)
        for index, demo in enumerate(SECOND_REGION_HOSTS):
            host = HostFacts(
                hostname=demo.hostname, os_id=demo.os_id, os_name=PLATFORM[demo.os_id], os_version=demo.os_version,
                arch=demo.arch, ip_address=f"10.30.0.{10 + index}", ecs_agent_version=demo.ecs_agent,
                docker_version=demo.docker, ssm_agent_version=demo.ssm_agent, attributes=demo.attributes,
                tags={"owner": "ops", "site": demo.attributes["site"]},
                cpu=4096 if demo.arch == "x86_64" else 2048, memory=7680 if demo.arch == "x86_64" else 3840,
            )
            _add_host(ssm, backend, activation, index, host, demo.cluster, True, False)


def _run(backend, cluster_name: str, definition_ref: str, count: int, member_of: str | None) -> None:
    cluster = backend.clusters[cluster_name]
    definition = backend.describe_task_definition(definition_ref)
    request = {"placementConstraints": [{"type": "memberOf", "expression": member_of}]} if member_of else {}
    place_tasks(backend, cluster, definition, request, count, f"family:{definition.family}", "sandbox-seed")


def seed_hosts(ssm: SsmState, region: str, count: int) -> None:
    """N hosts in cluster `bench`: mixed OS and arch, every 10th disconnected, every 25th draining."""
    backend = ecs_backend(region)
    kinds = [("ubuntu", "22.04", "x86_64"), ("debian", "12", "arm64"), ("rhel", "9.3", "x86_64"),
             ("amzn", "2023", "arm64")]
    with LOCK, ssm.lock:
        backend.create_cluster("bench")
        activation = _fleet_activation(ssm, max(count, 1))
        for index in range(count):
            os_id, version, arch = kinds[index % len(kinds)]
            host = HostFacts(
                hostname=f"bench-{index:05d}", os_id=os_id, os_name=PLATFORM[os_id], os_version=version,
                arch=arch, ip_address=f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}",
                attributes={"site": f"site-{index % 7}", "rack": f"r{index % 40}"},
            )
            _add_host(ssm, backend, activation, index, host, "bench", index % 10 != 9, index % 25 == 24)


# The user pool sign-in, built from deploy/self-service.yaml itself (its resources' properties and the
# roles' policies, rendered for these parameters), so the journeys exercise the template's policy.
SIGN_IN_CLUSTER = "retail-stores"
SIGN_IN_PASSWORD = "Sandbox-Passw0rd"
SIGN_IN_USERS = {"alice@example.com": [], "ada@example.com": ["console-admins"]}
ADMIN_GROUP = "console-admins"


def seed_sign_in(cognito: CognitoIdentity, region: str) -> dict:
    """A user pool with an app client, users (one in the admin group), an identity pool listing it, and
    the template's self-service and admin roles attached as the template attaches them."""
    stack = Stack(load(), {
        **pseudo_parameters(region, DEFAULT_ACCOUNT_ID, "anywhere-sandbox"),
        "AllowedCluster": SIGN_IN_CLUSTER, "InstanceRoleName": INSTANCE_ROLE,
        "ConsoleUrl": "https://console.invalid/", "DomainPrefix": "anywhere-console", "AdminGroup": "true",
    })
    idp = get_backend("cognito-idp")[DEFAULT_ACCOUNT_ID][region]
    pool_config = stack.resource("UserPool")
    pool = idp.create_user_pool(pool_config.pop("UserPoolName"), pool_config)
    stack.values.update({"UserPool": pool.id, "UserPool.ProviderName": f"cognito-idp.{region}.amazonaws.com/{pool.id}"})
    idp.create_user_pool_domain(pool.id, stack.values["DomainPrefix"])
    stack.values["UserPoolDomain"] = stack.values["DomainPrefix"]
    client_config = stack.resource("UserPoolClient")
    client_config.pop("UserPoolId")
    # The journeys register the address they serve the console at (POST /_sandbox/user-pool).
    client_config.update({"CallbackURLs": [], "LogoutURLs": []})
    client = idp.create_user_pool_client(pool.id, client_config.pop("GenerateSecret"), client_config)
    stack.values["UserPoolClient"] = client.id
    identity_config = stack.resource("IdentityPool")
    identity_backend = get_backend("cognito-identity")[DEFAULT_ACCOUNT_ID][region]
    identity_pool = json.loads(identity_backend.create_identity_pool(
        identity_pool_name=identity_config["IdentityPoolName"],
        allow_unauthenticated_identities=identity_config["AllowUnauthenticatedIdentities"],
        supported_login_providers={}, developer_provider_name="", open_id_connect_provider_arns=[],
        cognito_identity_providers=identity_config["CognitoIdentityProviders"], saml_provider_arns=[], tags={},
    ))["IdentityPoolId"]
    stack.values["IdentityPool"] = identity_pool
    iam = get_backend("iam")[DEFAULT_ACCOUNT_ID]["aws"]
    role_names = {"SelfServiceRole": "consoleSignInRole", "AdminRole": "consoleAdminRole"}
    for logical_id, name in role_names.items():
        role_config = stack.resource(logical_id)
        role = iam.create_role(
            role_name=name, assume_role_policy_document=json.dumps(role_config["AssumeRolePolicyDocument"]),
            path="/", permissions_boundary=None, description=role_config["Description"], tags=[],
            max_session_duration=str(role_config["MaxSessionDuration"]),
        )
        for policy in role_config["Policies"]:
            iam.put_role_policy(name, policy["PolicyName"], json.dumps(policy["PolicyDocument"]))
        stack.values[f"{logical_id}.Arn"] = role.arn
    group = stack.resource("AdminGroupOfUsers")
    idp.create_group(pool.id, group["GroupName"], group["Description"], None, None)
    for username, groups in SIGN_IN_USERS.items():
        idp.admin_create_user(pool.id, username, "SUPPRESS", SIGN_IN_PASSWORD, [
            {"Name": "email", "Value": username}, {"Name": "email_verified", "Value": "true"},
        ])
        idp.admin_set_user_password(pool.id, username, SIGN_IN_PASSWORD, True)
        for name in groups:
            idp.admin_add_user_to_group(pool.id, name, username)
    attachment = stack.resource("RoleAttachment")
    mappings = {
        mapping["IdentityProvider"]: {k: v for k, v in mapping.items() if k != "IdentityProvider"}
        for mapping in attachment.get("RoleMappings", {}).values()
    }
    cognito.set_roles(identity_pool, attachment["Roles"], mappings)
    return {
        "userPoolId": pool.id, "clientId": client.id, "identityPoolId": identity_pool,
        "cluster": SIGN_IN_CLUSTER, "password": SIGN_IN_PASSWORD,
        "users": [{"username": name, "groups": groups} for name, groups in SIGN_IN_USERS.items()],
        "roles": {logical_id: stack.values[f"{logical_id}.Arn"] for logical_id in role_names},
    }
