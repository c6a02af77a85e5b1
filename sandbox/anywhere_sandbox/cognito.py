"""Cognito Identity for the console's self-service mode: guest identities that get real, scoped keys.

moto holds the identity pools and their identities, but its GetCredentialsForIdentity answers a fixed key
(`TESTACCESSKEY12345`) that exists in neither its IAM nor its STS backend, so the front's signature check
refuses every call signed with it. The front therefore answers both unsigned calls itself: GetId checks
the pool as Cognito does and records the identity in moto; GetCredentialsForIdentity assumes the pool's
unauthenticated role through moto's STS backend, so the keys verify, carry the role's policies (checked
on every call the front answers) and expire. Error texts follow the Cognito Identity API reference.
"""

import json
import threading
from datetime import timezone

from botocore.session import get_session
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from .awserror import AwsError
from .validation import validate

GUEST_ROLE = "consoleSelfServiceRole"
POOL_NAME = "anywhere_console_self_service"
DEFAULT_DURATION_SECONDS = 3600
# STS's own bounds for AssumeRole; the sandbox also goes lower so a refresh can be watched in a test.
MIN_DURATION_SECONDS = 10
MAX_DURATION_SECONDS = 43200
COGNITO_TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}},
    }],
})
# What a self-service page needs, action by action (README, "Self-service with Cognito"). The front checks
# policies per action only, so resources stay "*" here; the README's policy narrows them.
GUEST_POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Action": [
            "ssm:CreateActivation", "ssm:DescribeActivations", "ssm:DescribeInstanceInformation", "iam:PassRole",
            "ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListContainerInstances",
            "ecs:DescribeContainerInstances",
        ],
        "Resource": "*",
    }],
})

_MODEL = get_session().get_service_model("cognito-identity")


def _backend(region: str):
    return get_backend("cognito-identity")[DEFAULT_ACCOUNT_ID][region]


class CognitoIdentity:
    """The guest role of each pool and the lifetime of the credentials handed out."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.guest_roles: dict[str, str] = {}
        self.duration_seconds = DEFAULT_DURATION_SECONDS

    def seed_pool(self, region: str) -> str:
        """A pool that allows unauthenticated identities, whose guests get the least-privilege role."""
        iam = get_backend("iam")[DEFAULT_ACCOUNT_ID]["aws"]
        role = iam.create_role(
            role_name=GUEST_ROLE, assume_role_policy_document=COGNITO_TRUST, path="/",
            permissions_boundary=None, description="Guests of the self-service console", tags=[],
            max_session_duration=None,
        )
        iam.put_role_policy(GUEST_ROLE, "self-service", GUEST_POLICY)
        pool = json.loads(_backend(region).create_identity_pool(
            identity_pool_name=POOL_NAME, allow_unauthenticated_identities=True, supported_login_providers={},
            developer_provider_name="", open_id_connect_provider_arns=[], cognito_identity_providers=[],
            saml_provider_arns=[], tags={},
        ))
        with self.lock:
            self.guest_roles[pool["IdentityPoolId"]] = role.arn
        return pool["IdentityPoolId"]

    def set_duration(self, seconds: int) -> None:
        if not MIN_DURATION_SECONDS <= seconds <= MAX_DURATION_SECONDS:
            raise AwsError(
                "InvalidRequest",
                f"durationSeconds must be between {MIN_DURATION_SECONDS} and {MAX_DURATION_SECONDS}.",
            )
        with self.lock:
            self.duration_seconds = seconds

    def answer(self, operation: str, body: bytes) -> dict:
        if operation not in ("GetId", "GetCredentialsForIdentity"):
            raise AwsError("NotAuthorizedException", f"{operation} requires signed credentials.")
        try:
            params = json.loads(body or b"{}")
        except ValueError as error:
            raise AwsError("SerializationException", "Request body is not valid JSON.") from error
        # Cognito reports a malformed request as ECS does: InvalidParameterException.
        validate("ecs", _MODEL.operation_model(operation), params)
        if operation == "GetId":
            return self.get_id(params)
        return self.get_credentials_for_identity(params)

    def get_id(self, params: dict) -> dict:
        if params.get("Logins"):
            raise AwsError("NotAuthorizedException", "The sandbox supports unauthenticated identities only.")
        pool_id = params["IdentityPoolId"]
        pool = self._pool(pool_id)
        if not pool.allow_unauthenticated_identities:
            raise AwsError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
        return json.loads(_backend(pool_id.split(":")[0]).get_id(identity_pool_id=pool_id))

    def get_credentials_for_identity(self, params: dict) -> dict:
        identity_id = params["IdentityId"]
        pool_id = self._pool_of(identity_id)
        with self.lock:
            role_arn = self.guest_roles.get(pool_id)
            duration = self.duration_seconds
        if role_arn is None:
            raise AwsError(
                "InvalidIdentityPoolConfigurationException",
                "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
            )
        sts = get_backend("sts")[DEFAULT_ACCOUNT_ID]["aws"]
        assumed = sts.assume_role(
            region_name=pool_id.split(":")[0], role_session_name="CognitoIdentityCredentials",
            role_arn=role_arn, policy=None, duration=duration, external_id=None,
        )
        expiration = assumed.expiration.replace(tzinfo=timezone.utc).timestamp()
        return {
            "IdentityId": identity_id,
            "Credentials": {
                "AccessKeyId": assumed.access_key_id, "SecretKey": assumed.secret_access_key,
                "SessionToken": assumed.session_token, "Expiration": expiration,
            },
        }

    @staticmethod
    def _pool(pool_id: str):
        region = pool_id.partition(":")[0]
        try:
            pools = _backend(region).identity_pools
        except (KeyError, ValueError):
            pools = {}
        pool = pools.get(pool_id)
        if pool is None:
            raise AwsError("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.")
        return pool

    @staticmethod
    def _pool_of(identity_id: str) -> str:
        region = identity_id.partition(":")[0]
        try:
            pools = _backend(region).pools_identities
        except (KeyError, ValueError):
            pools = {}
        for pool_id, entry in pools.items():
            if any(identity["IdentityId"] == identity_id for identity in entry["Identities"]):
                return pool_id
        raise AwsError("ResourceNotFoundException", f"Identity '{identity_id}' not found.")
