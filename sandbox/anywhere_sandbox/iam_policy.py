"""IAM policy evaluation: does a set of identity-based policies allow one request?

Follows the IAM User Guide, "Policy evaluation logic" (within one account, identity-based policies only):
an explicit Deny in any statement wins; otherwise an Allow that matches grants; otherwise the request is
implicitly denied. A statement matches when its Action (or NotAction), its Resource (or NotResource) and
every part of its Condition match the request ("IAM JSON policy elements": Action, Resource, Condition,
condition operators, "Conditions with multiple context keys or values", policy variables).

moto evaluates Action against Resource "*" and skips Condition entirely, for every kind of credentials,
so a policy scoped to one cluster's ARN, or one that requires a request tag, is judged wrongly by it in
both directions. The front uses this module instead for every ECS and SSM call (authorization.py builds
each request's resource and context keys).

Condition values are compared as strings, as IAM does; a key missing from the request makes a positive
operator false and a negated one true, except for `...IfExists` (true when missing) and `Null`.
"""

import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum

ContextValue = str | list[str]


class Decision(Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit deny"
    IMPLICIT_DENY = "implicit deny"


@dataclass(frozen=True)
class Request:
    """One authorization question: may the principal do `action` on `resource` in this context?

    `context` maps condition keys to a value or, for multivalued keys such as aws:TagKeys, a list.
    Keys are matched without regard to case, as IAM matches them.
    """

    action: str
    resource: str
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    # For a resource-based policy (a role's trust policy): who asks, as the policy's Principal
    # element names it, e.g. ("Federated", "cognito-identity.amazonaws.com").
    principal: tuple[str, str] | None = None

    def value(self, key: str) -> ContextValue | None:
        wanted = key.lower()
        for name, value in self.context.items():
            if name.lower() == wanted:
                return value
        return None


class PolicyError(ValueError):
    """A policy the evaluator cannot read; IAM would have refused to store it."""


def evaluate(policies: Iterable[str | dict], request: Request) -> Decision:
    """The decision for `request` under these identity-based policy documents (JSON text or parsed)."""
    allowed = False
    for policy in policies:
        document = json.loads(policy) if isinstance(policy, str) else policy
        for statement in _statements(document):
            if not _statement_matches(statement, request):
                continue
            effect = statement.get("Effect")
            if effect == "Deny":
                return Decision.EXPLICIT_DENY
            if effect == "Allow":
                allowed = True
            else:
                raise PolicyError(f"Effect must be Allow or Deny, not {effect!r}")
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY


def _statements(document: dict) -> list[dict]:
    statements = document.get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _principal_matches(element, principal: tuple[str, str]) -> bool:
    """`"*"` (or `{"AWS": "*"}`) is anyone; otherwise the element names the principal under its kind."""
    if element == "*":
        return True
    kind, name = principal
    return name in _as_list(element.get(kind)) or "*" in _as_list(element.get("AWS"))


def _statement_matches(statement: dict, request: Request) -> bool:
    if request.principal is not None:
        if "Principal" in statement:
            if not _principal_matches(statement["Principal"], request.principal):
                return False
        elif "NotPrincipal" in statement:
            if _principal_matches(statement["NotPrincipal"], request.principal):
                return False
        else:
            raise PolicyError("a resource-based policy statement needs Principal or NotPrincipal")
    if "Action" in statement:
        if not any(_action_matches(pattern, request.action) for pattern in _as_list(statement["Action"])):
            return False
    elif "NotAction" in statement:
        if any(_action_matches(pattern, request.action) for pattern in _as_list(statement["NotAction"])):
            return False
    else:
        raise PolicyError("a statement needs Action or NotAction")
    if "Resource" in statement:
        patterns = [_substitute(p, request) for p in _as_list(statement["Resource"])]
        if not any(p is not None and _resource_matches(p, request.resource) for p in patterns):
            return False
    elif "NotResource" in statement:
        patterns = [_substitute(p, request) for p in _as_list(statement["NotResource"])]
        if any(p is not None and _resource_matches(p, request.resource) for p in patterns):
            return False
    elif request.principal is None:
        # A role's trust policy names no Resource: the role it is attached to is implied.
        raise PolicyError("an identity-based statement needs Resource or NotResource")
    return _conditions_hold(statement.get("Condition", {}), request)


def _glob(pattern: str, flags: int = 0) -> re.Pattern:
    """`*` any run of characters, `?` one character; everything else literal."""
    parts = ("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), flags | re.DOTALL)


def _action_matches(pattern: str, action: str) -> bool:
    # Action names (service prefix and operation) are not case-sensitive.
    return _glob(pattern, re.IGNORECASE).fullmatch(action) is not None


def _resource_matches(pattern: str, resource: str) -> bool:
    if pattern == "*":
        return True
    # An action without resource-level permissions is requested on "*": only "*" (or a pattern made of
    # wildcards only) in the policy covers it, so an ARN-scoped statement never grants it.
    if resource == "*":
        return set(pattern) <= {"*"}
    return _glob(pattern).fullmatch(resource) is not None


_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def _substitute(text, request: Request) -> str | None:
    """Policy variables (`${aws:username}`…) replaced from the request; None when one is missing, which
    makes the value match nothing, as IAM does for a variable without a value. (The special `${*}`, `${?}`
    and `${$}` are not supported: no policy here needs a literal wildcard.)"""
    if not isinstance(text, str):
        return str(text).lower() if isinstance(text, bool) else str(text)
    missing = False

    def replace(match: re.Match) -> str:
        nonlocal missing
        name = match.group(1)
        value = request.value(name)
        if isinstance(value, str):
            return value
        missing = True
        return ""

    substituted = _VARIABLE.sub(replace, text)
    return None if missing else substituted


# Condition operators.

_SET_QUALIFIERS = ("ForAllValues:", "ForAnyValue:")
_NEGATED = {
    "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals",
    "ArnNotEquals", "ArnNotLike", "NotIpAddress",
}


def _conditions_hold(conditions: dict, request: Request) -> bool:
    for operator, keys in conditions.items():
        for key, wanted in keys.items():
            if not _condition_holds(operator, key, _as_list(wanted), request):
                return False
    return True


def _condition_holds(operator: str, key: str, wanted: list, request: Request) -> bool:
    qualifier = next((q for q in _SET_QUALIFIERS if operator.startswith(q)), None)
    base = operator[len(qualifier):] if qualifier else operator
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    present = request.value(key)
    values = [] if present is None else _as_list(present)
    if base == "Null":
        if qualifier or if_exists:
            raise PolicyError("Null takes no set qualifier or IfExists")
        absent = present is None or values == []
        return any(str(w).lower() == ("true" if absent else "false") for w in wanted)
    compare = _COMPARISONS.get(base)
    if compare is None:
        raise PolicyError(f"unknown condition operator {operator!r}")
    negated = base in _NEGATED
    patterns = [p for p in (_substitute(w, request) for w in wanted) if p is not None]

    def one_matches(value: str) -> bool:
        return any(compare(value, pattern) for pattern in patterns)

    if qualifier == "ForAllValues:":
        # True when every requested value passes; an absent key or an empty set passes vacuously.
        return all((not one_matches(v)) if negated else one_matches(v) for v in values)
    if qualifier == "ForAnyValue:":
        return any((not one_matches(v)) if negated else one_matches(v) for v in values)
    if present is None:
        return True if if_exists else negated
    # A single-valued operator on a multivalued key compares each value; a negated one holds only when
    # no value matches any pattern (logical NOR), a positive one when some value matches (OR).
    matched = any(one_matches(v) for v in values)
    return not matched if negated else matched


def _string_equals(value: str, pattern: str) -> bool:
    return value == pattern


def _string_equals_ignore_case(value: str, pattern: str) -> bool:
    return value.lower() == pattern.lower()


def _string_like(value: str, pattern: str) -> bool:
    return _glob(pattern).fullmatch(value) is not None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _numeric(test):
    def compare(value: str, pattern: str) -> bool:
        left, right = _number(value), _number(pattern)
        return left is not None and right is not None and test(left, right)

    return compare


def _date(text: str) -> datetime | None:
    number = _number(text)
    if number is not None:
        return datetime.fromtimestamp(number, timezone.utc)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _dates(test):
    def compare(value: str, pattern: str) -> bool:
        left, right = _date(value), _date(pattern)
        return left is not None and right is not None and test(left, right)

    return compare


def _bool(value: str, pattern: str) -> bool:
    return value.lower() == pattern.lower()


def _ip_address(value: str, pattern: str) -> bool:
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(pattern, strict=False)
    except ValueError:
        return False


def _arn_like(value: str, pattern: str) -> bool:
    """ArnLike and ArnEquals: the six colon-separated parts are matched one by one, wildcards allowed."""
    values, patterns = value.split(":", 5), pattern.split(":", 5)
    if len(values) != 6 or len(patterns) != 6:
        return False
    return all(_glob(p).fullmatch(v) is not None for v, p in zip(values, patterns))


_COMPARISONS = {
    "StringEquals": _string_equals,
    "StringNotEquals": _string_equals,
    "StringEqualsIgnoreCase": _string_equals_ignore_case,
    "StringNotEqualsIgnoreCase": _string_equals_ignore_case,
    "StringLike": _string_like,
    "StringNotLike": _string_like,
    "NumericEquals": _numeric(lambda a, b: a == b),
    "NumericNotEquals": _numeric(lambda a, b: a == b),
    "NumericLessThan": _numeric(lambda a, b: a < b),
    "NumericLessThanEquals": _numeric(lambda a, b: a <= b),
    "NumericGreaterThan": _numeric(lambda a, b: a > b),
    "NumericGreaterThanEquals": _numeric(lambda a, b: a >= b),
    "DateEquals": _dates(lambda a, b: a == b),
    "DateNotEquals": _dates(lambda a, b: a == b),
    "DateLessThan": _dates(lambda a, b: a < b),
    "DateLessThanEquals": _dates(lambda a, b: a <= b),
    "DateGreaterThan": _dates(lambda a, b: a > b),
    "DateGreaterThanEquals": _dates(lambda a, b: a >= b),
    "Bool": _bool,
    "BinaryEquals": _string_equals,
    "IpAddress": _ip_address,
    "NotIpAddress": _ip_address,
    "ArnEquals": _arn_like,
    "ArnLike": _arn_like,
    "ArnNotEquals": _arn_like,
    "ArnNotLike": _arn_like,
}
