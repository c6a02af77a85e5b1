"""A stand-in for a Cognito user pool's managed login (hosted UI) on moto's user pools, and the check of
the id tokens it issues.

moto has the user pools, app clients, users, groups and the RS256 key it signs tokens with, but not the
managed login's web endpoints. These follow the Cognito developer guide's "User pool endpoints"
reference (authorize, login, token, revoke, logout), with PKCE per RFC 7636 (S256 only, as Cognito):

- GET /oauth2/authorize: an unknown client or a redirect_uri that is not one of its callback URLs gets
  an error page (nothing is sent to an unregistered address); other problems go back to the redirect_uri
  as `error=` (invalid_request: no or bad response_type parameters, a challenge without method or a method
  other than S256; unauthorized_client: the client may not use the code grant; invalid_scope). With a
  session cookie of the login the user is sent back with a code at once, else to /login.
- GET/POST /login: the sign-in form (a plain HTML form, username and password checked against moto's
  user); on success a session cookie for this path and a one-time code, valid five minutes.
- POST /oauth2/token: `authorization_code` (the code once, the same client and redirect_uri, and the
  code_verifier whose S256 hash is the challenge) and `refresh_token` grants; errors as the guide lists
  them (invalid_request, invalid_client, invalid_grant, unauthorized_client, unsupported_grant_type).
  Tokens are moto's JWTs (its key, `iss` of the pool, `cognito:groups`), with lifetimes from the app
  client (IdTokenValidity, RefreshTokenValidity) that `POST /_sandbox/user-pool` can shorten.
- POST /oauth2/revoke: the refresh token (and what was issued with it) stops working.
- GET /logout: ends the login's session and returns to a registered sign-out URL.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta

from joserfc import jwt
from joserfc.errors import JoseError
from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from .awserror import AwsError

PREFIX = "/hosted-login"
COOKIE = "anywhere-hosted-login"
CODE_LIFETIME = timedelta(minutes=5)
DEFAULT_TOKEN_SECONDS = 3600
Response = tuple[int, list[tuple[str, str]], bytes]


def _idp(region: str):
    return get_backend("cognito-idp")[DEFAULT_ACCOUNT_ID][region]


def _pool_of_provider(provider: str):
    """The moto user pool behind `cognito-idp.REGION.amazonaws.com/POOL_ID`."""
    host, _, pool_id = provider.partition("/")
    region = pool_id.partition("_")[0]
    if host != f"cognito-idp.{region}.amazonaws.com" or not pool_id:
        return None
    return _idp(region).user_pools.get(pool_id)


def _invalid_login(detail: str) -> AwsError:
    return AwsError("NotAuthorizedException", f"Invalid login token. {detail}")


def verify_id_token(token: str, provider: str, client_ids: list[str], now: datetime) -> dict:
    """The claims of an id token the provider's user pool issued to one of these app clients, still
    valid at `now`; NotAuthorizedException otherwise (the identity pool's checks)."""
    pool = _pool_of_provider(provider)
    if pool is None:
        raise _invalid_login("Issuer doesn't match providerName.")
    try:
        claims = jwt.decode(token, pool.json_web_key, algorithms=["RS256"]).claims
    except (JoseError, ValueError) as error:
        raise _invalid_login("The token's signature could not be verified.") from error
    if claims.get("iss") != f"https://{provider}":
        raise _invalid_login("Issuer doesn't match providerName.")
    if claims.get("token_use") != "id":
        raise _invalid_login("Not an id token.")
    if claims.get("aud") not in client_ids:
        raise _invalid_login("Incorrect token audience.")
    if claims.get("exp", 0) <= now.timestamp():
        raise _invalid_login(f"Token expired: {claims.get('exp')} >= {int(now.timestamp())}")
    return claims


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class Grant:
    """What an authorization code stands for."""

    pool_id: str
    client_id: str
    username: str
    redirect_uri: str
    scopes: list[str]
    challenge: str | None
    issued: datetime
    used: bool = False


class HostedLogin:
    """The managed login of every user pool in the sandbox region, at `http://HOST/hosted-login`."""

    def __init__(self, clock, faults, region: str):
        self.clock = clock
        self.faults = faults
        self.region = region
        self.lock = threading.Lock()
        self.codes: dict[str, Grant] = {}
        self.sessions: dict[str, tuple[str, str]] = {}
        # refresh token -> when it was issued, for RefreshTokenValidity.
        self.refresh_issued: dict[str, datetime] = {}
        # Overrides of the app clients' lifetimes, for tests that watch a refresh or an expiry.
        self.token_seconds: int | None = None
        self.refresh_token_seconds: int | None = None

    # Routing

    def __call__(self, environ: dict, body: bytes) -> Response:
        path = environ.get("PATH_INFO", "")[len(PREFIX):]
        method = environ["REQUEST_METHOD"]
        query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        routes = {
            ("GET", "/oauth2/authorize"): lambda: self.authorize(environ, query),
            ("GET", "/login"): lambda: self.login_form(query, None),
            ("POST", "/login"): lambda: self.login(query, body),
            ("POST", "/oauth2/token"): lambda: self.token(environ, body),
            ("POST", "/oauth2/revoke"): lambda: self.revoke(body),
            ("GET", "/logout"): lambda: self.logout(environ, query),
        }
        handler = routes.get((method, path))
        if handler is None:
            return _page(404, "Not found", f"The managed login has no {method} {html.escape(path)}.")
        self.faults.count(f"cognito-idp:{method} {path}")
        return handler()

    # Clients and users

    def _client(self, client_id: str):
        for pool in _idp(self.region).user_pools.values():
            client = pool.clients.get(client_id)
            if client is not None:
                return pool, client
        return None, None

    def _lifetime(self, client) -> int:
        if self.token_seconds is not None:
            return self.token_seconds
        if client.extended_config.get("IdTokenValidity") is None:
            return DEFAULT_TOKEN_SECONDS
        return _validity_seconds(client, "IdToken", "minutes")

    def _refresh_lifetime(self, client) -> timedelta:
        if self.refresh_token_seconds is not None:
            return timedelta(seconds=self.refresh_token_seconds)
        return timedelta(seconds=_validity_seconds(client, "RefreshToken", "days", 30))

    def _registered(self, query: dict, uri_parameter: str, registered: str):
        """The user pool and app client, or the error page Cognito shows when the client or the URI to
        send the user to is not registered (nothing is ever sent to an address the client does not list)."""
        pool, client = self._client(query.get("client_id", ""))
        if client is None:
            return None, None, _page(400, "An error was encountered", "invalid_request: the client_id is not an app client of this user pool.")
        uri = query.get(uri_parameter, "")
        if uri not in client.extended_config.get(registered, []):
            return None, None, _page(400, "An error was encountered", f"redirect_mismatch: the {uri_parameter} is not registered for this app client.")
        return pool, client, None

    # /oauth2/authorize and /login

    def authorize(self, environ: dict, query: dict) -> Response:
        pool, client, refusal = self._registered(query, "redirect_uri", "CallbackURLs")
        if refusal is not None:
            return refusal
        redirect_uri = query["redirect_uri"]
        problem = self._authorize_problem(client, query)
        if problem is not None:
            return _redirect(redirect_uri, {"error": problem, "state": query.get("state")})
        session = self.sessions.get(_cookie(environ))
        if session is not None and session[0] == pool.id:
            return self._issue_code(pool, client, session[1], query)
        return _redirect(f"{PREFIX}/login", query)

    @staticmethod
    def _authorize_problem(client, query: dict) -> str | None:
        response_type = query.get("response_type")
        if response_type is None:
            return "invalid_request"
        if response_type not in ("code", "token"):
            return "unsupported_response_type"
        flow = "implicit" if response_type == "token" else "code"
        if not client.extended_config.get("AllowedOAuthFlowsUserPoolClient") or flow not in (
            client.extended_config.get("AllowedOAuthFlows", [])
        ):
            return "unauthorized_client"
        if "code_challenge" in query and "code_challenge_method" not in query:
            return "invalid_request"
        if "code_challenge_method" in query and (
            query["code_challenge_method"] != "S256" or not query.get("code_challenge")
        ):
            return "invalid_request"
        allowed = set(client.extended_config.get("AllowedOAuthScopes", []))
        requested = query.get("scope", "").split()
        if any(scope not in allowed for scope in requested):
            return "invalid_scope"
        return None

    def login_form(self, query: dict, problem: str | None) -> Response:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in query.items()
        )
        notice = f'<p role="alert" class="error">{html.escape(problem)}</p>' if problem else ""
        action = f"{PREFIX}/login?{urllib.parse.urlencode(query)}"
        body = (
            f"{notice}<form method=\"post\" action=\"{html.escape(action)}\">{hidden}"
            '<label for="username">Username</label><input id="username" name="username" autocomplete="username">'
            '<label for="password">Password</label><input id="password" name="password" type="password"'
            ' autocomplete="current-password">'
            '<button type="submit">Sign in</button></form>'
        )
        return _page(200, "Sign in", body, raw=True)

    def login(self, query: dict, body: bytes) -> Response:
        form = dict(urllib.parse.parse_qsl(body.decode(errors="replace")))
        pool, client = self._client(query.get("client_id", ""))
        if client is None or query.get("redirect_uri") not in client.extended_config.get("CallbackURLs", []):
            return _page(400, "An error was encountered", "invalid_request: the sign-in form lost its app client.")
        user = pool._get_user(form.get("username", ""))
        if user is None or user.password != form.get("password") or not user.enabled:
            return self.login_form(query, "Incorrect username or password.")
        if user.status != "CONFIRMED":
            return self.login_form(query, "This user must set a new password first; the sandbox's login does not offer that.")
        session = secrets.token_urlsafe(24)
        with self.lock:
            self.sessions[session] = (pool.id, user.username)
        status, headers, payload = self._issue_code(pool, client, user.username, query)
        headers.append(("Set-Cookie", f"{COOKIE}={session}; Path={PREFIX}; HttpOnly; SameSite=Lax"))
        return status, headers, payload

    def _issue_code(self, pool, client, username: str, query: dict) -> Response:
        code = secrets.token_urlsafe(32)
        with self.lock:
            self.codes[code] = Grant(
                pool_id=pool.id, client_id=client.id, username=username, redirect_uri=query["redirect_uri"],
                scopes=query.get("scope", "").split() or client.extended_config.get("AllowedOAuthScopes", []),
                challenge=query.get("code_challenge"), issued=self.clock.now(),
            )
        return _redirect(query["redirect_uri"], {"code": code, "state": query.get("state")})

    # /oauth2/token

    def token(self, environ: dict, body: bytes) -> Response:
        if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            return _oauth_error("invalid_request")
        form = dict(urllib.parse.parse_qsl(body.decode(errors="replace"), keep_blank_values=True))
        pool, client = self._client(form.get("client_id", ""))
        if client is None:
            return _oauth_error("invalid_client")
        if client.generate_secret:
            # A confidential client authenticates with its secret (HTTP Basic); the console's is public.
            return _oauth_error("invalid_client")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(pool, client, form)
        if grant_type == "refresh_token":
            return self._refresh(pool, client, form)
        return _oauth_error("unsupported_grant_type")

    def _exchange_code(self, pool, client, form: dict) -> Response:
        if not form.get("code") or not form.get("redirect_uri"):
            return _oauth_error("invalid_request")
        with self.lock:
            grant = self.codes.get(form["code"])
            valid = (
                grant is not None and not grant.used and grant.client_id == client.id
                and self.clock.now() - grant.issued <= CODE_LIFETIME
            )
            if grant is not None:
                grant.used = True
        if not valid or grant.redirect_uri != form["redirect_uri"]:
            return _oauth_error("invalid_grant")
        if grant.challenge is not None:
            verifier = form.get("code_verifier", "")
            if not verifier or not secrets.compare_digest(s256(verifier), grant.challenge):
                return _oauth_error("invalid_grant")
        refresh_token, origin_jti = pool.create_refresh_token(client.id, grant.username)
        with self.lock:
            self.refresh_issued[refresh_token] = self.clock.now()
        tokens = self._tokens(pool, client, grant.username, origin_jti, "openid" in grant.scopes)
        return _json(200, {**tokens, "refresh_token": refresh_token})

    def _refresh(self, pool, client, form: dict) -> Response:
        refresh_token = form.get("refresh_token")
        if not refresh_token:
            return _oauth_error("invalid_request")
        record = pool.refresh_tokens.get(refresh_token)
        with self.lock:
            issued = self.refresh_issued.get(refresh_token)
        if record is None or issued is None or record[0] != client.id:
            return _oauth_error("invalid_grant")
        if self.clock.now() - issued > self._refresh_lifetime(client):
            return _oauth_error("invalid_grant")
        _, username, origin_jti = record
        return _json(200, self._tokens(pool, client, username, origin_jti, True))

    def _tokens(self, pool, client, username: str, origin_jti: str, with_id_token: bool) -> dict:
        """Access and id tokens signed with moto's key, as moto's own create_*_token make them but with
        the app client's lifetime."""
        lifetime = self._lifetime(client)
        user = pool._get_user(username)
        groups = [group.group_name for group in user.groups]
        extra = {"origin_jti": origin_jti, **({"cognito:groups": groups} if groups else {})}
        access, _ = pool.create_jwt(client.id, username, "access", lifetime,
                                    {**extra, "scope": "openid email profile"})
        pool.access_tokens[access] = (client.id, username)
        answer = {"access_token": access, "token_type": "Bearer", "expires_in": lifetime}
        if with_id_token:
            attributes = {a["Name"]: a["Value"] for a in user.attributes}
            claims = {**extra, **{k: attributes[k] for k in ("email", "email_verified", "name") if k in attributes}}
            id_token, _ = pool.create_jwt(client.id, username, "id", lifetime, claims)
            pool.id_tokens[id_token] = (client.id, username)
            answer["id_token"] = id_token
        return answer

    # /oauth2/revoke and /logout

    def revoke(self, body: bytes) -> Response:
        form = dict(urllib.parse.parse_qsl(body.decode(errors="replace")))
        pool, client = self._client(form.get("client_id", ""))
        if client is None:
            return _oauth_error("invalid_client")
        token = form.get("token")
        if not token:
            return _oauth_error("invalid_request")
        record = pool.refresh_tokens.get(token)
        if record is not None and record[0] != client.id:
            return _oauth_error("invalid_request")
        if token in pool.refresh_tokens:
            pool.refresh_tokens[token] = None
        return 200, [("Content-Length", "0")], b""

    def logout(self, environ: dict, query: dict) -> Response:
        _, _, refusal = self._registered(query, "logout_uri", "LogoutURLs")
        if refusal is not None:
            return refusal
        with self.lock:
            self.sessions.pop(_cookie(environ), None)
        status, headers, payload = _redirect(query["logout_uri"], {})
        headers.append(("Set-Cookie", f"{COOKIE}=; Path={PREFIX}; Max-Age=0; HttpOnly; SameSite=Lax"))
        return status, headers, payload


