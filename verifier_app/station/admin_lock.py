"""The administrator passphrase that guards what the person at the desk may not change.

Installing roots, importing bundles, changing the role, the freshness policy
or the retention need it; scanning never does.  The passphrase is kept only
as a slow salted hash (scrypt, N=2^15, r=8, p=1: about 0.1 s and 32 MiB per
try), and failed attempts are rate-limited with a growing wait that survives
a restart (it is stored with the hash).
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

from verifier_app.atomic import atomic_write
from verifier_app.errors import CorruptFile, VerifierError

FILENAME = "admin.json"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
FREE_ATTEMPTS = 3  # then 2, 4, 8 ... seconds, at most 5 minutes, between tries
MAX_WAIT_S = 300
MIN_LENGTH = 8


class AdminRequired(VerifierError):
    """An administrator passphrase is needed and was not given or was wrong."""

    default_action = "Ask your administrator to enter the administrator passphrase."


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
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _derive(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=64 * 1024 * 1024, dklen=32)


class AdminLock:
    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.path = Path(data_dir) / FILENAME

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
        atomic_write(self.path, json.dumps(state.__dict__).encode(), mode=0o600)

    @property
    def is_set(self) -> bool:
        return self._load() is not None

    def set_passphrase(self, new: str, *, current: str | None = None, now: dt.datetime | None = None) -> None:
        if self.is_set:
            self.check(current or "", now=now)
        if len(new) < MIN_LENGTH:
            raise VerifierError(f"the passphrase must have at least {MIN_LENGTH} characters")
        salt = secrets.token_bytes(16)
        self._save(_State(base64.b64encode(salt).decode(), base64.b64encode(_derive(new, salt)).decode()))

    def wait_s(self, now: dt.datetime | None = None) -> float:
        state = self._load()
        if state is None or state.failures < FREE_ATTEMPTS:
            return 0.0
        if not math.isfinite(state.last_failure):  # an edited file must not switch the wait off
            return float(MAX_WAIT_S)
        delay = min(MAX_WAIT_S, 2 ** (state.failures - FREE_ATTEMPTS + 1))
        t = (now or dt.datetime.now(dt.timezone.utc)).timestamp()
        return max(0.0, state.last_failure + delay - t)

    def check(self, passphrase: str | None, *, now: dt.datetime | None = None) -> None:
        """Raise AdminRequired unless ``passphrase`` is right (always passes when none is set)."""
        if not self.path.exists():
            return
        t = (now or dt.datetime.now(dt.timezone.utc)).timestamp()
        # One attempt at a time, across processes, and the attempt is counted as a
        # failure *before* the slow hash runs: parallel guessing gains nothing.
        with _exclusive(self.path.with_name(self.path.name + ".lock")):
            state = self._load()
            if state is None:
                return
            wait = self.wait_s(now)
            if wait > 0:
                raise AdminLockedOut(wait)
            if not passphrase:
                raise AdminRequired("this change needs the administrator passphrase")
            state.failures += 1
            state.last_failure = t
            self._save(state)
            if hmac.compare_digest(_derive(passphrase, base64.b64decode(state.salt)), base64.b64decode(state.hash)):
                state.failures = 0
                state.last_failure = 0.0
                self._save(state)
                return
        raise AdminRequired("the administrator passphrase is wrong")
