"""Cognito Identity for the console's self-service mode: guest identities that get real, scoped keys.

moto holds the identity pools and their identities, but its GetCredentialsForIdentity answers a fixed key
(`TESTACCESSKEY12345`) that exists in neither its IAM nor its STS backend, so the front's signature check
refuses every call signed with it. The front therefore answers both unsigned calls itself: GetId checks
the pool as Cognito does and records the identity in moto; GetCredentialsForIdentity assumes the pool's
unauthenticated role through moto's STS backend, so the keys verify, carry the role's policies (checked
on every call the front answers) and expire. Error texts follow the Cognito Identity API reference.

The basic (classic) flow is served too: GetOpenIdToken hands out moto's token for the identity and the
front remembers which pool it belongs to; the unsigned STS AssumeRoleWithWebIdentity then accepts only such
a token, for a role whose trust policy admits the pool's guests (`aud` and `amr`, as IAM evaluates them),
and issues the role's keys through moto's STS backend, the same way the enhanced flow does.
"""

import json
import threading
import urllib.parse
from datetime import timezone
from xml.sax.saxutils import escape

from botocore.session import get_session
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.exceptions import NotFoundException

from .awserror import AwsError
from .validation import validate

GUEST_ROLE = "consoleSelfServiceRole"
POOL_NAME = "anywhere_console_self_service"
DEFAULT_DURATION_SECONDS = 3600
# STS's own bounds for AssumeRole; the sandbox also goes lower so a refresh can be watched in a test.
MIN_DURATION_SECONDS = 10
MAX_DURATION_SECONDS = 43200
COGNITO_PRINCIPAL = "cognito-identity.amazonaws.com"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"


