"""Fault injection and per-operation counters for tests, driven through /_sandbox/ control endpoints."""

import threading
from collections import Counter
from dataclasses import dataclass


@dataclass
class Fault:
    """What to do to the next AWS call, decided once per call."""

    drop: bool = False
    throttle: bool = False
    fail: bool = False
    latency_ms: int = 0


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.throttle_next = 0
        self.fail_next = 0
        self.drop_next = 0
        self.latency_ms = 0
        self._counts: Counter[str] = Counter()

    def configure(self, throttle: int | None, fail: int | None, drop: int | None, latency_ms: int | None) -> None:
        with self._lock:
            if throttle is not None:
                self.throttle_next = throttle
            if fail is not None:
                self.fail_next = fail
            if drop is not None:
                self.drop_next = drop
            if latency_ms is not None:
                self.latency_ms = latency_ms

    def clear(self) -> None:
        self.configure(0, 0, 0, 0)

    def next_call(self) -> Fault:
        with self._lock:
            fault = Fault(latency_ms=self.latency_ms)
            if self.drop_next > 0:
                self.drop_next -= 1
                fault.drop = True
            elif self.throttle_next > 0:
                self.throttle_next -= 1
                fault.throttle = True
            elif self.fail_next > 0:
                self.fail_next -= 1
                fault.fail = True
            return fault

    def pending(self) -> dict:
        with self._lock:
            return {
                "throttle": self.throttle_next,
                "fail": self.fail_next,
                "drop": self.drop_next,
                "latencyMs": self.latency_ms,
            }

    def count(self, operation: str) -> None:
        with self._lock:
            self._counts[operation] += 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def reset_counts(self) -> None:
        with self._lock:
            self._counts.clear()
