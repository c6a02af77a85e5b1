"""The ECS cluster query language, for ListContainerInstances `filter` and memberOf constraints.

Follows "Cluster query language" in the ECS developer guide: subjects `attribute:NAME`,
`agentConnected`, `ec2InstanceId`, `runningTasksCount`, `registeredAt`; operators `==`/`equals`,
`!=`/`not_equals`, `>`, `>=`, `<`, `<=`, `exists`, `!exists`/`not_exists`, `in`, `not_in`, `=~`/`matches`;
joined by `and`/`&&`, `or`/`||`, `not`/`!`, grouped by parentheses. Values may use `*` wildcards with `==`.
"""

import fnmatch
import re
from dataclasses import dataclass
from typing import Callable

from .awserror import invalid_parameter

TOKEN = re.compile(
    r"\s*(?:(?P<punct>\(|\)|\[|\]|,|==|!=|>=|<=|=~|>|<|&&|\|\||!)"
    r"|\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<word>[^\s()\[\],=!<>~&|\"']+))"
)
OPERATORS = {
    "==": "==", "equals": "==", "!=": "!=", "not_equals": "!=", ">": ">", ">=": ">=", "<": "<",
    "<=": "<=", "=~": "=~", "matches": "=~", "in": "in", "not_in": "not_in", "exists": "exists",
    "not_exists": "not_exists",
}


@dataclass
class Subject:
    """What an expression can read from a container instance."""

    attributes: dict
    agent_connected: bool
    ec2_instance_id: str
    running_tasks_count: int
    registered_at: str


Predicate = Callable[[Subject], bool]


def compile_expression(text: str) -> Predicate:
    tokens = _tokenize(text)
    parser = _Parser(tokens, text)
    predicate = parser.parse_or()
    if parser.position != len(tokens):
        raise _invalid(text)
    return predicate


def _invalid(text: str) -> Exception:
    return invalid_parameter(f"The expression is not valid: {text}")


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise _invalid(text)
        if match.group("punct") is not None:
            tokens.append(("punct", match.group("punct")))
        elif match.group("dq") is not None:
            tokens.append(("value", match.group("dq")))
        elif match.group("sq") is not None:
            tokens.append(("value", match.group("sq")))
        else:
            tokens.append(("word", match.group("word")))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], text: str):
        self.tokens = tokens
        self.text = text
        self.position = 0

    def _peek(self) -> str | None:
        if self.position < len(self.tokens):
            return self.tokens[self.position][1]
        return None

    def _take(self) -> str:
        if self.position >= len(self.tokens):
            raise _invalid(self.text)
        value = self.tokens[self.position][1]
        self.position += 1
        return value

    def parse_or(self) -> Predicate:
        left = self.parse_and()
        while self._peek() in ("or", "||"):
            self._take()
            right = self.parse_and()
            left = (lambda a, b: lambda s: a(s) or b(s))(left, right)
        return left

    def parse_and(self) -> Predicate:
        left = self.parse_unary()
        while self._peek() in ("and", "&&"):
            self._take()
            right = self.parse_unary()
            left = (lambda a, b: lambda s: a(s) and b(s))(left, right)
        return left

    def parse_unary(self) -> Predicate:
        token = self._peek()
        if token in ("not", "!"):
            self._take()
            inner = self.parse_unary()
            return lambda s: not inner(s)
        if token == "(":
            self._take()
            inner = self.parse_or()
            if self._take() != ")":
                raise _invalid(self.text)
            return inner
        return self.parse_comparison()

    def parse_comparison(self) -> Predicate:
        subject = self._take()
        read = _reader(subject, self.text)
        operator_token = self._take()
        if operator_token == "!" and self._peek() == "exists":
            self._take()
            operator_token = "not_exists"
        operator = OPERATORS.get(operator_token)
        if operator is None:
            raise _invalid(self.text)
        if operator == "exists":
            return lambda s: read(s) is not None
        if operator == "not_exists":
            return lambda s: read(s) is None
        if operator in ("in", "not_in"):
            values = self._list()
            if operator == "in":
                return lambda s: read(s) is not None and read(s) in values
            return lambda s: read(s) is None or read(s) not in values
        value = self._take()
        return _compare(read, operator, value)

    def _list(self) -> list[str]:
        if self._take() != "[":
            raise _invalid(self.text)
        values = []
        while True:
            values.append(self._take())
            separator = self._take()
            if separator == "]":
                return values
            if separator != ",":
                raise _invalid(self.text)


def _reader(subject: str, text: str) -> Callable[[Subject], str | None]:
    if subject.startswith("attribute:"):
        name = subject[len("attribute:"):]
        return lambda s: _attribute(s, name)
    readers = {
        "agentConnected": lambda s: "true" if s.agent_connected else "false",
        "ec2InstanceId": lambda s: s.ec2_instance_id,
        "runningTasksCount": lambda s: str(s.running_tasks_count),
        "registeredAt": lambda s: s.registered_at,
    }
    if subject not in readers:
        raise _invalid(text)
    return readers[subject]


def _attribute(subject: Subject, name: str) -> str | None:
    if name not in subject.attributes:
        return None
    value = subject.attributes[name]
    return "" if value is None else str(value)


def _compare(read: Callable[[Subject], str | None], operator: str, value: str) -> Predicate:
    def test(subject: Subject) -> bool:
        actual = read(subject)
        if actual is None:
            return operator == "!="
        if operator == "==":
            return fnmatch.fnmatchcase(actual, value) if "*" in value else actual == value
        if operator == "!=":
            return not (fnmatch.fnmatchcase(actual, value) if "*" in value else actual == value)
        if operator == "=~":
            return fnmatch.fnmatchcase(actual, value)
        try:
            left, right = float(actual), float(value)
        except ValueError:
            left, right = actual, value
        return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[operator]

    return test
