"""The clock is injected: the engine reads the time once, from what it is given."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


from verifier_app.dl1.times import utc_from_timestamp

__all__ = ["Clock", "FixedClock", "SystemClock", "utc_from_timestamp"]


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """An aware datetime."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)


class FixedClock:
    """A clock that says what it is told (tests, ``--now``)."""

    def __init__(self, when: dt.datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.when = when

    def now(self) -> dt.datetime:
        return self.when

    def advance(self, seconds: float) -> None:
        self.when += dt.timedelta(seconds=seconds)
