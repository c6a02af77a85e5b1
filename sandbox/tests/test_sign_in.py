"""The managed login stand-in (authorize, login, token, revoke, logout), the identity pool's
authenticated flow and role mapping, and what the template's self-service role lets a signed-in user do."""

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request

import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

CALLBACK = "http://127.0.0.1:9/console/index.html"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str, data: dict | None = None, cookie: str | None = None, form_type: bool = True):
    """(status, headers, body) of one request, redirects not followed."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None and form_type else {}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def pool(sandbox):
    return sandbox.control("user-pool", {"callbackUrl": CALLBACK})


def authorize_query(pool: dict, verifier: str, **overrides) -> dict:
    query = {
        "response_type": "code", "client_id": pool["clientId"], "redirect_uri": CALLBACK, "state": "st4te",
        "scope": "openid email profile", "code_challenge_method": "S256", "code_challenge": challenge(verifier),
    }
    query.update(overrides)
    return {k: v for k, v in query.items() if v is not None}


def sign_in(pool: dict, username: str, verifier: str) -> tuple[str, str]:
    """Through the login form: (code, session cookie)."""
    query = authorize_query(pool, verifier)
    status, headers, _ = fetch(f"{pool['domain']}/oauth2/authorize?{urllib.parse.urlencode(query)}")
    assert status == 302 and headers["Location"].startswith("/hosted-login/login?")
    status, _, page = fetch(f"{pool['domain']}/login?{urllib.parse.urlencode(query)}")
    assert status == 200 and 'name="password"' in page
    status, headers, _ = fetch(f"{pool['domain']}/login?{urllib.parse.urlencode(query)}",
                               {"username": username, "password": pool["password"]})
    assert status == 302, headers
    answer = urllib.parse.urlparse(headers["Location"])
    assert answer._replace(query="").geturl() == CALLBACK
    params = dict(urllib.parse.parse_qsl(answer.query))
    assert params["state"] == "st4te"
    return params["code"], headers["Set-Cookie"].split(";")[0]


def exchange(pool: dict, code: str, verifier: str) -> tuple[int, dict]:
    status, _, body = fetch(f"{pool['domain']}/oauth2/token", {
        "grant_type": "authorization_code", "client_id": pool["clientId"], "code": code,
        "redirect_uri": CALLBACK, "code_verifier": verifier,
    })
    return status, json.loads(body)


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def tokens_for(pool: dict, username: str) -> dict:
    verifier = secrets.token_urlsafe(32)
    code, _ = sign_in(pool, username, verifier)
    status, tokens = exchange(pool, code, verifier)
    assert status == 200, tokens
    return tokens


def test_the_code_grant_with_pkce_issues_the_pools_tokens(pool):
    verifier = secrets.token_urlsafe(32)
    code, cookie = sign_in(pool, "ada@example.com", verifier)
    status, tokens = exchange(pool, code, verifier)
    assert status == 200, tokens
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    id_claims = claims(tokens["id_token"])
    assert id_claims["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{pool['userPoolId']}"
    assert id_claims["aud"] == pool["clientId"] and id_claims["token_use"] == "id"
    assert id_claims["email"] == "ada@example.com"
    assert id_claims["cognito:groups"] == ["console-admins"]
    # The code was used once; the login's session signs the user in again without the form.
    assert exchange(pool, code, verifier) == (400, {"error": "invalid_grant"})
    query = authorize_query(pool, verifier)
    status, headers, _ = fetch(f"{pool['domain']}/oauth2/authorize?{urllib.parse.urlencode(query)}", cookie=cookie)
    assert status == 302 and headers["Location"].startswith(CALLBACK + "?code=")


def test_the_code_needs_the_verifier_whose_hash_was_the_challenge(pool):
    verifier = secrets.token_urlsafe(32)
    code, _ = sign_in(pool, "alice@example.com", verifier)
    assert exchange(pool, code, "x" * 43) == (400, {"error": "invalid_grant"})
    code, _ = sign_in(pool, "alice@example.com", verifier)
    status, _, body = fetch(f"{pool['domain']}/oauth2/token", {
        "grant_type": "authorization_code", "client_id": pool["clientId"], "code": code, "redirect_uri": CALLBACK,
    })
    assert (status, json.loads(body)) == (400, {"error": "invalid_grant"}), "a missing verifier"
    code, _ = sign_in(pool, "alice@example.com", verifier)
    status, _, body = fetch(f"{pool['domain']}/oauth2/token", {
        "grant_type": "authorization_code", "client_id": pool["clientId"], "code": code,
        "redirect_uri": "http://127.0.0.1:9/elsewhere", "code_verifier": verifier,
    })
    assert (status, json.loads(body)) == (400, {"error": "invalid_grant"}), "another redirect_uri"


@pytest.mark.parametrize("overrides, error", [
    ({"response_type": None}, "invalid_request"),
    ({"response_type": "id_token"}, "unsupported_response_type"),
    ({"response_type": "token"}, "unauthorized_client"),
    ({"code_challenge_method": None}, "invalid_request"),
    ({"code_challenge_method": "plain"}, "invalid_request"),
    ({"scope": "openid aws.cognito.signin.user.admin"}, "invalid_scope"),
])
def test_authorize_errors_go_back_to_the_registered_redirect(pool, overrides, error):
    query = authorize_query(pool, "v" * 43, **overrides)
    status, headers, _ = fetch(f"{pool['domain']}/oauth2/authorize?{urllib.parse.urlencode(query)}")
    assert status == 302
    answer = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(headers["Location"]).query))
    assert answer == {"error": error, "state": "st4te"}


def test_an_unknown_client_or_unregistered_redirect_gets_an_error_page_not_a_redirect(pool):
    for overrides in ({"client_id": "nosuchclient"}, {"redirect_uri": "https://attacker.example/"}):
        query = authorize_query(pool, "v" * 43, **overrides)
        status, headers, page = fetch(f"{pool['domain']}/oauth2/authorize?{urllib.parse.urlencode(query)}")
        assert status == 400 and "Location" not in headers
        assert "An error was encountered" in page
    status, headers, _ = fetch(f"{pool['domain']}/logout?client_id={pool['clientId']}&logout_uri=https://attacker.example/")
    assert status == 400 and "Location" not in headers


def test_wrong_passwords_are_refused_on_the_form(pool):
    query = authorize_query(pool, "v" * 43)
    status, _, page = fetch(f"{pool['domain']}/login?{urllib.parse.urlencode(query)}",
                            {"username": "alice@example.com", "password": "wrong"})
    assert status == 200 and "Incorrect username or password." in page


def test_refresh_revoke_and_logout(sandbox, pool):
    tokens = tokens_for(pool, "alice@example.com")
    refresh = {"grant_type": "refresh_token", "client_id": pool["clientId"], "refresh_token": tokens["refresh_token"]}
    status, _, body = fetch(f"{pool['domain']}/oauth2/token", refresh)
    assert status == 200 and "refresh_token" not in json.loads(body) and json.loads(body)["id_token"]
    status, _, _ = fetch(f"{pool['domain']}/oauth2/revoke", {"token": tokens["refresh_token"], "client_id": pool["clientId"]})
    assert status == 200
    status, _, body = fetch(f"{pool['domain']}/oauth2/token", refresh)
    assert (status, json.loads(body)) == (400, {"error": "invalid_grant"})
    status, _, body = fetch(f"{pool['domain']}/oauth2/token", {**refresh, "grant_type": "password"})
    assert (status, json.loads(body)) == (400, {"error": "unsupported_grant_type"})
    verifier = secrets.token_urlsafe(32)
    _, cookie = sign_in(pool, "alice@example.com", verifier)
    status, headers, _ = fetch(
        f"{pool['domain']}/logout?{urllib.parse.urlencode({'client_id': pool['clientId'], 'logout_uri': CALLBACK})}",
        cookie=cookie,
    )
    assert status == 302 and headers["Location"] == CALLBACK and "Max-Age=0" in headers["Set-Cookie"]
    query = authorize_query(pool, verifier)
    status, headers, _ = fetch(f"{pool['domain']}/oauth2/authorize?{urllib.parse.urlencode(query)}", cookie=cookie)
    assert headers["Location"].startswith("/hosted-login/login?"), "the login's session ended"


def test_refresh_tokens_expire_after_their_lifetime(sandbox, pool):
    tokens = tokens_for(pool, "alice@example.com")
    refresh = {"grant_type": "refresh_token", "client_id": pool["clientId"], "refresh_token": tokens["refresh_token"]}
    try:
        sandbox.control("user-pool", {"refreshTokenSeconds": 60})
        assert fetch(f"{pool['domain']}/oauth2/token", refresh)[0] == 200
        sandbox.control("clock", {"shiftSeconds": 61})
        status, _, body = fetch(f"{pool['domain']}/oauth2/token", refresh)
        assert (status, json.loads(body)) == (400, {"error": "invalid_grant"})
    finally:
        sandbox.control("user-pool", {"refreshTokenSeconds": None})


@pytest.fixture
def cognito(sandbox):
    return sandbox.client("cognito-identity", config=Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1}))


def provider(pool: dict) -> str:
    return f"cognito-idp.us-east-1.amazonaws.com/{pool['userPoolId']}"


def user_credentials(cognito, pool: dict, id_token: str) -> dict:
    logins = {provider(pool): id_token}
    identity = cognito.get_id(IdentityPoolId=pool["identityPoolId"], Logins=logins)["IdentityId"]
    return cognito.get_credentials_for_identity(IdentityId=identity, Logins=logins)["Credentials"]


def role_of(sandbox, credentials: dict) -> str:
    sts = sandbox.client("sts", aws_access_key_id=credentials["AccessKeyId"],
                         aws_secret_access_key=credentials["SecretKey"], aws_session_token=credentials["SessionToken"])
    return sts.get_caller_identity()["Arn"].split("/")[1]


def test_id_tokens_buy_the_authenticated_role_and_the_admin_group_its_own(sandbox, cognito, pool):
    alice = tokens_for(pool, "alice@example.com")
    first = cognito.get_id(IdentityPoolId=pool["identityPoolId"], Logins={provider(pool): alice["id_token"]})
    again = cognito.get_id(IdentityPoolId=pool["identityPoolId"], Logins={provider(pool): alice["id_token"]})
    assert first["IdentityId"] == again["IdentityId"], "one identity per user"
    assert role_of(sandbox, user_credentials(cognito, pool, alice["id_token"])) == "consoleSignInRole"
    ada = tokens_for(pool, "ada@example.com")
    assert role_of(sandbox, user_credentials(cognito, pool, ada["id_token"])) == "consoleAdminRole"


def test_the_identity_pool_refuses_guests_and_bad_tokens(sandbox, cognito, pool):
    with pytest.raises(ClientError) as guests:
        cognito.get_id(IdentityPoolId=pool["identityPoolId"])
    assert guests.value.response["Error"]["Code"] == "NotAuthorizedException"
    token = tokens_for(pool, "alice@example.com")["id_token"]
    header, payload, signature = token.split(".")
    forged_claims = {**claims(token), "cognito:groups": ["console-admins"]}
    forged = ".".join([header, base64.urlsafe_b64encode(json.dumps(forged_claims).encode()).rstrip(b"=").decode(), signature])
    access = tokens_for(pool, "alice@example.com")["access_token"]
    for bad in (forged, access):
        with pytest.raises(ClientError) as refused:
            cognito.get_id(IdentityPoolId=pool["identityPoolId"], Logins={provider(pool): bad})
        assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    try:
        sandbox.control("user-pool", {"tokenSeconds": 30})
        short = tokens_for(pool, "alice@example.com")["id_token"]
        sandbox.control("clock", {"shiftSeconds": 31})
        with pytest.raises(ClientError) as expired:
            user_credentials(cognito, pool, short)
        assert "Token expired" in expired.value.response["Error"]["Message"]
    finally:
        sandbox.control("user-pool", {"tokenSeconds": None})


def test_the_self_service_role_allows_onboarding_the_allowed_cluster_and_nothing_else(sandbox, cognito, pool):
    credentials = user_credentials(cognito, pool, tokens_for(pool, "alice@example.com")["id_token"])
    keys = {"aws_access_key_id": credentials["AccessKeyId"], "aws_secret_access_key": credentials["SecretKey"],
            "aws_session_token": credentials["SessionToken"]}
    ssm, ecs = sandbox.client("ssm", **keys), sandbox.client("ecs", **keys)
    tag = [{"Key": "ecs-anywhere:cluster", "Value": "retail-stores"}]
    assert ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=1, Tags=tag)["ActivationCode"]
    arns = ecs.list_container_instances(cluster="retail-stores")["containerInstanceArns"]
    assert ecs.describe_container_instances(cluster="retail-stores", containerInstances=arns[:1])["containerInstances"]
    assert ecs.describe_clusters(clusters=["retail-stores"])["clusters"][0]["clusterName"] == "retail-stores"
    denied = [
        lambda: ssm.create_activation(IamRole="ecsAnywhereRole", RegistrationLimit=1),
        lambda: ssm.create_activation(IamRole="ecsAnywhereRole", Tags=[{"Key": "ecs-anywhere:cluster", "Value": "lab"}]),
        lambda: ssm.create_activation(IamRole="consoleAdminRole", Tags=tag),
        lambda: ecs.list_container_instances(cluster="edge-factory"),
        lambda: ecs.deregister_container_instance(cluster="retail-stores", containerInstance=arns[0], force=True),
        lambda: ecs.update_container_instances_state(cluster="retail-stores", containerInstances=arns[:1], status="DRAINING"),
        lambda: ssm.describe_activations(),
        lambda: ssm.describe_instance_information(),
        lambda: ecs.list_clusters(),
    ]
    for call in denied:
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["Error"]["Code"] == "AccessDeniedException"
        assert "consoleSignInRole" in refused.value.response["Error"]["Message"]
    assert ecs.list_container_instances(cluster="retail-stores")["containerInstanceArns"] == arns, "nothing changed"


def test_identity_pool_roles_are_kept_and_setting_them_passes_each_role(sandbox, pool):
    admin = sandbox.client("cognito-identity")
    roles = admin.get_identity_pool_roles(IdentityPoolId=pool["identityPoolId"])
    assert roles["Roles"]["authenticated"] == pool["roles"]["SelfServiceRole"]
    (mapping,) = roles["RoleMappings"].values()
    assert mapping["Type"] == "Rules" and mapping["AmbiguousRoleResolution"] == "AuthenticatedRole"
    admin.set_identity_pool_roles(IdentityPoolId=pool["identityPoolId"], Roles=roles["Roles"],
                                  RoleMappings=roles["RoleMappings"])
    assert admin.get_identity_pool_roles(IdentityPoolId=pool["identityPoolId"])["Roles"] == roles["Roles"]
    with pytest.raises(ClientError):
        admin.set_identity_pool_roles(IdentityPoolId=pool["identityPoolId"],
                                      Roles={"authenticated": "arn:aws:iam::123456789012:role/noSuchRole"})


def test_the_sign_in_counters_count_the_managed_login(sandbox, pool):
    before = sandbox.control("counters")["operations"].get("cognito-idp:POST /oauth2/token", 0)
    tokens_for(pool, "alice@example.com")
    assert sandbox.control("counters")["operations"]["cognito-idp:POST /oauth2/token"] == before + 1
