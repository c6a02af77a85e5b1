"""The front: WSGI middleware around moto's server app.

Per AWS call it: answers CORS preflights; checks the SigV4 signature and the clock; counts the call;
applies injected faults; validates ECS/SSM requests against botocore's models; authorizes them with
the caller's IAM policies (authorization.py: resources and condition keys, which moto ignores);
answers what moto lacks (ecs_front, ssm_front) and passes the rest to moto, signed as the sandbox
itself since the front has already decided who may do what. Every response, errors included,
carries the CORS headers and a request id; the server's request handler dates responses with the
sandbox clock (server.py).
"""

import io
import ipaddress
import json
import socket
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.model import NoShapeFoundError
from botocore.session import get_session
from moto.core.exceptions import ServiceException
from werkzeug.datastructures import EnvironHeaders

from . import authorization, ecs_front, signature
from .awserror import AwsError
from .clock import SandboxClock
from .cognito import CognitoIdentity
from .faults import HOLD_LIMIT_SECONDS, Faults
from .regions import Regions
from .ssm_front import SsmState
from .user_pools import PREFIX as HOSTED_LOGIN_PREFIX
from .user_pools import HostedLogin
from .validation import validate

JSON_CONTENT_TYPE = "application/x-amz-json-1.1"
TARGET_PREFIXES = {"AmazonEC2ContainerServiceV20141113": "ecs", "AmazonSSM": "ssm"}
ALLOWED_HEADERS = (
    "authorization", "content-type", "x-amz-date", "x-amz-target", "x-amz-security-token",
    "x-amz-user-agent", "x-amz-content-sha256", "amz-sdk-invocation-id", "amz-sdk-request",
    "cache-control", "x-amz-api-version",
)
# Not Date: AWS does not expose it to browsers, so the console must read the server time from the
# signature error's message, as it must on AWS.
EXPOSED_HEADERS = "x-amzn-requestid, x-amzn-errortype, x-amz-request-id"
SERVER_ERROR = {"ecs": "ServerException", "ssm": "InternalServerError"}
DEFAULT_MESSAGE_MEMBER = {"ecs": "message", "ssm": "Message"}
UNSIGNED_TARGETS = ("AWSCognitoIdentityService.",)
# Signed Cognito Identity calls moto lacks: the roles of an identity pool.
COGNITO_ROLE_OPERATIONS = {
    "SetIdentityPoolRoles": CognitoIdentity.set_identity_pool_roles,
    "GetIdentityPoolRoles": CognitoIdentity.get_identity_pool_roles,
}

StartResponse = Callable[..., Any]
Response = tuple[int, list[tuple[str, str]], bytes]
ControlHandler = Callable[[dict, bytes], Response]

_MODELS = get_session()


