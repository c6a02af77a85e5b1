"""deploy/self-service.yaml: cfn-lint clean, the sign-in's safety properties, and its roles' policies
evaluated request by request with the sandbox's IAM evaluator, so what is linted is what is tested."""

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from anywhere_sandbox.authorization import Caller, requests_for
from anywhere_sandbox.iam_policy import Decision, Request, evaluate
from anywhere_sandbox.template import Stack, load, pseudo_parameters
from conftest import REPO

TEMPLATE = REPO / "deploy" / "self-service.yaml"
ACCOUNT = "123456789012"
POOL = "eu-west-1:0f6e1c2a-6b1d-4a3e-9e53-1b2c3d4e5f60"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def stack(admin: bool = True) -> Stack:
    return Stack(load(TEMPLATE), {
        **pseudo_parameters("eu-west-1", ACCOUNT, "edge"),
        "AllowedCluster": "retail-stores", "ConsoleUrl": "https://console.example.com/index.html",
        "DomainPrefix": "edge-console", "AdminGroup": "true" if admin else "false",
        "UserPool": "eu-west-1_AbC", "UserPool.ProviderName": "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC",
        "UserPoolClient": "client1", "UserPoolDomain": "edge-console", "IdentityPool": POOL,
        "SelfServiceRole.Arn": f"arn:aws:iam::{ACCOUNT}:role/self", "AdminRole.Arn": f"arn:aws:iam::{ACCOUNT}:role/admin",
    })


class FakeKey:
    """What the evaluator reads of a caller: its ARN and its policies."""

    def __init__(self, role: str, policies: list[dict]):
        self.arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/CognitoIdentityCredentials"
        self._policies = policies

    def collect_policies(self) -> list[str]:
        return [json.dumps(p) for p in self._policies]


def caller(logical_id: str) -> Caller:
    role = stack().resource(logical_id)
    documents = [policy["PolicyDocument"] for policy in role["Policies"]]
    return Caller("ASIAEXAMPLE", FakeKey(logical_id, documents), "eu-west-1", "ecs")


def allowed(who: Caller, service: str, operation: str, params: dict) -> bool:
    policies = who.policies()
    return all(
        evaluate(policies, request) == Decision.ALLOW
        for request in requests_for(who, service, operation, params, NOW)
    )


