"""A trust change and its audit row as one step, as the log sees it: intent, change, completion.

Changing a station's trust (a root installed or removed, a bundle imported) takes three steps,
all under one lock (``trust_lock``) so that no other process sees the middle:

1. an *intent* row (``root_install_started``, ``root_remove_started``, ``bundle_import_started``)
   that names exactly what will change: the root's SHA-256, the bundle's SHA-256 and number;
2. the change on disk, whose deciding step is one atomic rename or unlink (the bundle file, the
   root file): before it nothing changed, after it the change is made;
3. the *completion* row (``root_installed``, ``root_removed``, ``bundle_imported``) naming its intent.

A process killed between 1 and 3 (``kill -9``, a power cut) leaves an intent without a
completion.  The next time the station is opened, ``reconcile`` looks at the disk: when the
change is there it finishes what is left (the trust state) and writes the completion row,
marked ``recovered``; when it is not, a ``trust_change_abandoned`` row says so.  Either way the
log then holds every change in force, and nothing the log doesn't hold is in force:
``in_force`` says which roots and bundles the completed rows put there, and the station ignores
(and reports) any other file in a per-user folder.  A killed process before step 1 changed nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from verifier_app.errors import TrustStoreError, VerifierError
from verifier_app.station import admin_audit
from verifier_app.station.trust import trust_state
from verifier_app.station.evidence.audit import FILENAME, AuditEntry
from verifier_app.station.paths import not_writable_action
from verifier_app.verify.trust import LoadProblem

LOCK_NAME = ".trust-change.lock"
STARTED = {"bundle_import_started": "bundle_imported", "root_install_started": "root_installed",
           "root_remove_started": "root_removed"}
ABANDONED = "trust_change_abandoned"

# One lock per folder for the whole process: an RLock lets the thread holding it take it again
# (import_bundle loads the station under it), and the flock keeps other processes out.
_guard = threading.Lock()
_locks: dict[str, threading.RLock] = {}
_held: dict[str, list[int]] = {}  # folder -> [fd, depth]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextlib.contextmanager
def trust_lock(folder: Path) -> Iterator[None]:
    """Only one trust change (or reconciliation) at a time for the trust in ``folder``.

    TrustStoreError when the lock file can't be created (a folder this account can't write).
    A killed holder's lock is released by the system with its process.
    """
    key = str(folder.resolve())
    with _guard:
        rlock = _locks.setdefault(key, threading.RLock())
    with rlock:
        entry = _held.get(key)
        if entry is None:
            entry = _held[key] = [_acquire(folder), 0]
        entry[1] += 1
        try:
            yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del _held[key]
                fcntl.flock(entry[0], fcntl.LOCK_UN)
                os.close(entry[0])


def _acquire(folder: Path) -> int:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise TrustStoreError(f"can't change the trust in {folder} ({exc.strerror})",
                              not_writable_action(folder)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        os.close(fd)
        raise TrustStoreError(f"can't lock {folder / LOCK_NAME} ({exc.strerror})",
                              "Check the station folder's file system, then try again.") from None
    return fd


def details_of(row: AuditEntry) -> dict[str, Any]:
    try:
        data = json.loads(row.details)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def pending(rows: Sequence[AuditEntry]) -> list[AuditEntry]:
    """Intent rows that no completion or abandonment row names yet, oldest first."""
    closed = {details_of(r).get("intent") for r in rows if r.source not in STARTED}
    return [r for r in rows if r.source in STARTED and r.id not in closed]


@dataclass(frozen=True)
class InForce:
    """What the completed rows of the log put in force: root fingerprints, and per root its bundle's row."""

    roots: frozenset[str]
    bundles: dict[str, dict[str, Any]]

    def holds_bundle(self, root_sha256: str, raw: bytes, sequence: int) -> bool:
        """True when ``raw`` is the bundle the log last recorded as imported under this root.

        By its SHA-256; rows written before bundles were hashed in the log match by number.
        """
        row = self.bundles.get(root_sha256)
        if row is None:
            return False
        if "bundle_sha256" in row:
            return bool(row["bundle_sha256"] == sha256(raw))
        return bool(row.get("sequence") == sequence)


