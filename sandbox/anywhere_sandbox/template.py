"""The self-service CloudFormation template (deploy/self-service.yaml), read and evaluated as CloudFormation
would for given parameters, so the sandbox seeds the very policies that cfn-lint checks and that the
deploy tests evaluate.

Implements the intrinsic functions the template uses (Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Split,
Fn::Select, Fn::If with Fn::Equals conditions, AWS::NoValue), after the CloudFormation User Guide's
"Intrinsic function reference"; anything else is refused rather than guessed.
"""

from pathlib import Path
from typing import Any

import yaml

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "self-service.yaml"
FUNCTIONS = ("Ref", "Sub", "GetAtt", "Join", "Split", "Select", "If", "Equals", "Not")
_NO_VALUE = object()


class _Loader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms (`!Sub x` is `{"Fn::Sub": x}`)."""


def _short_form(name: str):
    key = "Ref" if name == "Ref" else f"Fn::{name}"

    def construct(loader: yaml.Loader, node: yaml.Node) -> dict:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if name == "GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {key: value}

    return construct


for _name in FUNCTIONS:
    _Loader.add_constructor(f"!{_name}", _short_form(_name))


def load(path: Path = TEMPLATE) -> dict:
    with open(path) as handle:
        return yaml.load(handle, Loader=_Loader)


class Stack:
    """A template with its parameters and the physical ids of the resources it refers to."""

    def __init__(self, template: dict, values: dict[str, Any]):
        self.template = template
        parameters = {
            name: spec.get("Default") for name, spec in template.get("Parameters", {}).items()
        }
        self.values = {**parameters, **values}
        self.conditions = {
            name: self.render(expression) for name, expression in template.get("Conditions", {}).items()
        }

    def resource(self, logical_id: str) -> dict | None:
        """A resource's Properties, rendered; `None` when its condition is false."""
        resource = self.template["Resources"][logical_id]
        if "Condition" in resource and not self.conditions[resource["Condition"]]:
            return None
        return self.render(resource["Properties"])

    def render(self, node: Any) -> Any:
        if isinstance(node, list):
            return [item for item in (self.render(n) for n in node) if item is not _NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, argument), = node.items()
            if key == "Ref":
                return _NO_VALUE if argument == "AWS::NoValue" else self._value(argument)
            if key.startswith("Fn::"):
                return self._function(key[4:], argument)
        rendered = {key: self.render(value) for key, value in node.items()}
        return {key: value for key, value in rendered.items() if value is not _NO_VALUE}

    def _value(self, name: str) -> Any:
        if name not in self.values:
            raise KeyError(f"the template refers to {name}, which this stack was given no value for")
        return self.values[name]

    def _function(self, name: str, argument: Any) -> Any:
        if name == "GetAtt":
            return self._value(".".join(argument))
        if name == "Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            local = {key: self.render(value) for key, value in variables.items()}
            return _substitute(text, lambda variable: local[variable] if variable in local else self._value(variable))
        if name == "Join":
            delimiter, items = argument
            return delimiter.join(str(item) for item in self.render(items))
        if name == "Split":
            delimiter, text = argument
            return self.render(text).split(delimiter)
        if name == "Select":
            index, items = argument
            return self.render(items)[int(self.render(index))]
        if name == "If":
            condition, when_true, when_false = argument
            return self.render(when_true if self.conditions[condition] else when_false)
        if name == "Equals":
            left, right = (self.render(side) for side in argument)
            return left == right
        if name == "Not":
            return not self.render(argument[0])
        raise ValueError(f"Fn::{name} is not supported by the sandbox's template reader")


def _substitute(text: str, lookup) -> str:
    out, position = [], 0
    while True:
        start = text.find("${", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        end = text.index("}", start)
        out.append(text[position:start])
        variable = text[start + 2:end]
        out.append("${" + variable[1:] + "}" if variable.startswith("!") else str(lookup(variable)))
        position = end + 1


def pseudo_parameters(region: str, account: str, stack_name: str) -> dict[str, str]:
    return {
        "AWS::Region": region, "AWS::AccountId": account, "AWS::Partition": "aws",
        "AWS::StackName": stack_name, "AWS::URLSuffix": "amazonaws.com",
    }
