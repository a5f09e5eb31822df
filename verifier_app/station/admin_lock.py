"""The administrator passphrase that guards what the person at the desk may not change.

Installing roots, importing bundles, changing the role, the freshness policy
or the retention need it; scanning never does.  The passphrase is kept only
as a slow salted hash (scrypt, N=2^15, r=8, p=1: about 0.1 s and 32 MiB per
try), and failed attempts are rate-limited with a growing wait that survives
a restart (it is stored with the hash).

Against the system-wide folder the person at the desk can't store that count
(the folder is root's), so the count also comes from their own audit log: each
wrong passphrase is a ``passphrase_failed`` row holding the failures in a row,
and a right one after failures a ``passphrase_accepted`` row that ends the run.
The wait uses the larger of the two counts.  Deleting the whole per-user audit
log (or starting with another data folder) resets that count; the scrypt cost
of every try stays (docs/security.md).

Failing closed: setting a passphrase writes a ``passphrase_set`` row in the
audit chain.  If ``admin.json`` later disappears while the chain says a
passphrase was set, that is tampering, not "no passphrase": the station stays
locked (``AdminLockTampered``) until the file is restored or the system
administrator re-initialises the station.  With a system-wide station folder
(paths.py) the hash lives there, where the person at the desk can't delete it.

``AdminSession`` is one unlock that lasts ``admin_unlock_s`` seconds
(station.json, default 300) with an injected clock: one passphrase entry, then
several admin actions.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import math
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from verifier_app.atomic import atomic_write, flocked
from verifier_app.errors import AdminRequired, AuditWriteFailed, CorruptFile, VerifierError
from verifier_app.station import admin_audit
from verifier_app.station.paths import guarded_dir, is_system, not_writable_action

FILENAME = "admin.json"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
FREE_ATTEMPTS = 3  # then 2, 4, 8 ... seconds, at most 5 minutes, between tries
MAX_WAIT_S = 300
MIN_LENGTH = 8
# The audit rows that start or end a run of wrong passphrases.
_RUN_ACTIONS = ("passphrase_failed", "passphrase_accepted", "passphrase_set", "passphrase_changed")


__all__ = ["AdminLock", "AdminLockTampered", "AdminLockedOut", "AdminRequired", "AdminSession"]


class AdminLockTampered(AdminRequired):
    """admin.json is gone but the audit chain says a passphrase was set: stay locked."""

    def __init__(self, path: Path, since: str) -> None:
        super().__init__(
            f"the administrator passphrase file {path} is missing, but this station's audit log records that a "
            f"passphrase was set ({since}): the station stays locked",
            f"Restore {path.name} from a backup, or have the system administrator re-initialise the station "
            f"(set up the system-wide station folder, e.g. /etc/dl-verifier, and set a passphrase there: "
            f"sudo verifier admin set-passphrase).")
        self.path = path


class AdminLockedOut(AdminRequired):
    def __init__(self, wait_s: float) -> None:
        super().__init__(f"too many wrong passphrases: try again in {int(wait_s) + 1} s")
        self.wait_s = wait_s


@dataclass
class _State:
    salt: str
    hash: str
    failures: int = 0
    last_failure: float = 0.0


@contextlib.contextmanager
def _exclusive(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with flocked(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), fcntl.LOCK_EX):
        yield


def _derive(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=64 * 1024 * 1024, dklen=32)


class AdminLock:
    """The passphrase of one station.

    ``data_dir`` is the per-user data folder (its audit log holds the admin rows);
    the hash itself lives in the system-wide station folder when there is one.
    """

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir)
        self.path = guarded_dir(data_dir) / FILENAME

    def _load(self) -> _State | None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            return _State(data["salt"], data["hash"], int(data.get("failures", 0)), float(data.get("last_failure", 0)))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # Never treat a damaged lock as "no lock": that would open the station.
            raise CorruptFile(str(self.path), "the administrator passphrase file is damaged",
                              "Restore it from a backup, or have your administrator remove it and set a new "
                              "passphrase.") from None

    def _save(self, state: _State) -> None:
        # In the system-wide folder every user's window must read the hash (scrypt keeps it costly
        # to guess); in a per-user folder only its owner.
        mode = 0o644 if is_system(self.path.parent) else 0o600
        try:
            atomic_write(self.path, json.dumps(state.__dict__).encode(), mode=mode)
        except OSError as exc:
            raise VerifierError(f"can't write {self.path} ({exc.strerror})", not_writable_action(self.path)) from None

    def _recorded_since(self) -> str | None:
        """When the audit chain says a passphrase was first set (None: never)."""
        try:
            rows = admin_audit.recorded(self.data_dir, "passphrase_set")
        except VerifierError:
            return "the audit log can't be read"  # can't prove there was none: fail closed
        return f"on {rows[0].at}" if rows else None

    @property
    def is_set(self) -> bool:
        """True when a passphrase is set, or was set and its file has gone (then ``check`` refuses)."""
        return self._load() is not None or self._recorded_since() is not None

    def _ensure_present(self) -> _State | None:
        state = self._load()
        if state is None:
            since = self._recorded_since()
            if since is not None:
                raise AdminLockTampered(self.path, since)
        return state

    def ensure_intact(self) -> None:
        """AdminLockTampered when the passphrase file is gone but the audit chain says one was set."""
        self._ensure_present()

    def set_passphrase(self, new: str, *, current: str | None = None, now: dt.datetime | None = None,
                       operator: str | None = None) -> None:
        """Set the first passphrase, or change it (``current`` needed); writes an audit row first."""
        existed = self._ensure_present() is not None
        if existed:
            self.check(current or "", now=now, operator=operator)
        if len(new) < MIN_LENGTH:
            raise VerifierError(f"the passphrase must have at least {MIN_LENGTH} characters")
        # Recorded before it is set: the chain then always knows a passphrase exists.
        admin_audit.record(self.data_dir, "passphrase_changed" if existed else "passphrase_set",
                           {"file": str(self.path)}, operator=operator, now=now)
        if existed and not admin_audit.recorded(self.data_dir, "passphrase_set"):
            # a passphrase set before this was recorded: record that one exists now
            admin_audit.record(self.data_dir, "passphrase_set", {"file": str(self.path), "late": True},
                               operator=operator, now=now)
        salt = secrets.token_bytes(16)
        self._save(_State(base64.b64encode(salt).decode(), base64.b64encode(_derive(new, salt)).decode()))

    def _chain_failures(self) -> tuple[int, float]:
        """The failures in a row this account's audit log records: (count, time of the last one)."""
        try:
            row = admin_audit.latest(self.data_dir, _RUN_ACTIONS)
        except VerifierError:
            return 0, 0.0
        if row is None or row.source != "passphrase_failed":
            return 0, 0.0
        try:
            count = int(json.loads(row.details)["failures_in_a_row"])
            return max(0, count), row.at_datetime.timestamp()
        except (ValueError, KeyError, TypeError, OverflowError):
            return FREE_ATTEMPTS, row.at_datetime.timestamp()  # a damaged row: wait as after a few failures

    def _counted(self, state: _State) -> tuple[_State, int]:
        """``state`` with the larger of its own and the audit log's failure count; and the log's count."""
        chain, at = self._chain_failures()
        if chain > state.failures:
            state.failures, state.last_failure = chain, max(at, state.last_failure)
        return state, chain

    def wait_s(self, now: dt.datetime | None = None) -> float:
        state = self._load()
        if state is not None:
            state = self._counted(state)[0]
        if state is None or state.failures < FREE_ATTEMPTS:
            return 0.0
        if not math.isfinite(state.last_failure):  # an edited file must not switch the wait off
            return float(MAX_WAIT_S)
        delay = min(MAX_WAIT_S, 2 ** (state.failures - FREE_ATTEMPTS + 1))
        t = (now or dt.datetime.now(dt.timezone.utc)).timestamp()
        return max(0.0, state.last_failure + delay - t)

    def check(self, passphrase: str | None, *, now: dt.datetime | None = None, operator: str | None = None) -> None:
        """Raise AdminRequired unless ``passphrase`` is right.

        Passes when no passphrase was ever set; raises AdminLockTampered when one
        was set and its file is gone.  A wrong passphrase writes a
        ``passphrase_failed`` audit row with the count of failures in a row.
        """
        if self._ensure_present() is None:
            return
        t = (now or dt.datetime.now(dt.timezone.utc)).timestamp()
        # One attempt at a time, across processes, and the attempt is counted as a
        # failure *before* the slow hash runs: parallel guessing gains nothing.
        lock_dir = self.path.parent
        try:
            exclusive = _exclusive(self.path.with_name(self.path.name + ".lock"))
            exclusive.__enter__()
        except OSError:  # a read-only system folder: lock next to the audit log instead
            lock_dir = self.data_dir
            exclusive = _exclusive(lock_dir / (FILENAME + ".lock"))
            exclusive.__enter__()
        try:
            state = self._ensure_present()
            if state is None:
                return
            wait = self.wait_s(now)
            if wait > 0:
                raise AdminLockedOut(wait)
            if not passphrase:
                raise AdminRequired("this change needs the administrator passphrase")
            state, in_log = self._counted(state)
            state.failures += 1
            state.last_failure = t
            counted = self._try_save(state)
            if hmac.compare_digest(_derive(passphrase, base64.b64decode(state.salt)), base64.b64decode(state.hash)):
                if counted:
                    state.failures = 0
                    state.last_failure = 0.0
                    self._try_save(state)
                if in_log:  # end the run of failures the log counts
                    self._log("passphrase_accepted", {"after_failures": in_log}, operator, now)
                return
            # Still under the lock: a parallel attempt sees this failure before it tries.
            self._log("passphrase_failed", {"failures_in_a_row": state.failures}, operator, now)
        finally:
            exclusive.__exit__(None, None, None)
        raise AdminRequired("the administrator passphrase is wrong")

    def _log(self, action: str, details: dict[str, int], operator: str | None, now: dt.datetime | None) -> None:
        try:
            admin_audit.record(self.data_dir, action, details, operator=operator, now=now)
        except (AuditWriteFailed, CorruptFile):
            pass  # the refusal (or the unlock) stands; the log's own failure shows at the next scan

    def _try_save(self, state: _State) -> bool:
        """Save the failure count; False when the file can't be written (a read-only system folder)."""
        try:
            self._save(state)
            return True
        except VerifierError:
            return False


