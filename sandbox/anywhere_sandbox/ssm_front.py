"""SSM hybrid activations, managed instances and Run Command to them, which moto lacks.

Follows the SSM API reference (CreateActivation, DescribeActivations, DeleteActivation,
DescribeInstanceInformation, DescribeInstanceProperties, DeregisterManagedInstance,
Add/RemoveTagsToResource, ListTagsForResource, SendCommand, ListCommandInvocations,
GetCommandInvocation) and the Systems Manager guide on hybrid activations. State lives here, in
memory, behind one lock. Timestamps are epoch seconds, as the JSON protocol sends them.
"""

import base64
import secrets
import string
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .awserror import AwsError, validation
from .clock import SandboxClock

ACTIVATION_PAGE_MAX = 50
INSTANCE_PAGE_MAX = 50
# DescribeInstanceProperties: MaxResults 5 to 1,000 (the model checks the range); its default is
# not documented, so the sandbox takes the most.
PROPERTIES_PAGE_MAX = 1000
MAX_EXPIRY = timedelta(days=30)
DEFAULT_EXPIRY = timedelta(hours=24)
RUN_DOCUMENTS = ("AWS-RunShellScript", "AWS-UpdateSSMAgent")
# The documents' own executionTimeout default (AWS-UpdateSSMAgent has no such parameter).
EXECUTION_TIMEOUT = {"AWS-RunShellScript": 3600}
# DescribeInstanceInformation: the values SSM accepts for the enumerated filter keys.
FILTER_VALUES = {
    "PingStatus": {"Online", "ConnectionLost", "Inactive"},
    "PlatformTypes": {"Windows", "Linux", "MacOS"},
    "ResourceType": {"ManagedInstance", "EC2Instance"},
}


@dataclass
class Activation:
    activation_id: str
    code: str
    iam_role: str
    registration_limit: int
    expires_at: datetime
    created_at: datetime
    description: str = ""
    default_instance_name: str = ""
    registrations: int = 0
    tags: dict = field(default_factory=dict)


@dataclass
class ManagedInstance:
    instance_id: str
    activation_id: str
    iam_role: str
    registered_at: datetime
    last_ping_at: datetime
    ping_status: str
    agent_version: str
    platform_type: str
    platform_name: str
    platform_version: str
    ip_address: str
    computer_name: str
    name: str = ""
    tags: dict = field(default_factory=dict)


@dataclass
class Invocation:
    command_id: str
    instance_id: str
    status: str
    details: str
    output: str
    response_code: int


@dataclass
class Command:
    command_id: str
    document: str
    comment: str
    parameters: dict
    instance_ids: list
    requested_at: datetime
    timeout_seconds: int
    invocations: list = field(default_factory=list)


def _epoch(moment: datetime) -> float:
    return moment.timestamp()


def _token(position: int) -> str:
    return base64.urlsafe_b64encode(f"ssm:{position}".encode()).decode()


def _position(token: str | None) -> int:
    if not token:
        return 0
    try:
        prefix, _, number = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if prefix != "ssm":
            raise ValueError(prefix)
        return int(number)
    except (ValueError, UnicodeDecodeError) as error:
        raise AwsError("InvalidNextToken", "The specified token isn't valid.") from error


def _page(items: list, token: str | None, size: int) -> tuple[list, str | None]:
    start = _position(token)
    chunk = items[start : start + size]
    following = start + size
    return chunk, _token(following) if following < len(items) else None


def _instance_reader(key: str) -> Callable[[ManagedInstance], set]:
    """What a DescribeInstanceInformation filter key reads from an instance, as a set of values."""
    readers: dict[str, Callable[[ManagedInstance], set]] = {
        "InstanceIds": lambda i: {i.instance_id},
        "SourceIds": lambda i: {i.instance_id},
        "SourceTypes": lambda i: {"AWS::SSM::ManagedInstance"},
        "ActivationIds": lambda i: {i.activation_id},
        "PingStatus": lambda i: {i.ping_status},
        "PlatformTypes": lambda i: {i.platform_type},
        "AgentVersion": lambda i: {i.agent_version},
        "IamRole": lambda i: {i.iam_role},
        "ResourceType": lambda i: {"ManagedInstance"},
        "AssociationStatus": lambda i: set(),
        "tag-key": lambda i: set(i.tags),
    }
    if key.startswith("tag:"):
        name = key[len("tag:"):]
        return lambda i: {i.tags[name]} if name in i.tags else set()
    if key not in readers:
        raise AwsError("InvalidFilterKey", "The specified key isn't valid.")
    return readers[key]


