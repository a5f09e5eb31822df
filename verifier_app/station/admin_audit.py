"""Every administrator action is an audit row, written by the core itself.

The station functions that change trust or policy (store.install_root,
store.remove_root, store.import_bundle, config.save_config, AdminLock) make
the change inside ``undone_unless_recorded`` and then ``record`` it: when the
row can't be committed the files are put back as they were, so a change the
log doesn't hold is not made.  Trust changes (roots, bundles) also write an
intent row before the change and settle a killed one at the next start
(trust_journal.py).  Rows go to the per-user audit log
(``<data_dir>/audit.sqlite3``) with ``kind = "admin"``; ``source`` is one of ACTIONS.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from verifier_app.atomic import atomic_write
from verifier_app.station.evidence.audit import FILENAME, AuditEntry, AuditLog

ACTIONS = (
    "root_installed", "root_removed", "bundle_imported", "setting_changed", "passphrase_set",
    "passphrase_changed", "passphrase_failed", "station_repaired", "passphrase_accepted",
    "status_list_imported", "status_delta_applied",
    # a trust change's intent, written before it (trust_journal.py), and the row that ends one never made
    "root_install_started", "root_remove_started", "bundle_import_started", "trust_change_abandoned",
    "fleet_enrolled",  # verifier audit enrol: the station's fleet id for the audit database (never its password)
    "fleet_subscribed",  # fleet/subscription.py: a TUF repository's root pinned (trust arrives through it)
)
ENV_OPERATOR = "VERIFIER_OPERATOR"


def default_operator() -> str:
    env = os.environ.get(ENV_OPERATOR)
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(data_dir: str | os.PathLike[str], action: str, details: dict[str, Any], *,
           operator: str | None = None, now: dt.datetime | None = None) -> AuditEntry:
    """Commit one admin row to the station's audit log; AuditWriteFailed/CorruptFile when it can't."""
    if action not in ACTIONS:
        raise ValueError(f"unknown admin action {action!r}")
    with AuditLog(Path(data_dir) / FILENAME, now=now) as audit:
        return audit.record_admin(action, details, operator=operator or default_operator(), at=now)


def recorded(data_dir: str | os.PathLike[str], action: str | None) -> list[AuditEntry]:
    """The admin rows of one kind (None: all of them) in the station's audit log ([] when there is no log)."""
    path = Path(data_dir) / FILENAME
    if not path.exists():
        return []
    with AuditLog(path) as audit:
        return audit.admin_entries(action)


def latest(data_dir: str | os.PathLike[str], actions: Iterable[str]) -> AuditEntry | None:
    """The newest admin row of any of ``actions`` (None when there is none, or no log)."""
    path = Path(data_dir) / FILENAME
    if not path.exists():
        return None
    wanted = set(actions)
    with AuditLog(path) as audit:
        rows = [r for r in audit.admin_entries() if r.source in wanted]
    return rows[-1] if rows else None


def last_config(data_dir: str | os.PathLike[str]) -> tuple[int, dict[str, Any]] | None:
    """(entry id, station.json content) of the newest configuration the audit log records, if any."""
    path = Path(data_dir) / FILENAME
    if not path.exists():
        return None
    with AuditLog(path) as audit:
        rows = audit.admin_entries("setting_changed") + audit.admin_entries("station_repaired")
    for row in sorted(rows, key=lambda r: -r.id):
        try:
            config = json.loads(row.details).get("config")
        except (ValueError, AttributeError):
            continue
        if isinstance(config, dict):
            return row.id, config
    return None


def highest_sequence(data_dir: str | os.PathLike[str], authority: str) -> int | None:
    path = Path(data_dir) / FILENAME
    if not path.exists():
        return None
    with AuditLog(path) as audit:
        return audit.highest_bundle_sequence(authority)


@contextlib.contextmanager
def undone_unless_recorded(paths: Iterable[Path]) -> Iterator[None]:
    """Put ``paths`` back as they were (content, or absence) if the block raises."""
    saved: dict[Path, bytes | None] = {}
    for path in paths:
        try:
            saved[path] = path.read_bytes()
        except FileNotFoundError:
            saved[path] = None
    try:
        yield
    except BaseException:
        for path, data in saved.items():
            try:
                if data is None:
                    path.unlink(missing_ok=True)
                elif not path.exists() or path.read_bytes() != data:
                    atomic_write(path, data)
            except OSError:
                pass
        raise
