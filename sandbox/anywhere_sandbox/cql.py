"""The ECS cluster query language, for ListContainerInstances `filter` and memberOf constraints.

Follows "Cluster query language" in the ECS developer guide: subjects `attribute:NAME`, `task:group`,
`agentConnected`, `agentVersion`, `ec2InstanceId`, `registeredAt`, `runningTasksCount`, each with the
operators the guide lists for it; `==`/`equals` and `!=`/`not_equals` are plain string (in)equality,
`=~`/`matches` and `!~`/`not_matches` a Java regular expression matched against the whole value, plus
`>`, `>=`, `<`, `<=` and their word forms, `exists`, `!exists`/`not_exists`, `in`, `!in`/`not_in`;
joined by `and`/`&&`, `or`/`||`, `not`/`!` and parentheses, at most 2000 characters (the API's limit).
Values are words or quoted text (the guide's `ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']`).

Where the guide is silent, this follows the decisions written down in the console's evaluator
(crates/anywhere-core/src/rules/expression.rs); both are tested against one corpus,
crates/anywhere-core/tests/fixtures/cluster_query_language.json (tests/test_cql.py here).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from .awserror import invalid_parameter

MAX_EXPRESSION_CHARS = 2000
MAX_DEPTH = 64
SYMBOLS = ("==", "!=", ">=", "<=", "=~", "!~", "&&", "||", "(", ")", "[", "]", ",", ">", "<", "!")
NOT_WORD = set("()[],=!<>&|~'\"")

ORDERING = (">", ">=", "<", "<=")
OPERATORS = {
    "==": "==", "equals": "==", "!=": "!=", "not_equals": "!=", ">": ">", "greater_than": ">",
    ">=": ">=", "greater_than_equal": ">=", "<": "<", "less_than": "<", "<=": "<=",
    "less_than_equal": "<=", "=~": "=~", "matches": "=~", "!~": "!~", "not_matches": "!~",
    "in": "in", "not_in": "not_in", "exists": "exists", "not_exists": "not_exists",
}
NEGATED = {"exists": "not_exists", "in": "not_in"}
EQUALITY_LIST_PATTERN = {"==", "!=", "in", "not_in", "=~", "!~"}
ORDERED = {"==", "!=", ">", ">=", "<", "<="}
ALLOWED = {
    "attribute": set(OPERATORS.values()),
    "task:group": EQUALITY_LIST_PATTERN | {"exists", "not_exists"},
    "agentConnected": EQUALITY_LIST_PATTERN,
    "ec2InstanceId": EQUALITY_LIST_PATTERN,
    "agentVersion": ORDERED,
    "registeredAt": ORDERED,
    "runningTasksCount": ORDERED,
}


@dataclass
class Subject:
    """What an expression can read from a container instance."""

    attributes: dict
    agent_connected: bool
    agent_version: str
    ec2_instance_id: str
    registered_at: datetime
    running_tasks_count: int
    task_groups: list = field(default_factory=list)


Predicate = Callable[[Subject], bool]


def compile_expression(text: str) -> Predicate:
    """A predicate for the expression; InvalidParameterException when ECS would refuse it."""
    if len(text) > MAX_EXPRESSION_CHARS:
        raise invalid_parameter(
            f"The expression has {len(text)} characters; the maximum is {MAX_EXPRESSION_CHARS}."
        )
    parser = _Parser(_tokenize(text), text)
    if not parser.tokens:
        raise _invalid(text, "the expression is empty")
    predicate = parser.parse_or()
    if parser.position != len(parser.tokens):
        raise _invalid(text, f"unexpected {parser.tokens[parser.position][1]!r}")
    return predicate


def _invalid(text: str, why: str) -> Exception:
    return invalid_parameter(f"The expression is not valid ({why}): {text}")


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "'\"":
            close = text.find(c, i + 1)
            if close < 0:
                raise _invalid(text, "a quoted value is not closed")
            tokens.append(("quoted", text[i + 1 : close]))
            i = close + 1
        elif c not in NOT_WORD:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] not in NOT_WORD:
                i += 1
            tokens.append(("word", text[start:i]))
        else:
            symbol = next((s for s in SYMBOLS if text.startswith(s, i)), None)
            if symbol is None:
                raise _invalid(text, f"unexpected character {c!r}")
            tokens.append(("symbol", symbol))
            i += len(symbol)
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], text: str):
        self.tokens = tokens
        self.text = text
        self.position = 0
        self.depth = 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, expected: str) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise _invalid(self.text, f"expected {expected} at the end")
        self.position += 1
        return token

    def _take_if(self, *accepted: tuple[str, str]) -> bool:
        if self._peek() in accepted:
            self.position += 1
            return True
        return False

    def parse_or(self) -> Predicate:
        operands = [self.parse_and()]
        while self._take_if(("word", "or"), ("symbol", "||")):
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else (lambda s: any(p(s) for p in operands))

    def parse_and(self) -> Predicate:
        operands = [self.parse_unary()]
        while self._take_if(("word", "and"), ("symbol", "&&")):
            operands.append(self.parse_unary())
        return operands[0] if len(operands) == 1 else (lambda s: all(p(s) for p in operands))

    def parse_unary(self) -> Predicate:
        token = self._take("a subject")
        if token in (("word", "not"), ("symbol", "!"), ("symbol", "(")):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _invalid(self.text, "parentheses and not are nested too deeply")
            if token == ("symbol", "("):
                inner = self.parse_or()
                if self._take("')'") != ("symbol", ")"):
                    raise _invalid(self.text, "expected ')'")
                result = inner
            else:
                negated = self.parse_unary()
                result = lambda s: not negated(s)  # noqa: E731
            self.depth -= 1
            return result
        return self.parse_condition(token)

    def parse_condition(self, token: tuple[str, str]) -> Predicate:
        kind, subject = token
        if kind != "word":
            raise _invalid(self.text, f"expected a subject, found {subject!r}")
        family = _family(subject, self.text)
        operator = self._operator()
        if operator not in ALLOWED[family]:
            raise _invalid(self.text, f"{subject} does not take {operator}")
        values: list = []
        if operator in ("in", "not_in"):
            values = [self._argument(family, "==") for _ in self._list_items()]
        elif operator not in ("exists", "not_exists"):
            values = [self._argument(family, operator)]
        return _condition(family, subject, operator, values)

    def _operator(self) -> str:
        kind, text = self._take("an operator")
        if (kind, text) == ("symbol", "!"):
            kind, text = self._take("an operator")
            if kind == "word" and text in NEGATED:
                return NEGATED[text]
            raise _invalid(self.text, f"unknown operator !{text}")
        if kind == "quoted" or text not in OPERATORS:
            raise _invalid(self.text, f"unknown operator {text!r}")
        return OPERATORS[text]

    def _list_items(self):
        """Yields once per list item, leaving the parser at each item; consumes the brackets."""
        if self._take("a list") != ("symbol", "["):
            raise _invalid(self.text, "expected a list such as [a, b]")
        while True:
            yield
            separator = self._take("',' or ']'")
            if separator == ("symbol", "]"):
                return
            if separator != ("symbol", ","):
                raise _invalid(self.text, "expected ',' or ']'")

    def _argument(self, family: str, operator: str):
        kind, value = self._take("a value")
        if kind == "symbol":
            raise _invalid(self.text, f"expected a value, found {value!r}")
        if operator in ("=~", "!~"):
            return java_pattern(value, self.text)
        reader = ARGUMENTS.get(family)
        if reader is None:
            return value
        parsed = reader(value)
        if parsed is None:
            raise _invalid(self.text, f"{family} cannot be compared with {value!r}")
        return parsed


def _family(subject: str, text: str) -> str:
    if subject.startswith("attribute:"):
        name = subject[len("attribute:"):]
        if not re.fullmatch(r"[A-Za-z0-9\-_/\\.]{1,128}", name):
            raise _invalid(text, f"{name!r} is not an attribute name")
        return "attribute"
    if subject not in ALLOWED:
        raise _invalid(text, f"unknown subject {subject!r}")
    return subject


def _version(text: str) -> tuple | None:
    parts = text.split(".")
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else None


def _date(text: str) -> datetime | None:
    for form in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(text, form)
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return None


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else None


ARGUMENTS: dict[str, Callable] = {"agentVersion": _version, "registeredAt": _date, "runningTasksCount": _count}


def _read(family: str, subject: str) -> Callable[[Subject], object]:
    if family == "attribute":
        name = subject[len("attribute:"):]
        return lambda s: None if name not in s.attributes else ("" if s.attributes[name] is None else str(s.attributes[name]))
    return {
        "task:group": lambda s: list(s.task_groups),
        "agentConnected": lambda s: "true" if s.agent_connected else "false",
        "ec2InstanceId": lambda s: s.ec2_instance_id,
        "agentVersion": lambda s: _version(s.agent_version),
        "registeredAt": lambda s: s.registered_at if s.registered_at.tzinfo else s.registered_at.replace(tzinfo=timezone.utc),
        "runningTasksCount": lambda s: s.running_tasks_count,
    }[family]


def _holds(operator: str, actual, values: list) -> bool:
    """A positive test of one present value."""
    if operator in ORDERING and isinstance(actual, str):
        # Ordering attribute values: AWS does not say how; numbers when both read as numbers, else text.
        try:
            actual, values = float(actual), [float(values[0])]
        except ValueError:
            pass
    if operator == "==":
        return actual == values[0]
    if operator == "in":
        return actual in values
    if operator == "=~":
        return values[0].fullmatch(actual) is not None
    return {">": actual > values[0], ">=": actual >= values[0], "<": actual < values[0], "<=": actual <= values[0]}[operator]


POSITIVE = {"!=": "==", "not_in": "in", "!~": "=~"}


def _condition(family: str, subject: str, operator: str, values: list) -> Predicate:
    read = _read(family, subject)
    if family == "task:group":
        positive = POSITIVE.get(operator, operator)

        def test_groups(s: Subject) -> bool:
            groups = read(s)
            if operator in ("exists", "not_exists"):
                return bool(groups) == (operator == "exists")
            found = any(_holds(positive, group, values) for group in groups)
            return found if positive == operator else not found

        return test_groups

    def test(s: Subject) -> bool:
        actual = read(s)
        if operator in ("exists", "not_exists"):
            return (actual is not None) == (operator == "exists")
        if actual is None:
            # A condition on a missing attribute is false, negated operators included.
            return False
        if operator in POSITIVE:
            return not _holds(POSITIVE[operator], actual, values)
        return _holds(operator, actual, values)

    return test


# Java regular expressions, run by Python's `re`.

POSIX_CLASSES = {
    "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7f", "Alpha": "a-zA-Z", "Digit": "0-9",
    "Alnum": "a-zA-Z0-9", "Punct": "!-/:-@\\[-`{-~", "Graph": "!-~", "Print": " -~", "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f", "XDigit": "0-9a-fA-F", "Space": " \\t\\n\\x0b\\f\\r",
}
UNSUPPORTED_ESCAPES = set("hHvVRXGN")
JAVA_FLAGS = set("imsx")
REPETITION = re.compile(r"\{\d+(,\d*)?\}")


def java_pattern(pattern: str, text: str) -> re.Pattern:
    """Compiles a java.util.regex.Pattern for Python's `re`, translating what the two spell
    differently: `\\Q…\\E`, `\\z`, `\\Z`, `(?<name>`, `\\k<name>`, `\\e`, `\\0` octal, `\\x{…}`, the ASCII
    `\\p{…}` classes; and refusing what Java refuses but Python reads as literals (a `{` that is not
    a repetition, `{,n}`). Compiled with re.ASCII: Java's \\w, \\d, \\s and case folding are ASCII
    unless asked otherwise. Java constructs Python lacks (class intersections, `\\h`, `\\R`…) are
    refused with a message that says so: the sandbox is stricter than ECS there."""
    out: list[str] = []
    i = 0
    in_class = False

    def refuse(why: str) -> Exception:
        return _invalid(text, f"{why} in the pattern {pattern!r}")

    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 >= len(pattern):
                raise refuse("a trailing backslash")
            e = pattern[i + 1]
            i += 2
            if e == "Q":
                end = pattern.find("\\E", i)
                literal = pattern[i:] if end < 0 else pattern[i:end]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in literal) if in_class else re.escape(literal))
                i = len(pattern) if end < 0 else end + 2
            elif e in "pP":
                match = re.match(r"\{(\w+)\}", pattern[i:])
                name = match.group(1) if match else None
                if name not in POSIX_CLASSES:
                    raise refuse(f"\\{e}{{{name}}} is not supported by this sandbox")
                if e == "P" and in_class:
                    raise refuse("a negated \\P class inside a class is not supported by this sandbox")
                body = POSIX_CLASSES[name]
                out.append(body if in_class else f"[{'^' if e == 'P' else ''}{body}]")
                i += match.end()
            elif e == "z" and not in_class:
                out.append("\\Z")
            elif e == "Z" and not in_class:
                out.append("(?=\\n?\\Z)")
            elif e == "e":
                out.append("\\x1b")
            elif e == "k":
                match = re.match(r"<(\w+)>", pattern[i:])
                if not match:
                    raise refuse("\\k needs <name>")
                out.append(f"(?P={match.group(1)})")
                i += match.end()
            elif e == "0":
                match = re.match(r"[0-3][0-7]{2}|[0-7]{1,2}", pattern[i:])
                if not match:
                    raise refuse("\\0 needs an octal digit")
                out.append(f"\\x{int(match.group(0), 8):02x}")
                i += match.end()
            elif e == "x" and pattern[i : i + 1] == "{":
                close = pattern.find("}", i)
                digits = pattern[i + 1 : close] if close > 0 else ""
                if not re.fullmatch(r"[0-9a-fA-F]{1,6}", digits):
                    raise refuse("a bad \\x{…} escape")
                out.append(f"\\U{int(digits, 16):08x}")
                i = close + 1
            elif e in UNSUPPORTED_ESCAPES:
                raise refuse(f"\\{e} is not supported by this sandbox")
            else:
                out.append("\\" + e)
            continue
        if in_class:
            if c == "[" or pattern.startswith("&&", i):
                raise refuse("nested classes and class intersections are not supported by this sandbox")
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            continue
        if c == "{":
            match = REPETITION.match(pattern, i)
            if not match:
                raise refuse("an illegal repetition")
            out.append(match.group(0))
            i = match.end()
            continue
        if pattern.startswith("(?<", i) and i + 3 < len(pattern) and pattern[i + 3].isalpha():
            out.append("(?P<")
            i += 3
            continue
        flags = re.match(r"\(\?([a-zA-Z-]+)[:)]", pattern[i:])
        if flags and not set(flags.group(1)) - {"-"} <= JAVA_FLAGS:
            raise refuse(f"the inline flags {flags.group(1)} are not supported by this sandbox")
        out.append(c)
        i += 1
    try:
        return re.compile("".join(out), re.ASCII)
    except re.error as error:
        raise refuse(f"an invalid regular expression ({error})") from error