def new_activation_code() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(20))


class SsmState:
    def __init__(self, clock: SandboxClock):
        self.clock = clock
        # Called with a managed-instance id once a Run Command there has installed ecs-init and
        # restarted the agent, so the host's ECS agent can report its new version.
        self.on_ecs_agent_upgrade: Callable[[str], None] = lambda _: None
        self.lock = threading.RLock()
        self.activations: dict[str, Activation] = {}
        self.instances: dict[str, ManagedInstance] = {}
        self.commands: dict[str, Command] = {}

    # Activations

    def create_activation(self, request: dict) -> dict:
        now = self.clock.now()
        if "ExpirationDate" in request:
            expires_at = datetime.fromtimestamp(float(request["ExpirationDate"]), now.tzinfo)
            if expires_at <= now or expires_at - now > MAX_EXPIRY:
                raise validation(
                    "ExpirationDate must be later than the current time and no more than 30 days ahead."
                )
        else:
            expires_at = now + DEFAULT_EXPIRY
        activation = Activation(
            activation_id=str(uuid.uuid4()),
            code=new_activation_code(),
            iam_role=request["IamRole"],
            registration_limit=request.get("RegistrationLimit", 1),
            expires_at=expires_at,
            created_at=now,
            description=request.get("Description", ""),
            default_instance_name=request.get("DefaultInstanceName", ""),
            tags={tag["Key"]: tag["Value"] for tag in request.get("Tags", [])},
        )
        with self.lock:
            self.activations[activation.activation_id] = activation
        return {"ActivationId": activation.activation_id, "ActivationCode": activation.code}

    def _describe_activation(self, activation: Activation) -> dict:
        described = {
            "ActivationId": activation.activation_id,
            "IamRole": activation.iam_role,
            "RegistrationLimit": activation.registration_limit,
            "RegistrationsCount": activation.registrations,
            "ExpirationDate": _epoch(activation.expires_at),
            "Expired": activation.expires_at <= self.clock.now(),
            "CreatedDate": _epoch(activation.created_at),
            "Tags": [{"Key": key, "Value": value} for key, value in activation.tags.items()],
        }
        if activation.description:
            described["Description"] = activation.description
        if activation.default_instance_name:
            described["DefaultInstanceName"] = activation.default_instance_name
        return described

    def describe_activations(self, request: dict) -> dict:
        size = request.get("MaxResults", ACTIVATION_PAGE_MAX)
        fields = {
            "ActivationIds": lambda a: a.activation_id,
            "DefaultInstanceName": lambda a: a.default_instance_name,
            "IamRole": lambda a: a.iam_role,
        }
        with self.lock:
            chosen = list(self.activations.values())
        for item in request.get("Filters", []):
            read = fields[item["FilterKey"]]
            values = set(item.get("FilterValues", []))
            chosen = [a for a in chosen if read(a) in values]
        page, token = _page(chosen, request.get("NextToken"), size)
        response = {"ActivationList": [self._describe_activation(a) for a in page]}
        if token:
            response["NextToken"] = token
        return response

    def delete_activation(self, request: dict) -> dict:
        with self.lock:
            if self.activations.pop(request["ActivationId"], None) is None:
                raise AwsError("InvalidActivationId", "The activation ID isn't valid. Verify the that activation ID is correct and try again.")
        return {}

    def check_activation(self, activation_id: str, code: str) -> Activation:
        """What the SSM agent's registration checks; messages follow the SSM troubleshooting guide."""
        activation = self.activations.get(activation_id)
        if activation is None:
            raise AwsError("InvalidActivationId", "The activation ID isn't valid. Verify the that activation ID is correct and try again.")
        if activation.code != code:
            raise AwsError("InvalidActivation", "Activation ID or code is not valid. Verify the activation ID and code and try again.")
        if activation.expires_at <= self.clock.now():
            raise AwsError("InvalidActivation", "The activation has expired. Create a new activation and try again.")
        if activation.registrations >= activation.registration_limit:
            raise AwsError("InvalidActivation", "The activation has reached its registration limit. Create a new activation and try again.")
        return activation

    # Managed instances

    def add_instance(self, instance: ManagedInstance) -> None:
        with self.lock:
            self.instances[instance.instance_id] = instance
            activation = self.activations.get(instance.activation_id)
            if activation is not None:
                activation.registrations += 1

    def _describe_instance(self, instance: ManagedInstance) -> dict:
        described = {
            "InstanceId": instance.instance_id,
            "PingStatus": instance.ping_status,
            "LastPingDateTime": _epoch(instance.last_ping_at),
            "AgentVersion": instance.agent_version,
            "IsLatestVersion": instance.agent_version == "3.3.1142.0",
            "PlatformType": instance.platform_type,
            "PlatformName": instance.platform_name,
            "PlatformVersion": instance.platform_version,
            "ActivationId": instance.activation_id,
            "IamRole": instance.iam_role,
            "RegistrationDate": _epoch(instance.registered_at),
            "ResourceType": "ManagedInstance",
            "IPAddress": instance.ip_address,
            "ComputerName": instance.computer_name,
            "SourceId": instance.instance_id,
            "SourceType": "AWS::SSM::ManagedInstance",
        }
        if instance.name:
            described["Name"] = instance.name
        return described

    def describe_instance_information(self, request: dict) -> dict:
        """Pages are cut first and filtered after, as SSM does: a filtered query can answer a short or
        even empty page that still carries a NextToken. With an InstanceIds filter the pages run over
        the ids asked (in their order), so 50 ids with MaxResults 50 take one page; otherwise over
        every managed instance."""
        size = request.get("MaxResults", INSTANCE_PAGE_MAX)
        if "InstanceInformationFilterList" in request and "Filters" in request:
            raise validation("You can specify either InstanceInformationFilterList or Filters, not both.")
        filters = [
            (item["key"], item["valueSet"]) for item in request.get("InstanceInformationFilterList", [])
        ] + [(item["Key"], item["Values"]) for item in request.get("Filters", [])]
        readers = [(_instance_reader(key), set(values)) for key, values in filters]
        for key, values in filters:
            if not set(values) <= FILTER_VALUES.get(key, set(values)):
                raise AwsError("InvalidInstanceInformationFilterValue", "The specified filter value isn't valid.")
        with self.lock:
            by_id = [values for key, values in filters if key == "InstanceIds"]
            if by_id:
                candidates = [self.instances.get(i) for i in dict.fromkeys(by_id[0])]
            else:
                candidates = list(self.instances.values())
            window, token = _page(candidates, request.get("NextToken"), size)
            chosen = [
                i for i in window
                if i is not None and all(read(i) & wanted for read, wanted in readers)
            ]
            response = {"InstanceInformationList": [self._describe_instance(i) for i in chosen]}
        if token:
            response["NextToken"] = token
        return response

    def describe_instance_properties(self, request: dict) -> dict:
        """The same managed instances as DescribeInstanceInformation, as instance properties (no
        IsLatestVersion), up to 1,000 a page. InstancePropertyFilterList takes the keys and values
        of DescribeInstanceInformation's filters (DocumentName matches nothing here: the sandbox
        keeps no associations); pages are cut before they are filtered, as SSM's instance listings
        do. FiltersWithOperator is not implemented by the sandbox and refused as such."""
        if "FiltersWithOperator" in request:
            raise validation("The sandbox does not implement FiltersWithOperator; use InstancePropertyFilterList.")
        size = request.get("MaxResults", PROPERTIES_PAGE_MAX)
        filters = [(item["key"], item["valueSet"]) for item in request.get("InstancePropertyFilterList", [])]
        for key, values in filters:
            if not set(values) <= FILTER_VALUES.get(key, set(values)):
                raise AwsError("InvalidInstancePropertyFilterValue", "The specified filter value isn't valid.")
        readers = [
            (lambda i: set(), set(values)) if key == "DocumentName" else (_instance_reader(key), set(values))
            for key, values in filters
        ]
        with self.lock:
            window, token = _page(list(self.instances.values()), request.get("NextToken"), size)
            chosen = [i for i in window if all(read(i) & wanted for read, wanted in readers)]
            properties = []
            for instance in chosen:
                described = self._describe_instance(instance)
                del described["IsLatestVersion"]
                properties.append(described)
        response = {"InstanceProperties": properties}
        if token:
            response["NextToken"] = token
        return response

    def deregister_managed_instance(self, request: dict) -> dict:
        with self.lock:
            if self.instances.pop(request["InstanceId"], None) is None:
                raise AwsError("InvalidInstanceId", "The following supplied instance ID is not valid: " + request["InstanceId"])
        return {}

    # Tags

    def _tagged(self, request: dict) -> dict:
        item = self.instances.get(request["ResourceId"])
        if item is None:
            raise AwsError("InvalidResourceId", "The resource ID isn't valid. Verify that you entered the correct ID and try again.")
        return item.tags

    def add_tags_to_resource(self, request: dict) -> dict | None:
        if request["ResourceType"] != "ManagedInstance":
            return None
        with self.lock:
            self._tagged(request).update({tag["Key"]: tag["Value"] for tag in request["Tags"]})
        return {}

    def remove_tags_from_resource(self, request: dict) -> dict | None:
        if request["ResourceType"] != "ManagedInstance":
            return None
        with self.lock:
            tags = self._tagged(request)
            for key in request["TagKeys"]:
                tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, request: dict) -> dict | None:
        if request["ResourceType"] != "ManagedInstance":
            return None
        with self.lock:
            tags = self._tagged(request)
            return {"TagList": [{"Key": key, "Value": value} for key, value in tags.items()]}

    # Run Command

    def send_command(self, request: dict) -> dict | None:
        instance_ids = request.get("InstanceIds", [])
        if not instance_ids or not all(i.startswith("mi-") for i in instance_ids):
            return None
        document = request["DocumentName"]
        if document not in RUN_DOCUMENTS:
            raise AwsError("InvalidDocument", f"Document {document} does not exist in your account.")
        parameters = request.get("Parameters", {})
        if document == "AWS-RunShellScript" and not parameters.get("commands"):
            raise AwsError("InvalidParameters", "Parameter \"commands\" is required.")
        now = self.clock.now()
        command = Command(
            command_id=str(uuid.uuid4()), document=document, comment=request.get("Comment", ""),
            parameters=parameters, instance_ids=instance_ids, requested_at=now,
            timeout_seconds=request.get("TimeoutSeconds", 3600),
        )
        with self.lock:
            for instance_id in instance_ids:
                instance = self.instances.get(instance_id)
                if instance is None:
                    raise AwsError("InvalidInstanceId", "Instances [[" + instance_id + "]] not in a valid state for account.")
                command.invocations.append(self._run(command, instance))
            self.commands[command.command_id] = command
        return {"Command": self._describe_command(command)}

    def _run(self, command: Command, instance: ManagedInstance) -> Invocation:
        """An Online host runs the document at once; any other waits Pending for its agent."""
        if instance.ping_status != "Online":
            return Invocation(command.command_id, instance.instance_id, "Pending", "Pending", "", -1)
        return self._execute(command, instance)

    def _execute(self, command: Command, instance: ManagedInstance) -> Invocation:
        if command.document == "AWS-UpdateSSMAgent":
            instance.agent_version = "3.3.1142.0"
            output = "Successfully installed amazon-ssm-agent 3.3.1142.0"
        else:
            lines = command.parameters.get("commands", [])
            output = "\n".join(f"ran: {line}" for line in lines)
            if any("amazon-ecs-init" in line for line in lines) and "systemctl restart ecs" in lines:
                self.on_ecs_agent_upgrade(instance.instance_id)
        return Invocation(command.command_id, instance.instance_id, "Success", "Success", output, 0)

    @staticmethod
    def _deadline(command: Command) -> datetime:
        """SSM's "Delivery Timed Out": not received within TimeoutSeconds plus the document's
        executionTimeout ("Understanding command statuses")."""
        default = EXECUTION_TIMEOUT.get(command.document, 0)
        execution = command.parameters.get("executionTimeout") or [default]
        return command.requested_at + timedelta(seconds=command.timeout_seconds + int(execution[0]))

    def _advance(self, command: Command) -> None:
        """Delivers pending invocations whose host is back Online; times out the ones past the deadline."""
        timed_out = self.clock.now() >= self._deadline(command)
        for index, invocation in enumerate(command.invocations):
            if invocation.status != "Pending":
                continue
            instance = self.instances.get(invocation.instance_id)
            if timed_out:
                invocation.status, invocation.details = "TimedOut", "DeliveryTimedOut"
            elif instance is not None and instance.ping_status == "Online":
                command.invocations[index] = self._execute(command, instance)

    def _describe_command(self, command: Command) -> dict:
        self._advance(command)
        statuses = [i.status for i in command.invocations]
        pending = statuses.count("Pending")
        failed = sum(1 for s in statuses if s not in ("Success", "Pending"))
        timed_out = sum(1 for i in command.invocations if i.details == "DeliveryTimedOut")
        if pending:
            overall = "Pending" if pending == len(statuses) else "InProgress"
        else:
            overall = "Success" if failed == 0 else "Failed" if timed_out < len(statuses) else "TimedOut"
        return {
            "CommandId": command.command_id,
            "DocumentName": command.document,
            "DocumentVersion": "$DEFAULT",
            "Comment": command.comment,
            "ExpiresAfter": _epoch(self._deadline(command)),
            "Parameters": command.parameters,
            "InstanceIds": command.instance_ids,
            "Targets": [],
            "RequestedDateTime": _epoch(command.requested_at),
            "Status": overall,
            "StatusDetails": overall,
            "TargetCount": len(statuses),
            "CompletedCount": len(statuses) - pending,
            "ErrorCount": failed - timed_out,
            "DeliveryTimedOutCount": timed_out,
            "MaxConcurrency": "50",
            "MaxErrors": "0",
            "TimeoutSeconds": command.timeout_seconds,
        }

    def _describe_invocation(self, command: Command, invocation: Invocation, details: bool) -> dict:
        instance = self.instances.get(invocation.instance_id)
        described = {
            "CommandId": command.command_id,
            "InstanceId": invocation.instance_id,
            "InstanceName": instance.computer_name if instance else "",
            "Comment": command.comment,
            "DocumentName": command.document,
            "DocumentVersion": "$DEFAULT",
            "RequestedDateTime": _epoch(command.requested_at),
            "Status": invocation.status,
            "StatusDetails": invocation.details,
            "StandardOutputUrl": "",
            "StandardErrorUrl": "",
            "CommandPlugins": [],
        }
        if details:
            plugin = "aws:runShellScript" if command.document == "AWS-RunShellScript" else "aws:updateSsmAgent"
            described["CommandPlugins"] = [{
                "Name": plugin, "Status": invocation.status, "StatusDetails": invocation.details,
                "ResponseCode": invocation.response_code, "Output": invocation.output,
            }]
        return described

    def list_command_invocations(self, request: dict) -> dict | None:
        with self.lock:
            commands = list(self.commands.values())
            if "CommandId" in request:
                commands = [c for c in commands if c.command_id == request["CommandId"]]
                if not commands:
                    return None
            for command in commands:
                self._advance(command)
            rows = [
                self._describe_invocation(c, i, request.get("Details", False))
                for c in commands for i in c.invocations
                if request.get("InstanceId") in (None, i.instance_id)
            ]
        page, token = _page(rows, request.get("NextToken"), request.get("MaxResults", 50))
        response = {"CommandInvocations": page}
        if token:
            response["NextToken"] = token
        return response

    def get_command_invocation(self, request: dict) -> dict | None:
        with self.lock:
            command = self.commands.get(request["CommandId"])
            if command is None:
                return None
            self._advance(command)
            for invocation in command.invocations:
                if invocation.instance_id == request["InstanceId"]:
                    return {
                        "CommandId": command.command_id, "InstanceId": invocation.instance_id,
                        "DocumentName": command.document, "DocumentVersion": "$DEFAULT",
                        "Status": invocation.status, "StatusDetails": invocation.details,
                        "ResponseCode": invocation.response_code,
                        "StandardOutputContent": invocation.output, "StandardErrorContent": "",
                    }
        raise AwsError("InvocationDoesNotExist", "An error occurred (InvocationDoesNotExist).")

    def handlers(self) -> dict[str, Callable[[dict], dict | None]]:
        return {
            "CreateActivation": self.create_activation,
            "DescribeActivations": self.describe_activations,
            "DeleteActivation": self.delete_activation,
            "DescribeInstanceInformation": self.describe_instance_information,
            "DescribeInstanceProperties": self.describe_instance_properties,
            "DeregisterManagedInstance": self.deregister_managed_instance,
            "AddTagsToResource": self.add_tags_to_resource,
            "RemoveTagsFromResource": self.remove_tags_from_resource,
            "ListTagsForResource": self.list_tags_for_resource,
            "SendCommand": self.send_command,
            "ListCommandInvocations": self.list_command_invocations,
            "GetCommandInvocation": self.get_command_invocation,
        }
