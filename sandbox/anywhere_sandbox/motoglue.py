"""Access to moto's backends and its response serializer, so front answers come out as moto's would."""

import json
from typing import Any

from moto.backends import get_backend
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.serialize import XFormedAttributePicker, get_serializer_class
from moto.core.utils import get_service_model
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse


def ecs_backend(region: str) -> EC2ContainerServiceBackend:
    return get_backend("ecs")[DEFAULT_ACCOUNT_ID][region]


# moto formats container-instance attributes only for DescribeContainerInstances and
# RegisterContainerInstance; its other answers carrying an instance list them as empty objects.
_FORMAT_ATTRIBUTES = EC2ContainerServiceResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER[
    "DescribeContainerInstancesResponse.containerInstances.ContainerInstance.attributes"
]
ATTRIBUTE_TRANSFORMERS = {
    **EC2ContainerServiceResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER,
    "UpdateContainerInstancesStateResponse.containerInstances.ContainerInstance.attributes": _FORMAT_ATTRIBUTES,
    "DeregisterContainerInstanceResponse.containerInstance.attributes": _FORMAT_ATTRIBUTES,
}


def serialize_ecs(operation: str, result: dict[str, Any]) -> dict[str, Any]:
    """Serialize moto ECS objects with moto's own serializer; returns the decoded JSON body."""
    operation_model = get_service_model("ecs").operation_model(operation)
    picker = XFormedAttributePicker(response_transformers=ATTRIBUTE_TRANSFORMERS)
    serializer = get_serializer_class("ecs", "json")(operation_model, value_picker=picker)
    body = serializer.serialize(result)["body"]
    return json.loads(body) if body else {}
