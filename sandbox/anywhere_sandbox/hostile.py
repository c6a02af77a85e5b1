"""A host whose every free-text field carries HTML and script: for the console's output-escaping tests.

Real hosts cannot store most of this (ECS refuses `<` in attribute values and tag values), but a console
must never trust that: names, computer names, platform strings, agent versions, attributes and tags
all come back as text from AWS. Built directly on the backends, past the registration checks.
"""

from datetime import timedelta

from .ecs_front import LOCK
from .external import HostFacts, add_external_instance, new_managed_instance_id
from .motoglue import ecs_backend
from .ssm_front import ManagedInstance, SsmState

# Each payload runs script if a page ever puts it into HTML; each sets window.__pwned when it does.
PAYLOADS = (
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=2</script>',
    '"><svg onload="window.__pwned=3">',
    "<a href=\"javascript:window.__pwned=4\">click</a>",
)
# Drawn reversed unless shown for what it is: "invoice\u202Efdp.exe" reads as "invoiceexe.pdf".
BIDI = "invoice\u202efdp.exe"


def add_hostile_host(ssm: SsmState, region: str, cluster: str) -> dict:
    backend = ecs_backend(region)
    now = ssm.clock.now()
    first, second, third, fourth = PAYLOADS
    host = HostFacts(
        hostname=f"evil-{first}", os_id="ubuntu", os_name=f"Ubuntu {second}", os_version=third,
        arch="x86_64", ip_address="10.66.6.6", ecs_agent_version=f"1.89.2{fourth}",
        attributes={**{f"note{index}": payload for index, payload in enumerate(PAYLOADS)}, "file": BIDI},
        tags={"owner": second, third: "x", "site": first, "label": BIDI},
    )
    managed_id = new_managed_instance_id()
    with ssm.lock:
        ssm.add_instance(ManagedInstance(
            instance_id=managed_id, activation_id="hostile", iam_role=second,
            registered_at=now - timedelta(hours=1), last_ping_at=now, ping_status="Online",
            agent_version=fourth, platform_type="Linux", platform_name=host.os_name,
            platform_version=host.os_version, ip_address=host.ip_address, computer_name=host.hostname,
            name=f"name-{third}", tags={"owner": first},
        ))
    with LOCK:
        if cluster not in backend.clusters:
            backend.create_cluster(cluster)
        instance = add_external_instance(backend, cluster, managed_id, host, now - timedelta(hours=1))
    return {
        "instanceId": managed_id, "containerInstanceArn": instance.container_instance_arn, "payloads": PAYLOADS,
        "bidi": BIDI,
    }
