"""Control endpoints under /_sandbox/: configuration, install stand-in, host registration, faults, clock, counters."""

import json
from importlib import resources

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID

from .awserror import AwsError
from .clock import SandboxClock
from .cognito import CognitoIdentity
from .ecs_front import LOCK, instance_by_managed_id
from .faults import KINDS, Faults
from .regions import Regions
from .hostile import add_hostile_host
from .registration import parse_request, register_host
from .ssm_front import SsmState
from .user_pools import PREFIX as HOSTED_LOGIN_PREFIX
from .user_pools import HostedLogin

LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
PING_STATUSES = ("Online", "ConnectionLost", "Inactive")
Response = tuple[int, list[tuple[str, str]], bytes]


def _json(status: int, value: object) -> Response:
    payload = json.dumps(value).encode()
    return status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))], payload


def _error(status: int, code: str, message: str) -> Response:
    return _json(status, {"error": code, "message": message})


def _body(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError as error:
        raise AwsError("InvalidRequest", "The request body is not valid JSON.") from error
    if not isinstance(value, dict):
        raise AwsError("InvalidRequest", "The request body must be a JSON object.")
    return value


def _count(value: object, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise AwsError("InvalidRequest", f"{name} must be a non-negative integer.")
    return value


class Control:
    def __init__(self, clock: SandboxClock, faults: Faults, ssm: SsmState, credentials: dict, region: str):
        self.clock = clock
        self.faults = faults
        self.ssm = ssm
        # Set by the server: the SSM state of every region.
        self.regions: Regions | None = None
        self.credentials = credentials
        self.region = region
        self.cognito: CognitoIdentity | None = None
        self.identity_pool_id: str | None = None
        self.hosted_login: HostedLogin | None = None
        self.sign_in: dict | None = None

    def __call__(self, environ: dict, body: bytes) -> Response:
        route = (environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")[len("/_sandbox"):])
        handlers = {
            ("GET", "/config"): self.config,
            ("GET", "/ecs-anywhere-install.sh"): self.install_script,
            ("POST", "/register-host"): self.register_host,
            ("GET", "/counters"): self.counters,
            ("POST", "/counters/reset"): self.reset_counters,
            ("GET", "/faults"): self.get_faults,
            ("POST", "/faults"): self.set_faults,
            ("POST", "/faults/reset"): self.reset_faults,
            ("POST", "/faults/release"): self.release_faults,
            ("GET", "/clock"): self.get_clock,
            ("POST", "/clock"): self.set_clock,
            ("POST", "/host-state"): self.host_state,
            ("POST", "/hostile-host"): self.hostile_host,
            ("GET", "/cognito"): self.get_cognito,
            ("POST", "/cognito"): self.set_cognito,
            ("GET", "/user-pool"): self.get_user_pool,
            ("POST", "/user-pool"): self.set_user_pool,
        }
        handler = handlers.get(route)
        if handler is None:
            return _error(404, "NotFound", f"No sandbox endpoint {route[0]} {route[1]}.")
        try:
            return handler(environ, body)
        except AwsError as error:
            return _error(error.status, error.code, error.message)

    @staticmethod
    def _endpoint(environ: dict) -> str:
        return f"http://127.0.0.1:{environ['SERVER_PORT']}"

    def config(self, environ: dict, _: bytes) -> Response:
        if environ.get("REMOTE_ADDR") not in LOOPBACK:
            return _error(403, "Forbidden", "The sandbox configuration is served to loopback clients only.")
        return _json(200, {"region": self.region, "endpoint": self._endpoint(environ), **self.credentials})

    def install_script(self, environ: dict, _: bytes) -> Response:
        text = resources.files(__package__).joinpath("ecs-anywhere-install.sh").read_text()
        payload = text.replace("@SANDBOX_URL@", self._endpoint(environ)).encode()
        return 200, [("Content-Type", "text/x-shellscript"), ("Content-Length", str(len(payload)))], payload

    def register_host(self, _: dict, body: bytes) -> Response:
        registration = parse_request(body)
        # The host registers in the region its install command names, with that region's SSM.
        ssm = self.regions.ssm(registration.region) if self.regions is not None else self.ssm
        return _json(200, register_host(ssm, registration))

    def counters(self, _: dict, __: bytes) -> Response:
        counts = self.faults.counts()
        return _json(200, {"operations": counts, "total": sum(counts.values())})

    def reset_counters(self, _: dict, __: bytes) -> Response:
        self.faults.reset_counts()
        return _json(200, {"operations": {}, "total": 0})

    def get_faults(self, _: dict, __: bytes) -> Response:
        return _json(200, self.faults.pending())

    def set_faults(self, _: dict, body: bytes) -> Response:
        """`{"throttle"|"fail"|"drop"|"hold": N, "operation": "ListContainerInstances", "region": "eu-west-1",
        "after": K, "latencyMs": M}`: the next N calls (of that operation, signed for that region, once K of
        them went through)."""
        request = _body(body)
        unknown = set(request) - {*KINDS, "latencyMs", "operation", "region", "after"}
        if unknown:
            raise AwsError("InvalidRequest", "Unknown fault settings: " + ", ".join(sorted(unknown)))
        operation = request.get("operation")
        if operation is not None and (not isinstance(operation, str) or not operation):
            raise AwsError("InvalidRequest", "operation must be an operation name such as ListContainerInstances.")
        region = request.get("region")
        if region is not None and (not isinstance(region, str) or not region):
            raise AwsError("InvalidRequest", "region must be a region code such as eu-west-1.")
        counts = {kind: _count(request.get(kind), kind) or 0 for kind in KINDS}
        self.faults.configure(
            counts, _count(request.get("latencyMs"), "latencyMs"), operation, _count(request.get("after"), "after") or 0,
            region,
        )
        return _json(200, self.faults.pending())

    def release_faults(self, _: dict, __: bytes) -> Response:
        """Lets every held response go."""
        self.faults.release()
        return _json(200, self.faults.pending())

    def reset_faults(self, _: dict, __: bytes) -> Response:
        self.faults.clear()
        return _json(200, self.faults.pending())

    def get_clock(self, _: dict, __: bytes) -> Response:
        return _json(200, {"now": self.clock.now().isoformat(), "shiftSeconds": self.clock.shift_seconds()})

    def set_clock(self, environ: dict, body: bytes) -> Response:
        request = _body(body)
        if request.get("reset"):
            self.clock.reset()
        shift = request.get("shiftSeconds", 0)
        if not isinstance(shift, (int, float)) or isinstance(shift, bool):
            raise AwsError("InvalidRequest", "shiftSeconds must be a number.")
        self.clock.shift_by(shift)
        return self.get_clock(environ, body)

    def host_state(self, _: dict, body: bytes) -> Response:
        """Simulate a host going offline or coming back: SSM ping status and ECS agent connection."""
        request = _body(body)
        instance_id = request.get("instanceId", "")
        ping = request.get("pingStatus")
        if ping is not None and ping not in PING_STATUSES:
            raise AwsError("InvalidRequest", "pingStatus must be one of " + ", ".join(PING_STATUSES))
        with self.ssm.lock:
            managed = self.ssm.instances.get(instance_id)
            if managed is None:
                raise AwsError("InvalidInstanceId", f"No managed instance {instance_id}.")
            if ping is not None:
                managed.ping_status = ping
        if "agentConnected" in request:
            with LOCK:
                instance = instance_by_managed_id(self.region, instance_id)
                if instance is not None:
                    instance.agent_connected = bool(request["agentConnected"])
        return _json(200, {"instanceId": instance_id})

    def hostile_host(self, _: dict, body: bytes) -> Response:
        """A host whose names, attributes and tags carry HTML and script (see hostile.py)."""
        cluster = _body(body).get("cluster", "edge-factory")
        if not isinstance(cluster, str) or not cluster:
            raise AwsError("InvalidRequest", "cluster must be a cluster name.")
        return _json(200, add_hostile_host(self.ssm, self.region, cluster))

    def get_cognito(self, _: dict, __: bytes) -> Response:
        """The seeded identity pool (guests allowed) and the lifetime of the credentials it hands out."""
        if self.cognito is None:
            raise AwsError("InvalidRequest", "This sandbox serves no Cognito identity pool.")
        return _json(200, {
            "identityPoolId": self.identity_pool_id,
            "guestRoleArn": self.cognito.guest_role_arn(self.identity_pool_id or ""),
            "durationSeconds": self.cognito.duration_seconds,
        })

    def set_cognito(self, environ: dict, body: bytes) -> Response:
        """`{"durationSeconds": N}`: the lifetime of the credentials guests get from now on."""
        seconds = _count(_body(body).get("durationSeconds"), "durationSeconds")
        if self.cognito is not None and seconds is not None:
            self.cognito.set_duration(seconds)
        return self.get_cognito(environ, body)

    def get_user_pool(self, environ: dict, _: bytes) -> Response:
        """The seeded user pool sign-in: pool, app client, managed login address, identity pool, users."""
        if self.sign_in is None or self.hosted_login is None:
            raise AwsError("InvalidRequest", "This sandbox serves no user pool sign-in.")
        client = self._sign_in_client()
        return _json(200, {
            **self.sign_in,
            "domain": f"{self._endpoint(environ)}{HOSTED_LOGIN_PREFIX}",
            "callbackUrls": client.extended_config.get("CallbackURLs", []),
            "tokenSeconds": self.hosted_login.token_seconds,
            "refreshTokenSeconds": self.hosted_login.refresh_token_seconds,
        })

    def set_user_pool(self, environ: dict, body: bytes) -> Response:
        """`{"callbackUrl": URL}` registers an address as callback and sign-out URL of the app client;
        `{"tokenSeconds": N, "refreshTokenSeconds": M}` shortens the lifetime of tokens issued from now on
        (null restores the app client's)."""
        if self.sign_in is None or self.hosted_login is None:
            raise AwsError("InvalidRequest", "This sandbox serves no user pool sign-in.")
        request = _body(body)
        url = request.get("callbackUrl")
        if url is not None:
            if not isinstance(url, str) or not url.startswith(("http://", "https://")) or "#" in url:
                raise AwsError("InvalidRequest", "callbackUrl must be an absolute http(s) URL without a fragment.")
            config = self._sign_in_client().extended_config
            for key in ("CallbackURLs", "LogoutURLs"):
                if url not in config[key]:
                    config[key] = [*config[key], url]
        for field, attribute in (("tokenSeconds", "token_seconds"), ("refreshTokenSeconds", "refresh_token_seconds")):
            if field in request:
                seconds = _count(request[field], field)
                setattr(self.hosted_login, attribute, seconds)
        return self.get_user_pool(environ, body)

    def _sign_in_client(self):
        pool = get_backend("cognito-idp")[DEFAULT_ACCOUNT_ID][self.region].user_pools[self.sign_in["userPoolId"]]
        return pool.clients[self.sign_in["clientId"]]