def _validity_seconds(client, token: str, default_unit: str, default_value: int = 0) -> int:
    """An app client's token validity (IdTokenValidity, RefreshTokenValidity) in seconds, in its unit."""
    units = client.extended_config.get("TokenValidityUnits", {}).get(token, default_unit)
    value = int(client.extended_config.get(f"{token}Validity", default_value))
    return value * {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[units]


def _cookie(environ: dict) -> str:
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return ""


def _redirect(target: str, parameters: dict) -> Response:
    present = {k: v for k, v in parameters.items() if v is not None}
    separator = "&" if "?" in target else "?"
    location = f"{target}{separator}{urllib.parse.urlencode(present)}" if present else target
    return 302, [("Location", location), ("Content-Length", "0"), ("Cache-Control", "no-store")], b""


def _json(status: int, value: dict) -> Response:
    payload = json.dumps(value).encode()
    return status, [
        ("Content-Type", "application/json;charset=UTF-8"), ("Content-Length", str(len(payload))),
        ("Cache-Control", "no-store"),
    ], payload


def _oauth_error(code: str) -> Response:
    return _json(400, {"error": code})


def _page(status: int, title: str, body: str, raw: bool = False) -> Response:
    content = body if raw else f"<p>{html.escape(body)}</p>"
    payload = (
        f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{content}</body></html>"
    ).encode()
    return status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))], payload
