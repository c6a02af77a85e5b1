"""Cognito identity pools: credentials for signed-in users (a user pool's id token in `Logins`) and for
guests, as real, scoped, expiring keys.

moto holds the identity pools and their identities, but its GetCredentialsForIdentity answers a fixed key
(`TESTACCESSKEY12345`) that exists in neither its IAM nor its STS backend, it keeps no roles for a pool
(SetIdentityPoolRoles is not implemented), and it never looks at `Logins`. The front therefore answers
these calls itself, following the Cognito Identity API reference and the developer guide's "Identity
pools authentication flow" and "Role-based access control":

- GetId and GetCredentialsForIdentity with `Logins`: each token must be an id token the named user pool
  issued (signature checked against the pool's key, issuer, `aud` = an app client the identity pool
  lists for that provider, `token_use`, expiry by the sandbox clock); one identity per user and pool.
  The role is the pool's authenticated role, or the one its role mapping picks for the provider (by
  token: `CustomRoleArn`, `cognito:preferred_role`, `cognito:roles`; by rules: claim, match type, value,
  first match wins), with `AmbiguousRoleResolution` deciding when nothing does.
- Without `Logins`: a guest, only when the pool allows unauthenticated identities, on its
  unauthenticated role (the enhanced flow), or through GetOpenIdToken and STS AssumeRoleWithWebIdentity
  (the basic flow, only with AllowClassicFlow).
- Either way the chosen role's trust policy is evaluated as STS would (iam_policy, with the token's
  `aud`, `amr` and `sub`) and the keys come from moto's STS for that role, so the front's signature
  check knows them and every call made with them is judged by the role's own policies.
- SetIdentityPoolRoles and GetIdentityPoolRoles (signed, authorized like any call, including the
  `iam:PassRole` of each role) keep the roles and role mappings.
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
from .iam_policy import Decision, Request, evaluate
from .user_pools import verify_id_token
from .validation import validate

GUEST_ROLE = "consoleSelfServiceRole"
POOL_NAME = "anywhere_console_self_service"
DEFAULT_DURATION_SECONDS = 3600
# STS's own bounds for AssumeRole; the sandbox also goes lower so a refresh can be watched in a test.
MIN_DURATION_SECONDS = 10
MAX_DURATION_SECONDS = 43200
COGNITO_PRINCIPAL = "cognito-identity.amazonaws.com"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
UNSIGNED_OPERATIONS = ("GetId", "GetCredentialsForIdentity", "GetOpenIdToken")


def cognito_trust(pool_id: str | None, amr: str = "unauthenticated") -> str:
    """A role's trust policy as the README recommends: this pool's guests (or signed-in users) only."""
    condition: dict = {"ForAnyValue:StringLike": {f"{COGNITO_PRINCIPAL}:amr": amr}}
    if pool_id is not None:
        condition["StringEquals"] = {f"{COGNITO_PRINCIPAL}:aud": pool_id}
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": COGNITO_PRINCIPAL},
            "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition,
        }],
    })


# The guest pool's role: what a self-service page needs, action by action (README, "Guests"). Resources
# stay "*" here: it is the role of a pool open to anyone, kept for the guest journeys.
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


def _iam():
    return get_backend("iam")[DEFAULT_ACCOUNT_ID]["aws"]


def _not_authorized(message: str) -> AwsError:
    return AwsError("NotAuthorizedException", message)


def _bad_configuration() -> AwsError:
    return AwsError(
        "InvalidIdentityPoolConfigurationException",
        "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
    )


class CognitoIdentity:
    """Roles, role mappings and the user behind each authenticated identity, per identity pool."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        # pool id -> {"Roles": {...}, "RoleMappings": {...}}, as SetIdentityPoolRoles takes them.
        self.roles: dict[str, dict] = {}
        # moto keeps no AllowClassicFlow; the front does, per pool.
        self.classic_flow: dict[str, bool] = {}
        # OpenID token -> the pool of the identity it was issued for.
        self.open_id_tokens: dict[str, str] = {}
        # (pool id, provider, user's sub) -> identity id, and back.
        self.user_identities: dict[tuple[str, str, str], str] = {}
        self.identity_users: dict[str, tuple[str, str, str]] = {}
        self.duration_seconds = DEFAULT_DURATION_SECONDS

    # Seeding

    def seed_guest_pool(self, region: str) -> str:
        """A pool that allows unauthenticated identities, whose guests get the guest role."""
        iam = _iam()
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
            self.roles[pool_id] = {"Roles": {"unauthenticated": role.arn}, "RoleMappings": {}}
            self.classic_flow[pool_id] = True
        return pool_id

    def set_roles(self, pool_id: str, roles: dict, mappings: dict) -> None:
        with self.lock:
            self.roles[pool_id] = {"Roles": dict(roles), "RoleMappings": dict(mappings)}

    def guest_role_arn(self, pool_id: str) -> str | None:
        with self.lock:
            return self.roles.get(pool_id, {}).get("Roles", {}).get("unauthenticated")

    def set_duration(self, seconds: int) -> None:
        if not MIN_DURATION_SECONDS <= seconds <= MAX_DURATION_SECONDS:
            raise AwsError(
                "InvalidRequest",
                f"durationSeconds must be between {MIN_DURATION_SECONDS} and {MAX_DURATION_SECONDS}.",
            )
        with self.lock:
            self.duration_seconds = seconds

    # The unsigned calls

    def answer(self, operation: str, body: bytes) -> dict:
        if operation not in UNSIGNED_OPERATIONS:
            raise AwsError("NotAuthorizedException", f"{operation} requires signed credentials.")
        params = self._params(operation, body)
        if operation == "GetId":
            return self.get_id(params)
        if operation == "GetOpenIdToken":
            return self.get_open_id_token(params)
        return self.get_credentials_for_identity(params)

    def signed_params(self, operation: str, body: bytes) -> dict:
        """The checked parameters of a signed call the front answers (the roles of a pool)."""
        return self._params(operation, body)

    @staticmethod
    def _params(operation: str, body: bytes) -> dict:
        try:
            params = json.loads(body or b"{}")
        except ValueError as error:
            raise AwsError("SerializationException", "Request body is not valid JSON.") from error
        # Cognito reports a malformed request as ECS does: InvalidParameterException.
        validate("ecs", _MODEL.operation_model(operation), params)
        return params

    def get_id(self, params: dict) -> dict:
        pool_id = params["IdentityPoolId"]
        pool = self._pool(pool_id)
        logins = params.get("Logins") or {}
        if not logins:
            if not pool.allow_unauthenticated_identities:
                raise _not_authorized("Unauthenticated access is not supported for this identity pool.")
            return json.loads(_backend(pool_id.split(":")[0]).get_id(identity_pool_id=pool_id))
        (provider, sub), = self._verified_logins(pool, logins).items()
        with self.lock:
            known = self.user_identities.get((pool_id, provider, sub))
        if known is not None:
            return {"IdentityId": known}
        identity_id = json.loads(_backend(pool_id.split(":")[0]).get_id(identity_pool_id=pool_id))["IdentityId"]
        with self.lock:
            self.user_identities[(pool_id, provider, sub)] = identity_id
            self.identity_users[identity_id] = (pool_id, provider, sub)
        return {"IdentityId": identity_id}

    def get_credentials_for_identity(self, params: dict) -> dict:
        identity_id = params["IdentityId"]
        pool_id = self._pool_of(identity_id)
        pool = self._pool(pool_id)
        logins = params.get("Logins") or {}
        with self.lock:
            user = self.identity_users.get(identity_id)
            configuration = self.roles.get(pool_id, {"Roles": {}, "RoleMappings": {}})
            duration = self.duration_seconds
        if user is None:
            if logins:
                raise _not_authorized("Invalid login token. The identity is not linked to these logins.")
            if not pool.allow_unauthenticated_identities:
                raise _not_authorized("Unauthenticated access is not supported for this identity pool.")
            role_arn = configuration["Roles"].get("unauthenticated")
            amr = ["unauthenticated"]
        else:
            if not logins:
                raise _not_authorized(
                    "Logins don't match. Please include at least one valid login for this identity or identity pool."
                )
            verified = self._verified_logins(pool, logins, with_claims=True)
            (provider, (sub, claims, client_id)), = verified.items()
            if (pool_id, provider, sub) != user:
                raise _not_authorized("Invalid login token. The identity is not linked to these logins.")
            role_arn = self._authenticated_role(
                configuration, f"{provider}:{client_id}", claims, params.get("CustomRoleArn")
            )
            amr = ["authenticated", provider, f"{provider}:{client_id}:{sub}"]
        if role_arn is None:
            raise _bad_configuration()
        if not self._trusts(role_arn, pool_id, identity_id, amr):
            raise _bad_configuration()
        assumed = get_backend("sts")[DEFAULT_ACCOUNT_ID]["aws"].assume_role_with_web_identity(
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
            raise AwsError("NotAuthorizedException", "The sandbox's basic flow serves guests only.")
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
        if not self._trusts(role_arn, pool_id, None, ["unauthenticated"]):
            raise AwsError("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", 403)
        assumed = get_backend("sts")[DEFAULT_ACCOUNT_ID]["aws"].assume_role_with_web_identity(
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

    # The signed calls the front answers

    def set_identity_pool_roles(self, params: dict) -> dict:
        pool_id = params["IdentityPoolId"]
        self._pool(pool_id)
        for role_arn in roles_named(params):
            try:
                _iam().get_role_by_arn(role_arn)
            except NotFoundException as error:
                raise AwsError("InvalidParameterException", f"Role {role_arn} does not exist.") from error
        self.set_roles(pool_id, params.get("Roles") or {}, params.get("RoleMappings") or {})
        return {}

    def get_identity_pool_roles(self, params: dict) -> dict:
        pool_id = params["IdentityPoolId"]
        self._pool(pool_id)
        with self.lock:
            configuration = self.roles.get(pool_id, {"Roles": {}, "RoleMappings": {}})
        return {"IdentityPoolId": pool_id, **json.loads(json.dumps(configuration))}

    # Checks

    def _verified_logins(self, pool, logins: dict, with_claims: bool = False) -> dict:
        """provider -> the user's sub (with the claims and app client), for exactly one valid login."""
        if len(logins) != 1:
            raise _not_authorized("The sandbox takes exactly one login per call.")
        (provider, token), = logins.items()
        client_ids = [
            entry.get("ClientId") for entry in pool.cognito_identity_providers
            if entry.get("ProviderName") == provider
        ]
        if not client_ids:
            raise _not_authorized(f"Invalid login token. Issuer doesn't match providerName: {provider} is not a provider of this identity pool.")
        claims = verify_id_token(token, provider, client_ids, self.clock.now())
        sub = claims["sub"]
        return {provider: (sub, claims, claims["aud"])} if with_claims else {provider: sub}

    @staticmethod
    def _authenticated_role(configuration: dict, provider_key: str, claims: dict, custom: str | None) -> str | None:
        default = configuration["Roles"].get("authenticated")
        mapping = configuration["RoleMappings"].get(provider_key)
        if mapping is None:
            if custom is not None and custom != default:
                raise _not_authorized("CustomRoleArn is not one of the roles this login may assume.")
            return default
        chosen = None
        if mapping.get("Type") == "Token":
            # An array in the id tokens Cognito issues; a comma-separated string in the guide's words.
            raw = claims.get("cognito:roles") or []
            roles = raw.split(",") if isinstance(raw, str) else list(raw)
            if custom is not None:
                if custom not in roles:
                    raise _not_authorized("CustomRoleArn is not one of the token's cognito:roles.")
                return custom
            chosen = claims.get("cognito:preferred_role")
        elif mapping.get("Type") == "Rules":
            for rule in mapping.get("RulesConfiguration", {}).get("Rules", []):
                if _rule_matches(rule, claims.get(rule["Claim"])):
                    chosen = rule["RoleARN"]
                    break
            if custom is not None:
                if custom != chosen:
                    raise _not_authorized("CustomRoleArn does not match the role the rules give this login.")
        if chosen is not None:
            return chosen
        if mapping.get("AmbiguousRoleResolution") == "AuthenticatedRole":
            return default
        raise _not_authorized("No role mapping rule matched this login and the pool denies ambiguous logins.")

    @staticmethod
    def _trusts(role_arn: str, pool_id: str, identity_id: str | None, amr: list[str]) -> bool:
        """Whether the role's trust policy lets Cognito's token for this identity assume it, as STS
        evaluates AssumeRoleWithWebIdentity (the token's aud, amr and sub as condition keys)."""
        try:
            trust = _iam().get_role_by_arn(role_arn).assume_role_policy_document
        except NotFoundException:
            return False
        context = {f"{COGNITO_PRINCIPAL}:aud": pool_id, f"{COGNITO_PRINCIPAL}:amr": amr}
        if identity_id is not None:
            context[f"{COGNITO_PRINCIPAL}:sub"] = identity_id
        request = Request("sts:AssumeRoleWithWebIdentity", role_arn, context, ("Federated", COGNITO_PRINCIPAL))
        return evaluate([trust], request) == Decision.ALLOW

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


def roles_named(params: dict) -> list[str]:
    """Every role SetIdentityPoolRoles names: the pool's roles and those of its mapping rules."""
    roles = list((params.get("Roles") or {}).values())
    for mapping in (params.get("RoleMappings") or {}).values():
        roles += [rule["RoleARN"] for rule in mapping.get("RulesConfiguration", {}).get("Rules", [])]
    return roles


def _rule_matches(rule: dict, claim) -> bool:
    """A rule of a role mapping against a claim (a list claim such as cognito:groups matches through
    any of its values; a missing claim matches nothing, NotEqual included)."""
    if claim is None:
        return False
    values = claim if isinstance(claim, list) else [str(claim)]
    wanted = rule["Value"]
    match = rule["MatchType"]
    if match == "Equals":
        return wanted in values
    if match == "NotEqual":
        return all(value != wanted for value in values)
    if match == "StartsWith":
        return any(value.startswith(wanted) for value in values)
    if match == "Contains":
        return any(wanted in value for value in values)
    raise AwsError("InvalidParameterException", f"Unknown MatchType {match}.")
