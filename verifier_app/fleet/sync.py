"""``verifier trust sync``: bring the station's trust up to its fleet repository, or change nothing.

1. TUF refresh (python-tuf ngclient): root chain, timestamp, snapshot, targets, each checked for
   signatures, versions never going back, and expiry.  Anything refused stops here: the station's
   trust is untouched and it verifies on as before.
2. ``index.json`` (a TUF target, so signed like the rest) names the published files in import order.
3. Each file whose signed hash differs from the one last applied here is downloaded (TUF keeps verified
   copies, so an unchanged file is never fetched again) and imported through the same checks as
   ``verifier trust import`` (StationStore.import_bundle / import_status: the authority's signature,
   no older bundle or list, revocations kept); each import writes its audit row.  A file already in
   force is skipped, not an error; a file of an authority whose root this station does not pin is
   left alone (the administrator decides which authorities a station trusts).
4. ``fleet/last-sync.json`` keeps the last successful sync (time, metadata versions), the hashes
   applied and the last failure; the window grades the time like bundle staleness.

Time: the imports take ``now`` (injected in tests); TUF judges expiry by the system clock itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from tuf.api import exceptions as tuf_errors
from tuf.ngclient import FetcherInterface, Updater

from verifier_app.atomic import atomic_write
from verifier_app.dl1 import certs
from verifier_app.dl1 import status_delta as sd
from verifier_app.dl1 import status_list as sl
from verifier_app.dl1.bundle import open_bundle
from verifier_app.errors import VerifierError
from verifier_app.station.paths import not_writable_action
from verifier_app.station.trust.status_store import kind_of
from verifier_app.station.trust.store import StationStore

from .state import fleet_dir, last_sync_path, read_last_sync
from .subscription import FleetError, Subscription, load_subscription, make_updater, metadata_dir

INDEX = "index.json"


@dataclass(frozen=True)
class Change:
    path: str
    text: str  # what was imported, one line
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SyncReport:
    at: dt.datetime
    versions: dict[str, int]
    changes: tuple[Change, ...] = ()
    in_force: tuple[str, ...] = ()  # downloaded but already in force here (imported by hand, say)
    not_pinned: tuple[str, ...] = ()  # authorities whose root this station does not pin
    failures: tuple[str, ...] = field(default=())  # one line each: that file's import was refused

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "at": self.at.isoformat(), "versions": self.versions,
                "changes": [{"path": c.path, "text": c.text, "warnings": list(c.warnings)} for c in self.changes],
                "in_force": list(self.in_force), "not_pinned": list(self.not_pinned),
                "failures": list(self.failures)}


def _refused(exc: Exception, sub: Subscription) -> FleetError:
    """One line for a TUF refusal or an unreachable source."""
    keep = "the station's trust is unchanged and it verifies on with it"
    if isinstance(exc, tuf_errors.ExpiredMetadataError):
        return FleetError(f"refused: the repository's metadata has expired ({exc}): a frozen or stale mirror; {keep}",
                          "Ask the fleet operator to re-sign it (verifier-central repo timestamp), or bring a fresh copy.")
    if isinstance(exc, tuf_errors.BadVersionNumberError):
        return FleetError(f"refused: the repository served older metadata than this station has already seen "
                          f"(rollback: {exc}); {keep}", "Tell the fleet operator: the mirror is out of date or tampered with.")
    if isinstance(exc, tuf_errors.UnsignedMetadataError):
        return FleetError(f"refused: a bad signature on the repository's metadata ({exc}); {keep}",
                          "Tell the fleet operator: the mirror is damaged or tampered with.")
    if isinstance(exc, tuf_errors.LengthOrHashMismatchError):
        return FleetError(f"refused: a file does not match its signed hash ({exc}): tampered or damaged; {keep}",
                          "Tell the fleet operator, or bring a fresh copy of the repository.")
    if isinstance(exc, tuf_errors.DownloadError):
        cause = exc.__cause__ or exc.__context__
        why = f"{exc}" + (f": {cause}" if cause and str(cause) not in str(exc) else "")
        return FleetError(f"the fleet repository can't be reached at {sub.source} ({why[:200]}); {keep}",
                          "Check the network or the USB stick, then run: verifier trust sync")
    return FleetError(f"refused: {exc}; {keep}", "Tell the fleet operator.")


@contextmanager
def _one_at_a_time(store: StationStore) -> Iterator[None]:
    """The timer and an administrator must not sync at once (python-tuf's cache is single-instance)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; the timer is Linux's
        yield
        return
    path = fleet_dir(store) / "sync.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise FleetError(f"can't write {path} ({exc.strerror})", not_writable_action(path)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise FleetError("another trust sync is running on this station", "Wait a minute and try again.") from None
        yield
    finally:
        os.close(fd)


def sync(store: StationStore, *, now: dt.datetime | None = None, operator: str | None = None,
         fetcher: FetcherInterface | None = None) -> SyncReport:
    """Refresh and import what changed; FleetError when refused or unreachable (nothing changed then)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    sub = load_subscription(store)
    with _one_at_a_time(store):
        record = read_last_sync(store)
        try:
            report = _sync(store, sub, record, now=now, operator=operator, fetcher=fetcher)
        except FleetError as exc:
            _save(store, {**record, "last_failure": {"at": now.isoformat(), "reason": str(exc)}})
            raise
    return report


def _sync(store: StationStore, sub: Subscription, record: dict[str, Any], *, now: dt.datetime,
          operator: str | None, fetcher: FetcherInterface | None) -> SyncReport:
    updater = make_updater(store, sub, fetcher=fetcher)
    try:
        updater.refresh()
        entries = _index(updater)
    except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as exc:
        raise _refused(exc, sub) from None
    except OSError as exc:
        raise FleetError(f"can't write the station's fleet metadata ({exc})", not_writable_action(metadata_dir(store))) from None
    applied: dict[str, str] = dict(record.get("applied") or {})
    changes: list[Change] = []
    in_force: list[str] = []
    not_pinned: set[str] = set()
    failures: list[str] = []
    pinned: set[str] | None = None
    for path, authority in entries:
        info = updater.get_targetinfo(path)
        if info is None:
            failures.append(f"{path}: listed in the index but not signed in targets.json")
            continue
        digest = info.hashes.get("sha256", "")
        if applied.get(path) == digest:
            continue  # the nothing-changed path: no download, no parsing
        if pinned is None:
            pinned = {certs.authority_code(r) or "" for r in store.load().roots}
        if authority not in pinned:
            not_pinned.add(authority)
            continue
        try:
            local = updater.find_cached_target(info) or updater.download_target(info)
            data = Path(local).read_bytes()
        except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as exc:
            raise _refused(exc, sub) from None
        try:
            change = _import(store, path, data, now=now, operator=operator)
        except VerifierError as exc:
            failures.append(f"{path}: refused on import: {exc.message}")
            continue
        applied[path] = digest
        if change is None:
            in_force.append(path)
        else:
            changes.append(change)
    versions = _versions(store)
    # Files no longer published are forgotten, so a republished one is looked at again.
    applied = {p: h for p, h in applied.items() if p in {e[0] for e in entries}}
    new_record: dict[str, Any] = {**record, "format": 1, "applied": applied}
    if failures:
        new_record["last_failure"] = {"at": now.isoformat(), "reason": failures[0]}
    else:
        new_record["last_success"] = {"at": now.isoformat(), "versions": versions, "source": sub.source}
    _save(store, new_record)
    return SyncReport(now, versions, tuple(changes), tuple(in_force), tuple(sorted(not_pinned)), tuple(failures))


def _index(updater: Updater) -> list[tuple[str, str]]:
    """(path, authority) per published file, from the signed index.json."""
    info = updater.get_targetinfo(INDEX)
    if info is None:
        raise FleetError("the repository publishes no index.json: it was not made by verifier-central",
                         "Tell the fleet operator.")
    local = updater.find_cached_target(info) or updater.download_target(info)
    try:
        doc = json.loads(Path(local).read_bytes())
        return [(str(item["path"]), str(item["authority"])) for item in doc["targets"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FleetError(f"the repository's index.json can't be read ({exc})", "Tell the fleet operator.") from None


def _import(store: StationStore, path: str, data: bytes, *, now: dt.datetime, operator: str | None) -> Change | None:
    """Import one file through trust import's own checks; None when what it holds is already in force."""
    kind = kind_of(data)
    snapshot = store.load()
    if kind is None:
        bundle = open_bundle(data, snapshot.roots)  # BundleRejected: the authority's signature is checked here too
        c = bundle.content
        floor = store.highest_sequence(c.authority)
        if floor is not None and c.sequence <= floor:
            return None
        outcome = store.import_bundle(data, now=now, operator=operator)
        was = f" (replaced number {outcome.replaced_sequence})" if outcome.replaced_sequence else ""
        return Change(path, f"imported trust bundle {c.authority} number {c.sequence}{was}", outcome.warnings)
    if kind == "status_list":
        token = sl.open_status_list(data, snapshot.roots)
        held = snapshot.status_lists.get(token.authority)
        if held is not None and token.version <= held.version:
            return None
    else:
        delta = sd.open_status_delta(data, snapshot.roots)
        held = snapshot.status_lists.get(delta.authority)
        if held is not None and delta.to_version <= held.version:
            return None
    status = store.import_status(data, now=now, operator=operator)
    what = (f"applied status delta {status.authority} to version {status.version} ({status.changes} change(s))"
            if status.changes is not None else
            f"imported status list {status.authority} version {status.version} ({status.size:,} licences)")
    return Change(path, what, status.warnings)


def _versions(store: StationStore) -> dict[str, int]:
    out = {}
    for role in ("root", "timestamp", "snapshot", "targets"):
        try:
            out[role] = int(json.loads((metadata_dir(store) / f"{role}.json").read_bytes())["signed"]["version"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return out


def _save(store: StationStore, record: dict[str, Any]) -> None:
    try:
        atomic_write(last_sync_path(store), (json.dumps(record, indent=1, sort_keys=True) + "\n").encode())
    except OSError:
        pass  # the record only reports; trust itself was written (or not) by the imports
