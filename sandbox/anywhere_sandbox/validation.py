"""Strict request validation against botocore's service models, before moto sees a request.

botocore's ParamValidator checks required members, unknown members, types and minimums; the model's
maximums and enums (which SDKs leave to the service) are checked here, with the service-side message
shape "1 validation error detected: Value ... at '...' failed to satisfy constraint: ...".
ECS reports these as InvalidParameterException, SSM as ValidationException (their API references).
"""

from typing import Any

from botocore.model import OperationModel, Shape
from botocore.validate import ParamValidator

from .awserror import AwsError

ERROR_CODE = {"ecs": "InvalidParameterException", "ssm": "ValidationException"}


def validate(service: str, operation: OperationModel, params: Any) -> None:
    if not isinstance(params, dict):
        raise AwsError("SerializationException", "Start of structure or map found where not expected.")
    problems: list[str] = []
    report = ParamValidator().validate(params, operation.input_shape)
    if report.has_errors():
        problems.extend(report._format_error(error) for error in report._errors)
    else:
        _check_limits(params, operation.input_shape, "", problems)
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise AwsError(
            ERROR_CODE.get(service, "ValidationException"),
            f"{count} validation {noun} detected: " + "; ".join(problems),
        )


def _check_limits(value: Any, shape: Shape, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                _check_limits(value[name], member, f"{path}.{name}" if path else name, problems)
        return
    if kind == "list":
        _check_size(value, len(value), meta, path, problems, "length")
        for index, item in enumerate(value):
            _check_limits(item, shape.member, f"{path}.{index + 1}.member", problems)
        return
    if kind == "map":
        _check_size(value, len(value), meta, path, problems, "length")
        for key, item in value.items():
            _check_limits(key, shape.key, f"{path}.{key}.key", problems)
            _check_limits(item, shape.value, f"{path}.{key}.value", problems)
        return
    if kind == "string":
        _check_size(value, len(value), meta, path, problems, "length")
        if shape.enum and value not in shape.enum:
            problems.append(
                f"Value '{value}' at '{path}' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"
            )
        return
    if kind in ("integer", "long", "double", "float"):
        _check_size(value, value, meta, path, problems, "value")


def _check_size(
    value: Any, size: float, meta: dict, path: str, problems: list[str], what: str
) -> None:
    if "max" in meta and size > meta["max"]:
        problems.append(
            f"Value '{value}' at '{path}' failed to satisfy constraint: "
            f"Member must have {what} less than or equal to {meta['max']}"
        )
    if "min" in meta and size < meta["min"]:
        problems.append(
            f"Value '{value}' at '{path}' failed to satisfy constraint: "
            f"Member must have {what} greater than or equal to {meta['min']}"
        )
