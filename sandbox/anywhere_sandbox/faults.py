"""Fault injection and per-operation counters for tests, driven through /_sandbox/ control endpoints.

A fault rule applies to the next `count` AWS calls, or to the next calls of one operation (and/or
of one region, as the request's signature scopes it) after letting `after` of them through: it throttles them, answers a 500, drops the connection, or holds
the response until released (`POST /_sandbox/faults/release`, a reset, or HOLD_LIMIT_SECONDS).
"""

import threading
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("drop", "throttle", "fail", "hold")
# A held request answers normally after this long even if nobody releases it, so a forgotten hold
# cannot keep a server thread for ever.
HOLD_LIMIT_SECONDS = 300.0


@dataclass
class Fault:
    """What to do to one AWS call, decided once per call."""

    drop: bool = False
    throttle: bool = False
    fail: bool = False
    hold: threading.Event | None = None
    latency_ms: int = 0


@dataclass
class Rule:
    kind: str
    left: int
    operation: str | None = None
    skip: int = 0
    region: str | None = None

    def matches(self, operation: str, region: str | None) -> bool:
        """`operation` is `service:Name`; a rule names either form."""
        if self.region is not None and self.region != region:
            return False
        return self.operation is None or self.operation in (operation, operation.partition(":")[2])

    def describe(self) -> dict:
        described: dict = {"kind": self.kind, "count": self.left}
        if self.operation is not None:
            described["operation"] = self.operation
        if self.region is not None:
            described["region"] = self.region
        if self.skip:
            described["after"] = self.skip
        return described


@dataclass
class Faults:
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _rules: list[Rule] = field(default_factory=list)
    _release: threading.Event = field(default_factory=threading.Event)
    latency_ms: int = 0
    _counts: Counter = field(default_factory=Counter)

    def configure(
        self, counts: dict[str, int], latency_ms: int | None, operation: str | None, after: int,
        region: str | None = None,
    ) -> None:
        """Adds one rule per non-zero count, in the order drop, throttle, fail, hold."""
        with self._lock:
            for kind in KINDS:
                if counts.get(kind):
                    self._rules.append(Rule(kind, counts[kind], operation, after, region))
            if latency_ms is not None:
                self.latency_ms = latency_ms

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self.latency_ms = 0
            self._release_holds()

    def release(self) -> None:
        """Lets every held response go."""
        with self._lock:
            self._release_holds()

    def _release_holds(self) -> None:
        self._release.set()
        self._release = threading.Event()

    def next_call(self, operation: str, region: str | None = None) -> Fault:
        with self._lock:
            fault = Fault(latency_ms=self.latency_ms)
            for rule in self._rules:
                if rule.left <= 0 or not rule.matches(operation, region):
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                rule.left -= 1
                if rule.kind == "hold":
                    fault.hold = self._release
                else:
                    setattr(fault, rule.kind, True)
                break
            self._rules = [rule for rule in self._rules if rule.left > 0]
            return fault

    def pending(self) -> dict:
        with self._lock:
            totals = {kind: sum(r.left for r in self._rules if r.kind == kind) for kind in KINDS}
            return {**totals, "latencyMs": self.latency_ms, "rules": [rule.describe() for rule in self._rules]}

    def count(self, operation: str) -> None:
        with self._lock:
            self._counts[operation] += 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()