def in_force(rows: Sequence[AuditEntry]) -> InForce:
    roots: dict[str, bool] = {}
    bundles: dict[str, dict[str, Any]] = {}
    for row in rows:
        d = details_of(row)
        if row.source == "root_installed" and isinstance(d.get("sha256"), str):
            roots[d["sha256"]] = True
        elif row.source == "root_removed" and isinstance(d.get("sha256"), str):
            roots[d["sha256"]] = False
            bundles.pop(d["sha256"], None)  # removing a root removes its bundle
        elif row.source == "bundle_imported" and isinstance(d.get("root_sha256"), str):
            bundles[d["root_sha256"]] = d
    return InForce(frozenset(k for k, v in roots.items() if v), bundles)


def happened(intent: AuditEntry, roots_dir: Path, bundles_dir: Path) -> bool:
    """Whether the change an intent row announced is on disk (its deciding step was made)."""
    d = details_of(intent)
    if intent.source == "bundle_import_started":
        path = bundles_dir / f"{d.get('root_sha256')}.dltrust"
        try:
            return sha256(path.read_bytes()) == d.get("bundle_sha256")
        except OSError:
            return False
    root = roots_dir / f"{d.get('sha256')}.pem"
    if intent.source == "root_install_started":
        return root.exists()
    return not root.exists()  # root_remove_started


class Journal:
    """The trust changes of one station: its audit log (``data_dir``) and its trust folder (``config_dir``)."""

    def __init__(self, data_dir: Path, config_dir: Path, trust_state_path: Path) -> None:
        self.data_dir, self.config_dir, self.trust_state_path = data_dir, config_dir, trust_state_path
        self.roots_dir, self.bundles_dir = config_dir / "roots", config_dir / "bundles"

    def rows(self) -> list[AuditEntry] | None:
        """Every admin row of the station's audit log ([] without a log; None when it can't be read)."""
        try:
            return admin_audit.recorded(self.data_dir, None)
        except VerifierError:
            return None

    def reconcile(self, problems: list[LoadProblem]) -> list[AuditEntry] | None:
        """Finish or abandon, in the log, the changes a killed process left half-recorded; the rows after."""
        try:
            with trust_lock(self.config_dir):
                for intent in pending(self.rows() or []):  # read again under the lock: a live change has ended
                    self._settle(intent)
        except VerifierError as exc:
            problems.append(LoadProblem(str(self.data_dir / FILENAME),
                                        f"an interrupted trust change could not be recorded ({exc}).",
                                        "Check that the audit log can be written, then open the station again."))
        return self.rows()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """The trust lock, with changes a killed process left half-recorded settled first."""
        with trust_lock(self.config_dir):
            for intent in pending(self.rows() or []):
                self._settle(intent)
            yield

    def _settle(self, intent: AuditEntry) -> None:
        d = details_of(intent)
        done = STARTED[intent.source]
        if not happened(intent, self.roots_dir, self.bundles_dir):
            self._log(ABANDONED, {"intent": intent.id, "change": done,
                                  "reason": "the process stopped before the change was made"})
            return
        if done == "bundle_imported":  # the bundle is in place; the trust state may not have followed
            trust_state.write(self.trust_state_path, str(d["authority"]), int(d["sequence"]), int(d["issued_at"]),
                              (bytes.fromhex(k) for k in d.get("revoked_kids", [])))
        elif done == "root_removed":
            (self.bundles_dir / f"{d['sha256']}.dltrust").unlink(missing_ok=True)
        self._log(done, {**d, "intent": intent.id, "recovered": True})

    def _log(self, action: str, details: dict[str, Any], operator: str | None = None,
             now: dt.datetime | None = None) -> AuditEntry:
        return admin_audit.record(self.data_dir, action, details, operator=operator, now=now)

    @contextlib.contextmanager
    def change(self, started: str, details: dict[str, Any], paths: list[Path], *, operator: str | None,
               now: dt.datetime | None) -> Iterator[dict[str, Any]]:
        """Intent row, the caller's change (put back by ``undone_unless_recorded`` if it fails), completion row.

        The caller holds ``locked()``.  Yields the completion row's details (with the intent's id).
        """
        intent = self._log(started, details, operator, now)
        done = {**details, "intent": intent.id}
        try:
            with admin_audit.undone_unless_recorded(paths):
                yield done
                self._log(STARTED[started], done, operator, now)
        except Exception:
            with contextlib.suppress(VerifierError):  # the files are back as they were: say so in the log
                self._log(ABANDONED, {"intent": intent.id, "change": STARTED[started],
                                      "reason": "the change failed"}, operator, now)
            raise
