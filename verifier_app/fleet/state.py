"""Where the fleet's station state lives, and the grade the window shows (no TUF import: cheap to load).

    fleet/subscription.json   fleet/tuf/   fleet/last-sync.json   (subscription.py, sync.py)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier_app.station.trust.store import StationStore

STALE_AFTER = dt.timedelta(hours=26)  # the timer runs hourly; a day without one success is worth a look


def fleet_dir(store: StationStore) -> Path:
    return store.config_dir / "fleet"


def subscription_path(store: StationStore) -> Path:
    return fleet_dir(store) / "subscription.json"


def last_sync_path(store: StationStore) -> Path:
    return fleet_dir(store) / "last-sync.json"


def read_last_sync(store: StationStore) -> dict[str, Any]:
    try:
        doc = json.loads(last_sync_path(store).read_bytes())
        return doc if isinstance(doc, dict) else {}
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class SyncState:
    subscribed: bool
    last_success: dt.datetime | None
    stale: bool  # no successful sync for STALE_AFTER (or never): graded like a stale bundle
    last_failure: str | None  # the reason of a failure later than the last success


def sync_state(store: StationStore, now: dt.datetime) -> SyncState:
    """What the window shows: a few hundred bytes read, nothing contacted."""
    if not subscription_path(store).exists():
        return SyncState(False, None, False, None)
    record = read_last_sync(store)
    at: dt.datetime | None = None
    try:
        at = dt.datetime.fromisoformat(record["last_success"]["at"])
    except (KeyError, TypeError, ValueError):
        pass
    failure = record.get("last_failure") if isinstance(record.get("last_failure"), dict) else None
    failed_at: dt.datetime | None = None
    try:
        failed_at = dt.datetime.fromisoformat(failure["at"]) if failure else None
    except (KeyError, TypeError, ValueError):
        pass
    later = failure is not None and (at is None or (failed_at is not None and failed_at > at))
    return SyncState(True, at, at is None or now - at > STALE_AFTER,
                     str(failure.get("reason")) if failure and later else None)
