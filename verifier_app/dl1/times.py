"""Times as the formats carry them (Unix seconds), as aware datetimes."""

from __future__ import annotations

import datetime as dt


def utc_from_timestamp(ts: int) -> dt.datetime:
    """A Unix time (as the formats carry it) as an aware UTC datetime."""
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc)
