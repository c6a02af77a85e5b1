"""The sandbox clock: real time plus a shift that tests control."""

import threading
from datetime import datetime, timedelta, timezone


class SandboxClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._shift = timedelta()

    def now(self) -> datetime:
        with self._lock:
            shift = self._shift
        return datetime.now(timezone.utc) + shift

    def shift_by(self, seconds: float) -> None:
        with self._lock:
            self._shift += timedelta(seconds=seconds)

    def reset(self) -> None:
        with self._lock:
            self._shift = timedelta()

    def shift_seconds(self) -> float:
        with self._lock:
            return self._shift.total_seconds()