def cognito_trust(pool_id: str | None) -> str:
    """The guest role's trust policy, as the README recommends: the pool's guests only."""
    condition: dict = {"ForAnyValue:StringLike": {f"{COGNITO_PRINCIPAL}:amr": "unauthenticated"}}
    if pool_id is not None:
        condition["StringEquals"] = {f"{COGNITO_PRINCIPAL}:aud": pool_id}
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": COGNITO_PRINCIPAL},
            "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition,
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
        # moto keeps no AllowClassicFlow; the front does, per pool.
        self.classic_flow: dict[str, bool] = {}
        # OpenID token -> the pool of the identity it was issued for.
        self.open_id_tokens: dict[str, str] = {}
        self.duration_seconds = DEFAULT_DURATION_SECONDS

    def seed_pool(self, region: str) -> str:
        """A pool that allows unauthenticated identities, whose guests get the least-privilege role."""
        iam = get_backend("iam")[DEFAULT_ACCOUNT_ID]["aws"]
        role = iam.create_role(
            role_name=GUEST_ROLE, assume_role_policy_document=cognito_trust(None), path="/",
            permissions_boundary=None, description="Guests of the self-service console", tags=[],
            max_session_duration=None,
        )
        iam.put_role_policy(GUEST_ROLE, "self-service", GUEST_POLICY)
        pool = json.loads(_backend(region).create_identity_pool(
            identity_pool_name=POOL_NAME, allow_unauthenticated_identities=True, supported_login_providers={},
            developer_provider_name="", open_id_connect_provider_arns=[], cognito_identity_providers=[],
            saml_provider_arns=[], tags={},
        ))
        pool_id = pool["IdentityPoolId"]
        iam.update_assume_role_policy(GUEST_ROLE, cognito_trust(pool_id))
        with self.lock:
            self.guest_roles[pool_id] = role.arn
            self.classic_flow[pool_id] = True
        return pool_id

    def guest_role_arn(self, pool_id: str) -> str | None:
        with self.lock:
            return self.guest_roles.get(pool_id)

    def set_duration(self, seconds: int) -> None:
        if not MIN_DURATION_SECONDS <= seconds <= MAX_DURATION_SECONDS:
            raise AwsError(
                "InvalidRequest",
                f"durationSeconds must be between {MIN_DURATION_SECONDS} and {MAX_DURATION_SECONDS}.",
            )
        with self.lock:
            self.duration_seconds = seconds

    def answer(self, operation: str, body: bytes) -> dict:
        if operation not in ("GetId", "GetCredentialsForIdentity", "GetOpenIdToken"):
            raise AwsError("NotAuthorizedException", f"{operation} requires signed credentials.")
        try:
            params = json.loads(body or b"{}")
        except ValueError as error:
            raise AwsError("SerializationException", "Request body is not valid JSON.") from error
        # Cognito reports a malformed request as ECS does: InvalidParameterException.
        validate("ecs", _MODEL.operation_model(operation), params)
        if operation == "GetId":
            return self.get_id(params)
        if operation == "GetOpenIdToken":
            return self.get_open_id_token(params)
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

    def get_open_id_token(self, params: dict) -> dict:
        if params.get("Logins"):
            raise AwsError("NotAuthorizedException", "The sandbox supports unauthenticated identities only.")
        identity_id = params["IdentityId"]
        pool_id = self._pool_of(identity_id)
        with self.lock:
            classic = self.classic_flow.get(pool_id, False)
        if not classic:
            raise AwsError("InvalidParameterException", "Basic (classic) flow is not enabled, please use enhanced flow.")
        answer = json.loads(_backend(pool_id.split(":")[0]).get_open_id_token(identity_id=identity_id))
        with self.lock:
            self.open_id_tokens[answer["Token"]] = pool_id
        return {"IdentityId": identity_id, "Token": answer["Token"]}

    def assume_role_with_web_identity(self, body: bytes) -> bytes:
        """STS's query-protocol call, unsigned: the answer is STS's XML."""
        form = dict(urllib.parse.parse_qsl(body.decode(errors="replace")))
        missing = [name for name in ("RoleArn", "RoleSessionName", "WebIdentityToken") if not form.get(name)]
        if missing:
            raise AwsError("ValidationError", f"1 validation error detected: Value null at '{missing[0]}' failed to satisfy constraint: Member must not be null")
        with self.lock:
            pool_id = self.open_id_tokens.get(form["WebIdentityToken"])
            duration = self.duration_seconds
        if pool_id is None:
            raise AwsError("InvalidIdentityToken", "Couldn't verify the web identity token: it was not issued by this Cognito.")
        if "DurationSeconds" in form:
            try:
                duration = int(form["DurationSeconds"])
            except ValueError as error:
                raise AwsError("ValidationError", "DurationSeconds must be a number.") from error
        role_arn = form["RoleArn"]
        iam = get_backend("iam")[DEFAULT_ACCOUNT_ID]["aws"]
        try:
            trust = json.loads(iam.get_role_by_arn(role_arn).assume_role_policy_document)
        except NotFoundException as error:
            raise self._not_authorized() from error
        if not _trusts_guests_of(trust, pool_id):
            raise self._not_authorized()
        sts = get_backend("sts")[DEFAULT_ACCOUNT_ID]["aws"]
        assumed = sts.assume_role_with_web_identity(
            region_name=pool_id.split(":")[0], role_session_name=form["RoleSessionName"],
            role_arn=role_arn, policy=None, duration=duration, external_id=None,
        )
        expiration = assumed.expiration.replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            f'<AssumeRoleWithWebIdentityResponse xmlns="{STS_NAMESPACE}"><AssumeRoleWithWebIdentityResult>'
            f"<Credentials><AccessKeyId>{escape(assumed.access_key_id)}</AccessKeyId>"
            f"<SecretAccessKey>{escape(assumed.secret_access_key)}</SecretAccessKey>"
            f"<SessionToken>{escape(assumed.session_token)}</SessionToken>"
            f"<Expiration>{expiration}</Expiration></Credentials>"
            f"<AssumedRoleUser><Arn>{escape(assumed.arn)}</Arn></AssumedRoleUser>"
            f"<Provider>{COGNITO_PRINCIPAL}</Provider><Audience>{escape(pool_id)}</Audience>"
            "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
        ).encode()

    @staticmethod
    def _not_authorized() -> AwsError:
        return AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403)

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


def _trusts_guests_of(trust: dict, pool_id: str) -> bool:
    """Whether a trust policy lets this pool's guests assume the role: the statement names Cognito as
    the federated principal and the action, and its `aud` and `amr` conditions (when present) match."""
    claims = {f"{COGNITO_PRINCIPAL}:aud": pool_id, f"{COGNITO_PRINCIPAL}:amr": "unauthenticated"}
    for statement in trust.get("Statement", []):
        principal = statement.get("Principal", {})
        federated = principal.get("Federated") if isinstance(principal, dict) else None
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if statement.get("Effect") != "Allow" or COGNITO_PRINCIPAL not in (
            [federated] if isinstance(federated, str) else federated or []
        ) or "sts:AssumeRoleWithWebIdentity" not in actions:
            continue
        conditions_met = True
        for operator, keys in statement.get("Condition", {}).items():
            for key, wanted in keys.items():
                wanted = [wanted] if isinstance(wanted, str) else wanted
                if key in claims and claims[key] not in wanted:
                    conditions_met = False
            if operator not in ("StringEquals", "ForAnyValue:StringLike", "StringLike"):
                conditions_met = False
        if conditions_met:
            return True
    return False