def test_cfn_lint_passes():
    lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(lint), str(TEMPLATE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_app_client_is_public_code_only_and_returns_only_to_the_console():
    client = stack().resource("UserPoolClient")
    assert client["GenerateSecret"] is False
    assert client["AllowedOAuthFlows"] == ["code"] and client["AllowedOAuthFlowsUserPoolClient"] is True
    assert set(client["AllowedOAuthScopes"]) == {"openid", "email", "profile"}
    assert client["CallbackURLs"] == client["LogoutURLs"] == ["https://console.example.com/index.html"]
    assert client["EnableTokenRevocation"] is True
    pool = stack().resource("UserPool")
    assert pool["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True, "nobody signs themselves up"


def test_the_identity_pool_has_no_guests_and_trusts_only_its_users():
    identity = stack().resource("IdentityPool")
    assert identity["AllowUnauthenticatedIdentities"] is False and identity["AllowClassicFlow"] is False
    (provider,) = identity["CognitoIdentityProviders"]
    assert provider["ClientId"] == "client1" and provider["ServerSideTokenCheck"] is True
    for logical_id in ("SelfServiceRole", "AdminRole"):
        trust = stack().resource(logical_id)["AssumeRolePolicyDocument"]

        def assume(aud: str, amr: list[str]) -> Decision:
            return evaluate([trust], Request(
                "sts:AssumeRoleWithWebIdentity", f"arn:aws:iam::{ACCOUNT}:role/{logical_id}",
                {"cognito-identity.amazonaws.com:aud": aud, "cognito-identity.amazonaws.com:amr": amr},
                ("Federated", "cognito-identity.amazonaws.com"),
            ))

        users = ["authenticated", "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"]
        assert assume(POOL, users) == Decision.ALLOW, logical_id
        assert assume(POOL, ["unauthenticated"]) == Decision.IMPLICIT_DENY, logical_id
        assert assume("eu-west-1:another-pool", users) == Decision.IMPLICIT_DENY, logical_id


TAG = [{"Key": "ecs-anywhere:cluster", "Value": "retail-stores"}]
RETAIL_HOST = f"arn:aws:ecs:eu-west-1:{ACCOUNT}:container-instance/retail-stores/0123456789abcdef"
FACTORY_HOST = f"arn:aws:ecs:eu-west-1:{ACCOUNT}:container-instance/edge-factory/0123456789abcdef"

ONBOARDING = [
    ("ssm", "CreateActivation", {"IamRole": "ecsAnywhereRole", "RegistrationLimit": 1, "Tags": TAG}),
    ("ecs", "DescribeClusters", {"clusters": ["retail-stores"]}),
    ("ecs", "ListContainerInstances", {"cluster": "retail-stores"}),
    ("ecs", "DescribeContainerInstances", {"cluster": "retail-stores", "containerInstances": [RETAIL_HOST]}),
    ("ecs", "DescribeContainerInstances", {"cluster": "retail-stores", "containerInstances": ["0123456789abcdef"]}),
]

OUTSIDE = [
    ("ssm", "CreateActivation", {"IamRole": "ecsAnywhereRole", "RegistrationLimit": 1}),
    ("ssm", "CreateActivation", {"IamRole": "ecsAnywhereRole", "Tags": [{"Key": "ecs-anywhere:cluster", "Value": "lab"}]}),
    ("ssm", "CreateActivation", {"IamRole": "admin", "Tags": TAG}),
    ("ssm", "DescribeActivations", {}),
    ("ssm", "DescribeInstanceInformation", {}),
    ("ssm", "DeleteActivation", {"ActivationId": "0a1b"}),
    ("ssm", "DeregisterManagedInstance", {"InstanceId": "mi-0123456789abcdef0"}),
    ("ecs", "ListClusters", {}),
    ("ecs", "DescribeClusters", {"clusters": ["edge-factory"]}),
    ("ecs", "ListContainerInstances", {"cluster": "edge-factory"}),
    ("ecs", "DescribeContainerInstances", {"cluster": "edge-factory", "containerInstances": [FACTORY_HOST]}),
    ("ecs", "DescribeContainerInstances", {"cluster": "retail-stores", "containerInstances": [FACTORY_HOST]}),
    ("ecs", "DeregisterContainerInstance", {"cluster": "retail-stores", "containerInstance": RETAIL_HOST}),
    ("ecs", "UpdateContainerInstancesState", {"cluster": "retail-stores", "containerInstances": [RETAIL_HOST], "status": "DRAINING"}),
    ("ecs", "RunTask", {"cluster": "retail-stores", "taskDefinition": "x:1"}),
    ("ecs", "CreateCluster", {"clusterName": "retail-stores"}),
]


@pytest.mark.parametrize("service, operation, params", ONBOARDING)
def test_the_self_service_role_allows_what_onboarding_needs(service, operation, params):
    assert allowed(caller("SelfServiceRole"), service, operation, params)


@pytest.mark.parametrize("service, operation, params", OUTSIDE)
def test_the_self_service_role_allows_nothing_else(service, operation, params):
    assert not allowed(caller("SelfServiceRole"), service, operation, params)


def test_passing_the_instance_role_to_another_service_is_denied():
    who = caller("SelfServiceRole")
    request = Request("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/ecsAnywhereRole",
                      {"iam:PassedToService": "ec2.amazonaws.com"})
    assert evaluate(who.policies(), request) == Decision.IMPLICIT_DENY


def test_the_admin_role_operates_the_fleet_but_passes_only_the_instance_role():
    admin = caller("AdminRole")
    for service, operation, params in ONBOARDING + [o for o in OUTSIDE if o[1] != "CreateActivation"]:
        assert allowed(admin, service, operation, params), operation
    assert not allowed(admin, "ssm", "CreateActivation", {"IamRole": "admin", "Tags": TAG})
    assert not allowed(admin, "ssm", "SendCommand", {"DocumentName": "AWS-RunPowerShellScript", "InstanceIds": []})


def test_the_admin_group_is_optional_and_mapped_by_rule():
    without = stack(admin=False)
    assert without.resource("AdminRole") is None and without.resource("AdminGroupOfUsers") is None
    assert "RoleMappings" not in without.resource("RoleAttachment")
    mapping = stack().resource("RoleAttachment")["RoleMappings"]["userpool"]
    assert mapping["IdentityProvider"] == "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC:client1"
    assert mapping["AmbiguousRoleResolution"] == "AuthenticatedRole"
    (rule,) = mapping["RulesConfiguration"]["Rules"]
    assert (rule["Claim"], rule["MatchType"], rule["Value"]) == ("cognito:groups", "Contains", "console-admins")
