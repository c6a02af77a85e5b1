"""Who may make an ECS or SSM call: the request context of each operation, judged by iam_policy.

For every operation the console uses, this builds what IAM would evaluate, following the Service
Authorization Reference (ECS: "Actions, resources, and condition keys for Amazon Elastic Container
Service"; SSM: "… for AWS Systems Manager"):

- the resource ARN(s) the action is authorized against, or "*" for actions without resource-level
  permissions (ecs:ListClusters, ecs:ListTaskDefinitions, ssm:CreateActivation, ssm:DescribeActivations,
  ssm:DescribeInstanceInformation, ssm:DescribeInstanceProperties, ssm:DeleteActivation,
  ssm:ListCommandInvocations…);
- the service keys: `ecs:cluster` (the cluster's ARN) where ECS supplies it, `aws:RequestTag/<key>` and
  `aws:TagKeys` for requests that carry tags;
- the global keys: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username (IAM
  users), aws:RequestedRegion, aws:CurrentTime and aws:EpochTime;
- the implicit `iam:PassRole` of ssm:CreateActivation on the role it names, with
  `iam:PassedToService = ssm.amazonaws.com` (and of cognito-identity:SetIdentityPoolRoles on each role).

Every request must be allowed; the first denial answers with AWS's AccessDeniedException text.
"""

from dataclasses import dataclass
from datetime import datetime

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from .awserror import AwsError
from .cognito import roles_named
from .iam_policy import Decision, Request, evaluate

PARTITION = "aws"


@dataclass
class Caller:
    """Who signed a verified request: moto's view of the key (its ARN and policies), and the scope."""

    access_key_id: str
    access_key: object
    region: str
    service: str
    # Signed with GetSessionToken keys; `access_key` is then the IAM user's long-term key they stand for.
    via_session: bool = False

    @property
    def arn(self) -> str:
        return self.access_key.arn

    def policies(self) -> list[str]:
        """The documents of every policy moto attaches to the key's user or role (inline ones as
        text or as named records, managed ones as Policy objects with versions)."""
        return [_document(policy) for policy in self.access_key.collect_policies()]


def _document(policy) -> str:
    if isinstance(policy, str):
        return policy
    if isinstance(policy, dict):
        return policy["policy_document"]
    return next(version.document for version in policy.versions if version.is_default)


def _principal_keys(caller: Caller, now: datetime) -> dict:
    arn = caller.arn
    resource = arn.split(":", 5)[5]
    keys = {
        "aws:PrincipalAccount": DEFAULT_ACCOUNT_ID,
        "aws:RequestedRegion": caller.region,
        "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(now.timestamp())),
    }
    if resource.startswith("assumed-role/"):
        _, role, session = resource.split("/", 2)
        keys["aws:PrincipalArn"] = f"arn:{PARTITION}:iam::{DEFAULT_ACCOUNT_ID}:role/{role}"
        keys["aws:PrincipalType"] = "AssumedRole"
        keys["aws:userid"] = f"{role}:{session}"
    else:
        keys["aws:PrincipalArn"] = arn
        keys["aws:PrincipalType"] = "User"
        keys["aws:username"] = resource.rsplit("/", 1)[-1]
        keys["aws:userid"] = caller.access_key_id
    return keys


def _tag_keys(tags: list[dict], key_field: str, value_field: str) -> dict:
    """aws:RequestTag/<key> for each tag and aws:TagKeys for all of them."""
    if not tags:
        return {}
    keys: dict = {f"aws:RequestTag/{tag[key_field]}": str(tag.get(value_field, "")) for tag in tags}
    keys["aws:TagKeys"] = [tag[key_field] for tag in tags]
    return keys


def _ecs_arn(region: str, resource: str) -> str:
    return f"arn:{PARTITION}:ecs:{region}:{DEFAULT_ACCOUNT_ID}:{resource}"


def _cluster_name(reference: str | None) -> str:
    if not reference:
        return "default"
    return reference.rsplit("/", 1)[-1] if reference.startswith("arn:") else reference


def _cluster_arn(region: str, reference: str | None) -> str:
    return _ecs_arn(region, f"cluster/{_cluster_name(reference)}")


