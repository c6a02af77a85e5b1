"""Build the sandbox (moto's app behind the front) and serve it on a loopback port."""

import os
from dataclasses import dataclass
from email.utils import format_datetime

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from .clock import SandboxClock
from .cognito import CognitoIdentity
from .control import Control
from .ecs_front import upgrade_agent
from .faults import Faults
from .front import Front
from .regions import Regions
from .seed import bootstrap_auth, seed_demo, seed_hosts, seed_second_region, seed_sign_in
from .ssm_front import SsmState
from .user_pools import HostedLogin

REGION = "us-east-1"
# The demo fleet's second region: a platform team's sites are often spread over several.
SECOND_REGION = "eu-west-1"


@dataclass
class Sandbox:
    app: Front
    clock: SandboxClock
    credentials: dict


def handler_for(clock: SandboxClock) -> type[MotoRequestHandler]:
    class SandboxRequestHandler(MotoRequestHandler):
        """Dates every response with the sandbox clock, so a shifted clock shows in `Date`."""

        def date_time_string(self, timestamp: float | None = None) -> str:
            return format_datetime(clock.now(), usegmt=True)

    return SandboxRequestHandler


def parse_seed(text: str) -> tuple[str, int]:
    if text in ("demo", "none"):
        return text, 0
    kind, _, number = text.partition(":")
    if kind == "hosts" and number.isdigit() and int(number) > 0:
        return kind, int(number)
    raise ValueError(f"--seed must be demo, none or hosts:N, not {text!r}")


def build(seed: str) -> Sandbox:
    kind, count = parse_seed(seed)
    moto_app = DomainDispatcherApplication(create_backend_app)
    clock = SandboxClock()
    faults = Faults()
    ssm = SsmState(clock)
    ssm.on_ecs_agent_upgrade = lambda instance_id: upgrade_agent(REGION, instance_id)
    regions = Regions(clock, REGION, ssm)
    regions.on_ecs_agent_upgrade = upgrade_agent
    credentials = bootstrap_auth(moto_app, REGION)
    if kind == "demo":
        seed_demo(ssm, REGION)
        seed_second_region(regions.ssm(SECOND_REGION), SECOND_REGION)
    elif kind == "hosts":
        seed_hosts(ssm, REGION, count)
    cognito = CognitoIdentity(clock)
    pool_id = cognito.seed_guest_pool(REGION)
    sign_in = seed_sign_in(cognito, REGION)
    hosted_login = HostedLogin(clock, faults, REGION)
    front = Front(moto_app, clock, faults, ssm, REGION)
    front.regions = regions
    front.cognito = cognito
    front.hosted_login = hosted_login
    front.internal_credentials = credentials
    control = Control(clock, faults, ssm, credentials, REGION)
    control.regions = regions
    control.cognito = cognito
    control.identity_pool_id = pool_id
    control.hosted_login = hosted_login
    control.sign_in = sign_in
    front.control = control
    return Sandbox(front, clock, credentials)


def serve(seed: str, port: int, port_file: str | None) -> None:
    sandbox = build(seed)
    server = make_server("127.0.0.1", port, sandbox.app, threaded=True, request_handler=handler_for(sandbox.clock))
    chosen = server.socket.getsockname()[1]
    os.environ.setdefault("MOTO_PORT", str(chosen))
    if port_file:
        # Written after bind+listen, so a reader can connect as soon as the file exists.
        temporary = f"{port_file}.tmp"
        with open(temporary, "w") as handle:
            handle.write(f"{chosen}\n")
        os.replace(temporary, port_file)
    print(f"anywhere-sandbox listening on http://127.0.0.1:{chosen} (seed {seed})", flush=True)
    server.serve_forever()
