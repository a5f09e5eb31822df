"""The station's side of a fleet: subscribing to the operator's TUF repository and syncing from it.

The fleet modules load the TUF client, so they are imported only when a fleet command runs (the
window and ``verifier verify`` never pay for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from ._station import Station
    from verifier_app.fleet.push import PushResult
    from verifier_app.fleet.subscription import Subscription
    from verifier_app.fleet.sync import SyncReport


def check_fleet_root(data: bytes, name: str) -> None:
    """A repository's root.json that signs itself; FleetError otherwise (said before any passphrase)."""
    from verifier_app.fleet import subscription

    subscription.check_root(data, name)


def subscribe(station: Station, source: str, root_json: bytes, *, root_name: str,
              operator: str | None) -> Subscription:
    """Pin a repository's root and where to find it (the caller has checked the administrator)."""
    from verifier_app.fleet import subscription

    return subscription.subscribe(station._store, source, root_json, root_name=root_name, operator=operator)


def sync_trust(station: Station, *, operator: str | None) -> SyncReport:
    """Import what changed in the subscribed repository; FleetError when refused or unreachable."""
    from verifier_app.fleet import sync

    return sync.sync(station._store, operator=operator)


def is_fleet_refusal(exc: BaseException) -> bool:
    """Whether an error is the fleet's refusal (FleetError), without loading TUF to ask."""
    from verifier_app.fleet.subscription import FleetError

    return isinstance(exc, FleetError)


def enrol(station: Station, station_id: str, dsn: str, *, group: str | None, operator: str | None) -> str:
    """Keep the fleet identity the operator handed over (the caller has checked the administrator);
    returns where it was written.  An audit row says so."""
    from verifier_app.fleet import enrolment
    from verifier_app.station import admin_audit

    path = enrolment.save(station.data_dir, enrolment.Enrolment(station_id, dsn), group=group)
    admin_audit.record(station.data_dir, "fleet_enrolled", {"station_id": station_id}, operator=operator)
    return str(path)


def push_audit(station: Station, *, dsn: str | None, batch: int) -> PushResult:
    """Send the audit rows the fleet database has not acknowledged (resumable, idempotent)."""
    from verifier_app.fleet import enrolment
    from verifier_app.fleet.push import push
    from verifier_app.station.evidence.audit import AuditLog

    identity = enrolment.load(station.data_dir)
    with AuditLog.in_data_dir(station.data_dir) as audit:
        return push(audit, identity, dsn=dsn, batch=batch)