def _within_cluster(region: str, kind: str, cluster: str | None, reference: str) -> str:
    """The ARN of a container instance, task or service given by ARN or by id/name within `cluster`."""
    if reference.startswith("arn:"):
        return reference
    return _ecs_arn(region, f"{kind}/{_cluster_name(cluster)}/{reference}")


def _cluster_of(arn: str, fallback: str | None) -> str | None:
    """The cluster named inside a container-instance, task or service ARN (new ARN format)."""
    parts = arn.split(":", 5)[-1].split("/")
    return parts[1] if len(parts) == 3 else fallback


def ecs_requests(operation: str, params: dict, region: str) -> list[tuple[str, dict]]:
    """(resource, service keys) pairs that `ecs:<operation>` is authorized against."""
    cluster = params.get("cluster")
    cluster_keys = {"ecs:cluster": _cluster_arn(region, cluster)}
    tags = _tag_keys(params.get("tags") or [], "key", "value")
    if operation in ("ListClusters", "ListTaskDefinitionFamilies", "ListTaskDefinitions",
                     "DescribeTaskDefinition", "DeregisterTaskDefinition"):
        return [("*", {})]
    if operation == "RegisterTaskDefinition":
        return [("*", tags)]
    if operation == "ListServices":
        return [("*", cluster_keys)]
    if operation == "CreateCluster":
        return [(_ecs_arn(region, f"cluster/{params.get('clusterName') or 'default'}"), tags)]
    if operation == "DescribeClusters":
        return [(_cluster_arn(region, name), {}) for name in (params.get("clusters") or ["default"])]
    if operation in ("ListContainerInstances", "DeregisterContainerInstance", "ListAttributes"):
        return [(_cluster_arn(region, cluster), {})]
    if operation in ("DescribeContainerInstances", "UpdateContainerInstancesState"):
        return [
            (_within_cluster(region, "container-instance", cluster, ref), cluster_keys)
            for ref in params.get("containerInstances", [])
        ]
    if operation in ("PutAttributes", "DeleteAttributes"):
        targets = {a.get("targetId") for a in params.get("attributes", [])} - {None}
        return [
            (_within_cluster(region, "container-instance", cluster, target), cluster_keys)
            for target in sorted(targets)
        ] or [(_cluster_arn(region, cluster), cluster_keys)]
    if operation == "ListTasks":
        instance = params.get("containerInstance")
        if instance:
            return [(_within_cluster(region, "container-instance", cluster, instance), cluster_keys)]
        return [(_cluster_arn(region, cluster), cluster_keys)]
    if operation in ("DescribeTasks", "StopTask"):
        references = params.get("tasks") or [params.get("task", "")]
        return [(_within_cluster(region, "task", cluster, ref), cluster_keys) for ref in references]
    if operation == "RunTask":
        definition = params.get("taskDefinition", "")
        resource = definition if definition.startswith("arn:") else _ecs_arn(region, f"task-definition/{definition}")
        return [(resource, {**cluster_keys, **tags})]
    if operation == "CreateService":
        service = _within_cluster(region, "service", cluster, params.get("serviceName", ""))
        return [(service, {**cluster_keys, **tags})]
    if operation in ("DescribeServices",):
        return [(_within_cluster(region, "service", cluster, ref), cluster_keys) for ref in params.get("services", [])]
    if operation == "UpdateService":
        return [(_within_cluster(region, "service", cluster, params.get("service", "")), cluster_keys)]
    if operation in ("TagResource", "UntagResource", "ListTagsForResource"):
        arn = params.get("resourceArn", "")
        keys = {}
        inner_cluster = _cluster_of(arn, None) if ":container-instance/" in arn or ":task/" in arn else None
        if inner_cluster:
            keys["ecs:cluster"] = _cluster_arn(region, inner_cluster)
        if operation == "TagResource":
            keys.update(tags)
        if operation == "UntagResource":
            keys["aws:TagKeys"] = list(params.get("tagKeys", []))
        return [(arn, keys)]
    # An operation not listed here is judged on "*": strict for any policy that scopes it.
    return [("*", {})]


def _ssm_arn(region: str, resource: str) -> str:
    return f"arn:{PARTITION}:ssm:{region}:{DEFAULT_ACCOUNT_ID}:{resource}"


