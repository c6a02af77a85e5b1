"""Self-service mode: guest identities from the sandbox's Cognito pool get real, scoped, expiring keys."""

import json
import time
import urllib.error

import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError


@pytest.fixture
def cognito(sandbox):
    """Unsigned, like the console before it has any credentials."""
    return sandbox.client("cognito-identity", config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}))


def guest_credentials(cognito, pool_id: str) -> dict:
    identity = cognito.get_id(IdentityPoolId=pool_id)["IdentityId"]
    answer = cognito.get_credentials_for_identity(IdentityId=identity)
    assert answer["IdentityId"] == identity
    return answer["Credentials"]


def guest_client(sandbox, service: str, credentials: dict):
    return sandbox.client(
        service, aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretKey"],
        aws_session_token=credentials["SessionToken"],
    )


@pytest.fixture
def pool_id(sandbox):
    return sandbox.control("cognito")["identityPoolId"]


def test_the_seeded_pool_lives_in_the_sandbox_region(sandbox, pool_id):
    assert pool_id.startswith(sandbox.config["region"] + ":")


def test_guest_keys_are_verified_and_allow_the_self_service_calls(sandbox, cognito, pool_id):
    before = sandbox.control("counters")["operations"]
    credentials = guest_credentials(cognito, pool_id)
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert credentials["AccessKeyId"] != "TESTACCESSKEY12345"
    assert credentials["Expiration"].timestamp() > time.time() + 3000
    ssm = guest_client(sandbox, "ssm", credentials)
    activation = ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=1)
    assert activation["ActivationId"] and activation["ActivationCode"]
    ssm.describe_instance_information()
    clusters = guest_client(sandbox, "ecs", credentials).list_clusters()["clusterArns"]
    assert any(arn.endswith("/edge-factory") for arn in clusters)
    after = sandbox.control("counters")["operations"]
    for operation in ("cognito-identity:GetId", "cognito-identity:GetCredentialsForIdentity", "ssm:CreateActivation"):
        assert after.get(operation, 0) == before.get(operation, 0) + 1, operation


def test_guest_keys_are_scoped_to_the_guest_role(sandbox, cognito, pool_id):
    credentials = guest_credentials(cognito, pool_id)
    with pytest.raises(ClientError) as denied:
        guest_client(sandbox, "ssm", credentials).delete_activation(ActivationId="9c2f5a63-0d7e-4b8a-9f1e-5c3d2b1a0e11")
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "consoleSelfServiceRole" in denied.value.response["Error"]["Message"]


def test_a_wrong_session_token_or_secret_is_refused(sandbox, cognito, pool_id):
    credentials = guest_credentials(cognito, pool_id)
    for broken, code in (
        ({**credentials, "SessionToken": "forged"}, "UnrecognizedClientException"),
        ({**credentials, "SecretKey": "wrong"}, "InvalidSignatureException"),
    ):
        with pytest.raises(ClientError) as refused:
            guest_client(sandbox, "ssm", broken).describe_instance_information()
        assert refused.value.response["Error"]["Code"] == code


def test_unknown_pools_and_identities_are_not_found(cognito):
    for call, kwargs in (
        (cognito.get_id, {"IdentityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000"}),
        (cognito.get_credentials_for_identity, {"IdentityId": "us-east-1:00000000-0000-0000-0000-000000000000"}),
    ):
        with pytest.raises(ClientError) as missing:
            call(**kwargs)
        assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_credential_lifetime_can_be_shortened_to_watch_a_refresh(sandbox, cognito, pool_id):
    try:
        assert sandbox.control("cognito", {"durationSeconds": 30})["durationSeconds"] == 30
        credentials = guest_credentials(cognito, pool_id)
        remaining = credentials["Expiration"].timestamp() - time.time()
        assert 0 < remaining <= 31
    finally:
        sandbox.control("cognito", {"durationSeconds": 3600})
    with pytest.raises(urllib.error.HTTPError) as refused:
        sandbox.control("cognito", {"durationSeconds": 1})
    assert "between" in json.loads(refused.value.read())["message"]


