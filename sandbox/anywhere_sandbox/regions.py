"""The regions the sandbox serves, each with its own state, as one AWS account sees them.

ECS keeps its state per region in moto's backends already; the front's SSM state (activations,
managed instances, commands) is kept per region here, as SSM keeps it. Every region of the `aws`
partition that botocore lists for ECS is served at the sandbox's one address, told apart by the
credential scope of the request's signature.

The account is a new one: the regions AWS enables by default answer (empty, unless seeded), and
the opt-in regions (launched after 20 March 2019, disabled until the account enables them) refuse
every signed call with `UnrecognizedClientException` "The security token included in the request
is invalid.", as AWS answers in a region the account has not enabled (AWS Account Management guide,
"Enable or disable AWS Regions in your account"). A scope naming no region of the partition is the
signature error AWS answers ("Credential should be scoped to a valid region").
"""

import threading

import botocore.session

from .awserror import AwsError
from .clock import SandboxClock
from .ssm_front import SsmState

# The guide's list of Regions that are disabled by default, as of botocore's region list.
OPT_IN_REGIONS = frozenset({
    "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1",
    "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
})
INVALID_TOKEN = "The security token included in the request is invalid."


def partition_regions() -> frozenset[str]:
    """The `aws` partition's ECS regions, as botocore lists them."""
    return frozenset(botocore.session.get_session().get_available_regions("ecs", partition_name="aws"))


class Regions:
    def __init__(self, clock: SandboxClock, home: str, home_ssm: SsmState):
        self.clock = clock
        self.home = home
        self.served = partition_regions()
        self.enabled_opt_in: set[str] = set()
        self._lock = threading.Lock()
        self._ssm: dict[str, SsmState] = {home: home_ssm}
        # Set by the server: what a Run Command that upgrades the ECS agent does, per region.
        self.on_ecs_agent_upgrade = lambda region, instance_id: None

    def check(self, region: str) -> None:
        """Raise the error AWS answers a call signed for `region`, if it does not serve it."""
        if region not in self.served:
            raise AwsError("InvalidSignatureException", f"Credential should be scoped to a valid region, not '{region}'. ")
        if region in OPT_IN_REGIONS and region not in self.enabled_opt_in:
            raise AwsError("UnrecognizedClientException", INVALID_TOKEN)

    def ssm(self, region: str) -> SsmState:
        """The region's SSM state, created empty on first use."""
        with self._lock:
            state = self._ssm.get(region)
            if state is None:
                state = SsmState(self.clock)
                state.on_ecs_agent_upgrade = lambda instance_id: self.on_ecs_agent_upgrade(region, instance_id)
                self._ssm[region] = state
            return state