def ssm_requests(operation: str, params: dict, region: str) -> list[tuple[str, dict]]:
    """(resource, service keys) pairs that `ssm:<operation>` is authorized against."""
    if operation == "CreateActivation":
        return [("*", _tag_keys(params.get("Tags") or [], "Key", "Value"))]
    if operation == "DeregisterManagedInstance":
        return [(_ssm_arn(region, f"managed-instance/{params.get('InstanceId', '')}"), {})]
    if operation in ("AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"):
        kinds = {"ManagedInstance": "managed-instance", "Document": "document", "Parameter": "parameter"}
        kind = kinds.get(params.get("ResourceType", ""), params.get("ResourceType", "").lower())
        keys = {}
        if operation == "AddTagsToResource":
            keys = _tag_keys(params.get("Tags") or [], "Key", "Value")
        if operation == "RemoveTagsFromResource":
            keys = {"aws:TagKeys": list(params.get("TagKeys", []))}
        return [(_ssm_arn(region, f"{kind}/{params.get('ResourceId', '')}"), keys)]
    if operation == "SendCommand":
        document = params.get("DocumentName", "")
        # AWS-owned documents carry no account in their ARN.
        document_arn = (
            f"arn:{PARTITION}:ssm:{region}::document/{document}" if document.startswith("AWS-")
            else _ssm_arn(region, f"document/{document}")
        )
        targets = [(_ssm_arn(region, f"managed-instance/{i}"), {}) for i in params.get("InstanceIds", [])]
        return [(document_arn, {}), *targets]
    return [("*", {})]


def cognito_identity_requests(operation: str, params: dict, region: str) -> list[tuple[str, dict]]:
    """`cognito-identity:<operation>` on the identity pool it names."""
    pool = params.get("IdentityPoolId", "")
    return [(f"arn:{PARTITION}:cognito-identity:{region}:{DEFAULT_ACCOUNT_ID}:identitypool/{pool}", {})]


def requests_for(caller: Caller, service: str, operation: str, params: dict, now: datetime) -> list[Request]:
    """Every authorization the call needs, the action's own first."""
    principal = _principal_keys(caller, now)
    builder = {"ecs": ecs_requests, "ssm": ssm_requests, "cognito-identity": cognito_identity_requests}[service]
    action = f"{service}:{operation}"
    requests = [
        Request(action, resource, {**principal, **keys})
        for resource, keys in builder(operation, params, caller.region)
    ]
    if service == "ssm" and operation == "CreateActivation" and params.get("IamRole"):
        requests.append(Request(
            "iam:PassRole", role_arn(params["IamRole"]),
            {**principal, "iam:PassedToService": "ssm.amazonaws.com"},
        ))
    if service == "cognito-identity" and operation == "SetIdentityPoolRoles":
        # The developer guide, "Granting pass role permission": setting a role passes it.
        requests += [
            Request("iam:PassRole", role, {**principal, "iam:PassedToService": "cognito-identity.amazonaws.com"})
            for role in roles_named(params)
        ]
    return requests


def role_arn(name_or_arn: str) -> str:
    """The ARN of the role CreateActivation names (SSM takes the name, optionally with its path)."""
    if name_or_arn.startswith("arn:"):
        return name_or_arn
    iam = get_backend("iam")[DEFAULT_ACCOUNT_ID][PARTITION]
    for role in iam.roles.values():
        if role.name == name_or_arn.rsplit("/", 1)[-1]:
            return role.arn
    return f"arn:{PARTITION}:iam::{DEFAULT_ACCOUNT_ID}:role/{name_or_arn}"


def denial(caller: Caller, request: Request, decision: Decision) -> AwsError:
    """AccessDeniedException in the words AWS uses since 2021 (with the reason for the denial)."""
    reason = (
        "with an explicit deny in an identity-based policy" if decision == Decision.EXPLICIT_DENY
        else f"because no identity-based policy allows the {request.action} action"
    )
    return AwsError(
        "AccessDeniedException",
        f"User: {caller.arn} is not authorized to perform: {request.action} on resource: "
        f"{request.resource} {reason}",
    )


def authorize(caller: Caller, service: str, operation: str, params: dict, now: datetime) -> None:
    """Raise AccessDeniedException unless the caller's policies allow every part of the call."""
    policies = caller.policies()
    for request in requests_for(caller, service, operation, params, now):
        decision = evaluate(policies, request)
        if decision != Decision.ALLOW:
            raise denial(caller, request, decision)