class AdminSession:
    """One administrator unlock that lasts a few minutes, with an injected clock.

    The window asks for the passphrase only when ``needs_passphrase(now)``; a
    Cancel on that prompt is simply not calling ``unlock`` (no error).  Every
    admin action then calls ``require(now)`` (or checks ``is_unlocked``).
    ``unlock_s`` 0 makes every action ask again.
    """

    def __init__(self, lock: AdminLock, *, unlock_s: int | None = None) -> None:
        self.lock_ = lock
        if unlock_s is None:
            from verifier_app.station.config import load_config

            try:
                unlock_s = load_config(lock.data_dir).admin_unlock_s
            except VerifierError:
                unlock_s = 0  # a damaged station.json: ask every time
        self.unlock_s = unlock_s
        self._since: dt.datetime | None = None
        self._until: dt.datetime | None = None

    @property
    def passphrase_set(self) -> bool:
        return self.lock_.is_set

    def needs_passphrase(self, now: dt.datetime) -> bool:
        return not self.is_unlocked(now)

    def is_unlocked(self, now: dt.datetime) -> bool:
        """True while an unlock lasts, or when no passphrase was ever set on this station."""
        if not self.lock_.is_set:
            return True
        if self._since is None or self._until is None:
            return False
        if not self._since <= now < self._until:  # expired, or the clock was set back
            self.lock()
            return False
        return True

    def remaining_s(self, now: dt.datetime) -> float:
        if not self.is_unlocked(now) or self._until is None:
            return 0.0
        return (self._until - now).total_seconds()

    def unlock(self, passphrase: str | None, now: dt.datetime, *, operator: str | None = None) -> None:
        """Check the passphrase (AdminRequired, AdminLockedOut or AdminLockTampered when refused)."""
        self.lock_.check(passphrase, now=now, operator=operator)
        if self.unlock_s > 0:
            self._since, self._until = now, now + dt.timedelta(seconds=self.unlock_s)

    def require(self, now: dt.datetime, passphrase: str | None = None, *, what: str = "this change",
                operator: str | None = None) -> None:
        """Pass while unlocked; else check ``passphrase`` (and unlock), or raise AdminRequired."""
        if self.is_unlocked(now):
            return
        if passphrase is None:
            raise AdminRequired(f"{what} needs the administrator passphrase")
        self.unlock(passphrase, now, operator=operator)

    def lock(self) -> None:
        self._since = self._until = None
