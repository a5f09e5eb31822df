"""``Station``: one station opened from its data folder, and what the front ends do with it.

Moved here from the CLI (``cli/verifier.py``: the verify command's policy, verifier and scan service;
``trust show``'s description) so the window and the command line share one way of doing it.  The
trust store and the audit log stay inside: a front end reaches them through ``Station.trust``
(``_trust``) and ``Station.open_history()`` (``_history``), never as objects of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable

from verifier_app.decode.factory import create_reader
from verifier_app.decode.readers import CodeReader
from verifier_app.fleet.state import SyncState, sync_state
from verifier_app.scan import ScanService
from verifier_app.station.admin_lock import AdminLock
from verifier_app.station.config import StationConfig, load_config, save_config
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.roles import Role
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import Clock
from verifier_app.verify.engine import Verifier
from verifier_app.verify.policy import Policy
from verifier_app.verify.trust import TrustSnapshot

from ._history import History
from ._trust import StationTrust


class Station:
    """A station's folders (trust store, station.json, audit log, admin lock) behind one object.

    Cheap to make: nothing is read until asked, so every call sees the files as they are now.
    """

    def __init__(self, store: StationStore) -> None:
        self._store = store  # private: the front ends use ``trust`` and ``open_history()``, not the store
        self.trust = StationTrust(store)

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None) -> Station:
        """The station of a data folder (default: the per-user folder, or $VERIFIER_DATA_DIR)."""
        return cls(StationStore(data_dir))

    @property
    def data_dir(self) -> Path:
        return self._store.data_dir

    @property
    def guarded_dir(self) -> Path:
        """Where its guarded settings live: the system-wide folder when there is one."""
        return self._store.config_dir

    def config(self) -> StationConfig:
        """station.json (CorruptFile when damaged: ``admin repair`` keeps its valid values)."""
        return load_config(self._store.data_dir)

    def save_config(self, config: StationConfig, *, operator: str | None = None) -> None:
        """Write station.json, one audit row per changed value (the caller has checked the administrator)."""
        save_config(self._store.data_dir, config, operator=operator)

    def open_history(self) -> History:
        """The station's audit log, open (close it, or use ``with``); a damaged log raises, never
        starts a new one."""
        return History(AuditLog.in_data_dir(self._store.data_dir))

    def admin_lock(self) -> AdminLock:
        return AdminLock(self._store.data_dir)

    def sync_state(self, *, now: dt.datetime) -> SyncState:
        """Whether the station takes trust from a fleet, and when that last worked."""
        return sync_state(self._store, now)

    @staticmethod
    def policy(config: StationConfig, *, max_age_s: int | None = None, skew_s: int | None = None,
               category: str | None = None) -> Policy:
        """The station's policy, with the values a command gave instead (ValueError when out of range)."""
        return Policy(max_qr_age_s=config.max_qr_age_s if max_age_s is None else max_age_s,
                      clock_skew_s=config.clock_skew_s if skew_s is None else skew_s,
                      required_category=category or config.required_category or None)

    @staticmethod
    def verifier(*, trust: TrustSnapshot, policy: Policy, clock: Clock,
                 demo_roots: frozenset[str] = frozenset()) -> Verifier:
        """The engine with this station's trust, policy and clock (the window adds its demo's roots)."""
        return Verifier(trust=trust, policy=policy, clock=clock, demo_roots=demo_roots)

    def scan_service(self, *, verifier: Verifier, history: History, role: Role | str, operator: str,
                     simulated_now: str | None = None,
                     reader_factory: Callable[[], CodeReader] = create_reader) -> ScanService:
        """The one scan service for this station: ``verifier``'s verdicts recorded into ``history`` with
        the station's role and operator."""
        return ScanService(verifier=verifier, audit=history._log, store=self._store, reader_factory=reader_factory,
                           role=role, operator=operator, simulated_now=simulated_now)

    def describe_trust(self, snapshot: TrustSnapshot, now: dt.datetime | None = None) -> dict[str, Any]:
        """What the station trusts, as plain values (``verifier trust show [--json]``)."""
        return self.trust.info(snapshot=snapshot, now=now)