def test_hostile_host_is_listed_with_its_payloads(sandbox, ecs):
    created = sandbox.control("hostile-host", {"cluster": "hostile"})
    described = ecs.describe_container_instances(cluster="hostile", containerInstances=[created["containerInstanceArn"]])
    instance = described["containerInstances"][0]
    assert instance["ec2InstanceId"] == created["instanceId"]
    values = {attribute.get("value") for attribute in instance["attributes"]}
    assert set(created["payloads"]) <= values


@pytest.fixture
def sts(sandbox):
    """Unsigned, as the basic flow's last step is: the web identity token is the proof."""
    return sandbox.client("sts", config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}))


def open_id_token(cognito, pool_id: str) -> str:
    identity = cognito.get_id(IdentityPoolId=pool_id)["IdentityId"]
    answer = cognito.get_open_id_token(IdentityId=identity)
    assert answer["IdentityId"] == identity
    return answer["Token"]


def test_the_basic_flow_gets_the_guest_roles_own_keys(sandbox, cognito, sts, pool_id):
    role_arn = sandbox.control("cognito")["guestRoleArn"]
    assert role_arn.endswith(":role/consoleSelfServiceRole")
    before = sandbox.control("counters")["operations"]
    answer = sts.assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="anywhere-console", WebIdentityToken=open_id_token(cognito, pool_id),
    )
    assert answer["AssumedRoleUser"]["Arn"].endswith(":assumed-role/consoleSelfServiceRole/anywhere-console")
    credentials = answer["Credentials"]
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert credentials["Expiration"].timestamp() > time.time() + 3000
    keys = {**credentials, "SecretKey": credentials["SecretAccessKey"]}
    ssm = guest_client(sandbox, "ssm", keys)
    assert ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=1)["ActivationCode"]
    with pytest.raises(ClientError) as denied:
        ssm.delete_activation(ActivationId="9c2f5a63-0d7e-4b8a-9f1e-5c3d2b1a0e11")
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    after = sandbox.control("counters")["operations"]
    for operation in ("cognito-identity:GetOpenIdToken", "sts:AssumeRoleWithWebIdentity", "ssm:CreateActivation"):
        assert after.get(operation, 0) == before.get(operation, 0) + 1, operation


def test_the_basic_flow_follows_the_sandbox_credential_lifetime(sandbox, cognito, sts, pool_id):
    role_arn = sandbox.control("cognito")["guestRoleArn"]
    try:
        sandbox.control("cognito", {"durationSeconds": 30})
        credentials = sts.assume_role_with_web_identity(
            RoleArn=role_arn, RoleSessionName="guest", WebIdentityToken=open_id_token(cognito, pool_id),
        )["Credentials"]
        assert 0 < credentials["Expiration"].timestamp() - time.time() <= 31
    finally:
        sandbox.control("cognito", {"durationSeconds": 3600})


def test_sts_refuses_forged_tokens_and_roles_that_do_not_trust_the_pools_guests(sandbox, cognito, sts, pool_id):
    role_arn = sandbox.control("cognito")["guestRoleArn"]
    token = open_id_token(cognito, pool_id)
    account = role_arn.split(":")[4]
    for role, web_token, code in (
        (role_arn, "us-east-1:00000000-0000-0000-0000-000000000000", "InvalidIdentityToken"),
        (f"arn:aws:iam::{account}:role/ecsAnywhereRole", token, "AccessDenied"),
        (f"arn:aws:iam::{account}:role/noSuchRole", token, "AccessDenied"),
    ):
        with pytest.raises(ClientError) as refused:
            sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="guest", WebIdentityToken=web_token)
        assert refused.value.response["Error"]["Code"] == code, role


def test_the_guest_role_trusts_only_this_pools_guests(sandbox, pool_id):
    iam = sandbox.client("iam")
    trust = iam.get_role(RoleName="consoleSelfServiceRole")["Role"]["AssumeRolePolicyDocument"]
    condition = trust["Statement"][0]["Condition"]
    assert condition["StringEquals"]["cognito-identity.amazonaws.com:aud"] == pool_id
    assert condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"] == "unauthenticated"