def is_loopback_origin(origin: str | None) -> bool:
    """`http(s)://127.x.x.x`, `localhost` or `[::1]`, any port: a page served from this machine."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
        host = parts.hostname or ""
        _ = parts.port  # a malformed port raises here
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or parts.path or parts.query:
        return False
    if host in ("localhost", "::1"):
        return True
    try:
        return ipaddress.IPv4Address(host).is_loopback
    except ValueError:
        return False


def _status_line(code: int) -> str:
    reasons = {
        200: "OK", 302: "Found", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
    }
    return f"{code} {reasons.get(code, 'Status')}"


class Front:
    def __init__(self, moto_app: Callable, clock: SandboxClock, faults: Faults, ssm: SsmState, region: str):
        self.moto_app = moto_app
        self.clock = clock
        self.faults = faults
        self.ssm = ssm
        self.region = region
        # Set by the server: the regions served besides `region`, each with its SSM state.
        self.regions: Regions | None = None
        self.sessions = signature.SessionKeys()
        self.control: ControlHandler | None = None
        self.cognito: CognitoIdentity | None = None
        self.hosted_login: HostedLogin | None = None
        # The sandbox's own key, which moto's auth lets through: calls the front has authorized
        # reach moto signed with it.
        self.internal_credentials: dict | None = None
        self._services = {name: _MODELS.get_service_model(name) for name in ("ecs", "ssm")}

    # CORS and common headers

    def _cors(self, environ: dict) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        if not is_loopback_origin(origin):
            return [("Vary", "Origin")]
        return [
            ("Access-Control-Allow-Origin", origin),
            ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
            ("Vary", "Origin"),
        ]

    def _finish_headers(self, environ: dict, headers: list[tuple[str, str]], request_id: str) -> list[tuple[str, str]]:
        kept = [
            (name, value) for name, value in headers
            if not name.lower().startswith("access-control-") and name.lower() not in ("date", "vary")
        ]
        if not any(name.lower() == "x-amzn-requestid" for name, _ in kept):
            kept.append(("x-amzn-RequestId", request_id))
        return kept + self._cors(environ)

    @staticmethod
    def _foreign_origin(start_response: StartResponse) -> Iterable[bytes]:
        """A page from anywhere but this machine: refused before anything runs. CORS alone would
        only hide the answer, and a no-cors POST would still change the sandbox's state."""
        payload = b"The sandbox answers pages served from this machine (loopback origins) only.\n"
        start_response("403 Forbidden", [("Content-Type", "text/plain"), ("Content-Length", str(len(payload)))])
        return [payload]

    def _preflight(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        asked = [
            h.strip().lower() for h in environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").split(",") if h.strip()
        ]
        extra = [h for h in asked if h not in ALLOWED_HEADERS and h.startswith(("amz-sdk-", "x-amz-"))]
        headers = self._cors(environ) + [
            ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS"),
            ("Access-Control-Allow-Headers", ", ".join(ALLOWED_HEADERS + tuple(extra))),
            ("Access-Control-Max-Age", "600"),
            ("Content-Length", "0"),
        ]
        start_response("200 OK", headers)
        return [b""]

    # Entry point

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if "HTTP_ORIGIN" in environ and not is_loopback_origin(environ["HTTP_ORIGIN"]):
            return self._foreign_origin(start_response)
        if environ["REQUEST_METHOD"] == "OPTIONS":
            return self._preflight(environ, start_response)
        request_id = str(uuid.uuid4())
        body = self._read_body(environ)
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_sandbox/") and self.control is not None:
            status, headers, payload = self.control(environ, body)
            start_response(_status_line(status), self._finish_headers(environ, headers, request_id))
            return [payload]
        if path.startswith(HOSTED_LOGIN_PREFIX + "/") and self.hosted_login is not None:
            status, headers, payload = self.hosted_login(environ, body)
            start_response(_status_line(status), self._finish_headers(environ, headers, request_id))
            return [payload]
        headers = EnvironHeaders(environ)
        target = headers.get("X-Amz-Target", "")
        if "Authorization" not in headers and self._query_action(body, environ) == "AssumeRoleWithWebIdentity":
            return self._assume_role_with_web_identity(environ, body, start_response, request_id)
        is_aws_call = not path.startswith("/moto-api") and (
            "Authorization" in headers or target.split(".")[0] in TARGET_PREFIXES or target.startswith(UNSIGNED_TARGETS)
        )
        if not is_aws_call:
            return self._to_moto(environ, body, start_response, request_id)
        try:
            answer = self._aws_call(environ, headers, target, body)
        except AwsError as error:
            return self._error(environ, start_response, request_id, error, json_protocol=bool(target))
        except ServiceException as error:
            return self._error(environ, start_response, request_id, AwsError(error.code, error.message), True)
        if answer is None:
            if target.split(".")[0] in TARGET_PREFIXES:
                self._sign_as_sandbox(environ, body, TARGET_PREFIXES[target.split(".")[0]])
            return self._to_moto(environ, body, start_response, request_id)
        if answer is _DROPPED:
            return []
        if isinstance(answer, bytes):
            start_response("200 OK", self._finish_headers(
                environ, [("Content-Type", "text/xml"), ("Content-Length", str(len(answer)))], request_id
            ))
            return [answer]
        payload = json.dumps(answer, default=str).encode()
        start_response("200 OK", self._finish_headers(
            environ, [("Content-Type", JSON_CONTENT_TYPE), ("Content-Length", str(len(payload)))], request_id
        ))
        return [payload]

    def _assume_role_with_web_identity(
        self, environ: dict, body: bytes, start_response: StartResponse, request_id: str
    ) -> Iterable[bytes]:
        """The basic Cognito flow's unsigned STS call (query protocol, XML answer)."""
        self.faults.count("sts:AssumeRoleWithWebIdentity")
        try:
            if self.cognito is None:
                raise AwsError("InvalidIdentityToken", "This sandbox serves no Cognito identity pool.")
            payload = self.cognito.assume_role_with_web_identity(body)
        except AwsError as error:
            return self._error(environ, start_response, request_id, error, json_protocol=False)
        start_response("200 OK", self._finish_headers(
            environ, [("Content-Type", "text/xml"), ("Content-Length", str(len(payload)))], request_id
        ))
        return [payload]

    @staticmethod
    def _sign_as_owner(environ: dict, url: str, headers: EnvironHeaders, body: bytes, caller: signature.Caller) -> None:
        """moto knows no GetSessionToken keys: once the front has verified one, the request goes on
        to moto signed with the IAM user's own key, which the session key stands for."""
        kept = {
            name: value for name, value in headers.items()
            if name.lower() not in ("authorization", "x-amz-security-token", "x-amz-date")
        }
        request = AWSRequest(method=environ["REQUEST_METHOD"], url=url, data=body, headers=kept)
        SigV4Auth(caller.access_key.create_credentials(), caller.service, caller.region).add_auth(request)
        environ.pop("HTTP_X_AMZ_SECURITY_TOKEN", None)
        environ["HTTP_AUTHORIZATION"] = request.headers["Authorization"]
        environ["HTTP_X_AMZ_DATE"] = request.headers["X-Amz-Date"]

    def _get_session_token(self, caller: signature.Caller, body: bytes) -> bytes:
        """STS GetSessionToken, answered here: moto hands out one fixed example key that no signature
        check could know."""
        form = urllib.parse.parse_qs(body.decode(errors="replace"))
        try:
            duration = int(form.get("DurationSeconds", [signature.SessionKeys.DEFAULT_SECONDS])[0])
        except ValueError as error:
            raise AwsError("ValidationError", "DurationSeconds must be a number.") from error
        key_id, key = self.sessions.issue(caller, duration, self.clock.now())
        expiration = key.expiration.strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult>'
            f"<Credentials><AccessKeyId>{key_id}</AccessKeyId><SecretAccessKey>{key.secret_access_key}"
            f"</SecretAccessKey><SessionToken>{key.session_token}</SessionToken><Expiration>{expiration}"
            "</Expiration></Credentials></GetSessionTokenResult>"
            f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></GetSessionTokenResponse>"
        ).encode()

    def _read_body(self, environ: dict) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    def _aws_call(self, environ: dict, headers: EnvironHeaders, target: str, body: bytes) -> Any:
        prefix, _, operation = target.partition(".")
        service = TARGET_PREFIXES.get(prefix)
        if "Authorization" not in headers and target.startswith(UNSIGNED_TARGETS):
            self.faults.count(f"cognito-identity:{operation}")
            return None if self.cognito is None else self.cognito.answer(operation, body)
        url = self._url(environ)
        caller = signature.verify(
            environ["REQUEST_METHOD"], url, headers, body, self.clock.now(), self._signed_region(headers), service,
            self.sessions,
        )
        name = operation or self._query_action(body, environ) or environ.get("PATH_INFO", "")
        if caller.via_session:
            self._sign_as_owner(environ, url, headers, body, caller)
        self.faults.count(f"{service or caller.service}:{name}")
        if prefix == "AWSCognitoIdentityService" and operation in COGNITO_ROLE_OPERATIONS and self.cognito:
            params = self.cognito.signed_params(operation, body)
            authorization.authorize(caller, "cognito-identity", operation, params, self.clock.now())
            return COGNITO_ROLE_OPERATIONS[operation](self.cognito, params)
        fault = self.faults.next_call(f"{service or caller.service}:{name}", caller.region)
        if fault.latency_ms:
            time.sleep(fault.latency_ms / 1000)
        if fault.hold is not None:
            fault.hold.wait(HOLD_LIMIT_SECONDS)
        if fault.drop:
            self._drop(environ)
            return _DROPPED
        if fault.throttle:
            raise AwsError("ThrottlingException", "Rate exceeded")
        if fault.fail:
            raise AwsError(SERVER_ERROR.get(service or "", "InternalFailure"), "Injected failure: service unavailable.", 500)
        if service is None:
            if caller.service == "sts" and name == "GetSessionToken":
                return self._get_session_token(caller, body)
            return None
        model = self._services[service]
        if operation not in model.operation_names:
            raise AwsError("UnknownOperationException", f"Unknown operation {operation}")
        try:
            params = json.loads(body or b"{}")
        except ValueError as error:
            raise AwsError("SerializationException", "Request body is not valid JSON.") from error
        try:
            validate(service, model.operation_model(operation), params)
            authorization.authorize(caller, service, operation, params, self.clock.now())
            return self._answer(service, operation, caller, params)
        except AwsError as error:
            error.message_member = self._message_member(service, error.code)
            raise

    def _signed_region(self, headers: EnvironHeaders) -> str:
        """The region the request's credential scope names, once it is one this sandbox serves (else
        the error AWS answers there); the sandbox's own region when the request names none, so the
        signature check says what is missing."""
        authorization = headers.get("Authorization")
        if not authorization or self.regions is None:
            return self.region
        try:
            region = signature.parse_authorization(authorization).credential[2]
        except (AwsError, IndexError, ValueError):
            return self.region
        self.regions.check(region)
        return region

    def _message_member(self, service: str, code: str) -> str:
        """The member an error shape of the service model names its message with: SSM mostly says
        `Message` (InvalidInstanceId, TooManyUpdates), sometimes `message`
        (InvalidInstanceInformationFilterValue); ECS always `message`."""
        try:
            members = self._services[service].shape_for(code).members
        except NoShapeFoundError:
            members = {}
        return next((name for name in ("Message", "message") if name in members), DEFAULT_MESSAGE_MEMBER[service])

    def _answer(self, service: str, operation: str, caller: authorization.Caller, params: dict) -> Any:
        if service == "ecs":
            handler = ecs_front.HANDLERS.get(operation)
            if handler is None:
                return None
            return handler(caller.region, params)
        ssm = self.regions.ssm(caller.region) if self.regions is not None else self.ssm
        handler = ssm.handlers().get(operation)
        if handler is None:
            return None
        answer = handler(params)
        if operation == "DeregisterManagedInstance":
            ecs_front.disconnect_agent(caller.region, params["InstanceId"])
        return answer

    def _sign_as_sandbox(self, environ: dict, body: bytes, service: str) -> None:
        """Re-signs an authorized call with the sandbox's own key before moto sees it: moto would
        judge the caller's policy against Resource "*" and without conditions, and refuse what IAM
        allows (a statement scoped to one cluster's ARN)."""
        if self.internal_credentials is None:
            return
        headers = EnvironHeaders(environ)
        region = signature.parse_authorization(headers["Authorization"]).credential[2]
        request = AWSRequest(method=environ["REQUEST_METHOD"], url=self._url(environ), data=body, headers={
            "Content-Type": headers.get("Content-Type", JSON_CONTENT_TYPE),
            "X-Amz-Target": headers.get("X-Amz-Target", ""),
        })
        credentials = Credentials(
            self.internal_credentials["accessKeyId"], self.internal_credentials["secretAccessKey"]
        )
        SigV4Auth(credentials, service, region).add_auth(request)
        environ.pop("HTTP_X_AMZ_SECURITY_TOKEN", None)
        environ["HTTP_AUTHORIZATION"] = request.headers["Authorization"]
        environ["HTTP_X_AMZ_DATE"] = request.headers["X-Amz-Date"]

    @staticmethod
    def _url(environ: dict) -> str:
        host = environ.get("HTTP_HOST", "localhost")
        path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
        query = environ.get("QUERY_STRING", "")
        if "?" in path or not query:
            return f"http://{host}{path}"
        return f"http://{host}{path}?{query}"

    @staticmethod
    def _query_action(body: bytes, environ: dict) -> str | None:
        for source in (environ.get("QUERY_STRING", ""), body.decode(errors="replace")):
            for pair in source.split("&"):
                key, _, value = pair.partition("=")
                if key == "Action":
                    return value
        return None

    @staticmethod
    def _drop(environ: dict) -> None:
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _error(
        self, environ: dict, start_response: StartResponse, request_id: str, error: AwsError, json_protocol: bool
    ) -> Iterable[bytes]:
        if json_protocol:
            payload = error.json_body()
            content_type = JSON_CONTENT_TYPE
        else:
            payload = error.xml_body(request_id)
            content_type = "text/xml"
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(payload))),
            ("x-amzn-ErrorType", error.code),
        ]
        start_response(_status_line(error.status), self._finish_headers(environ, headers, request_id))
        return [payload]

    def _to_moto(self, environ: dict, body: bytes, start_response: StartResponse, request_id: str) -> Iterable[bytes]:
        environ["wsgi.input"] = io.BytesIO(body)

        def relay(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, self._finish_headers(environ, headers, request_id), exc_info)

        return self.moto_app(environ, relay)


_DROPPED = object()
