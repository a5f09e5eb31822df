"""``Station``: one station opened from its data folder, and what the front ends do with it.

Moved here from the CLI (``cli/verifier.py``: the verify command's policy, verifier and scan service;
``trust show``'s description) so the window and the command line share one way of doing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable

from verifier_app.decode.factory import create_reader
from verifier_app.decode.readers import CodeReader
from verifier_app.dl1 import certs
from verifier_app.scan import ScanService
from verifier_app.station.admin_lock import AdminLock
from verifier_app.station.config import StationConfig, load_config
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.roles import Role
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import Clock, SystemClock
from verifier_app.verify.engine import Verifier
from verifier_app.verify.policy import Policy
from verifier_app.verify.trust import TrustSnapshot


class Station:
    """A station's folders (trust store, station.json, audit log, admin lock) behind one object.

    Cheap to make: nothing is read until asked, so every call sees the files as they are now.
    """

    def __init__(self, store: StationStore) -> None:
        self.store = store

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None) -> Station:
        """The station of a data folder (default: the per-user folder, or $VERIFIER_DATA_DIR)."""
        return cls(StationStore(data_dir))

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    def config(self) -> StationConfig:
        """station.json (CorruptFile when damaged: ``admin repair`` keeps its valid values)."""
        return load_config(self.store.data_dir)

    def open_audit(self) -> AuditLog:
        return AuditLog.in_data_dir(self.store.data_dir)

    def admin_lock(self) -> AdminLock:
        return AdminLock(self.store.data_dir)

    def trust(self) -> TrustSnapshot:
        """What the station trusts now (damaged files are left out and listed in ``problems``)."""
        return self.store.load()

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

    def scan_service(self, *, verifier: Verifier, audit: AuditLog, role: Role | str, operator: str,
                     simulated_now: str | None = None,
                     reader_factory: Callable[[], CodeReader] = create_reader) -> ScanService:
        """The one scan service for this station: ``verifier``'s verdicts recorded into ``audit`` with
        the station's role and operator."""
        return ScanService(verifier=verifier, audit=audit, store=self.store, reader_factory=reader_factory,
                           role=role, operator=operator, simulated_now=simulated_now)

    def describe_trust(self, snapshot: TrustSnapshot, now: dt.datetime | None = None) -> dict[str, Any]:
        """What the station trusts, as plain values (``verifier trust show [--json]``)."""
        return trust_info(snapshot, self.store, now)


def trust_info(snapshot: TrustSnapshot, store: StationStore, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or SystemClock().now()
    return {
        "data_dir": str(store.data_dir),
        "state": snapshot.state(now).value,
        "roots": [
            {"subject": r.subject.rfc4514_string(), "sha256": certs.fingerprint(r),
             "not_after": r.not_valid_after_utc.isoformat()}
            for r in snapshot.roots
        ],
        "bundles": [
            {
                "authority": b.content.authority,
                "sequence": b.content.sequence,
                "issued_at": b.content.issued_at_utc.isoformat(),
                "next_update": b.content.next_update_utc.isoformat(),
                "stale": now > b.content.next_update_utc,
                "signers": [
                    {"kid": certs.kid_of(s).hex(), "subject": s.subject.rfc4514_string(),
                     "revoked": certs.kid_of(s) in b.content.revoked_kids}
                    for s in b.content.signers
                ],
                "documents": len(b.content.documents),
            }
            for b in snapshot.bundles
        ],
        "status_lists": [
            {"authority": code, "uri": sl.uri, "version": sl.version, "size": sl.size,
             "issued_at": sl.issued_at_utc.isoformat(), "expires_at": sl.expires_at_utc.isoformat(),
             "stale": now > sl.expires_at_utc}
            for code, sl in sorted(snapshot.status_lists.items())
        ],
        "newest_accepted_iat": snapshot.newest_accepted_iat,
        "problems": [str(p) for p in snapshot.problems],
    }
