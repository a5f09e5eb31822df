"""The audit log's search key: in its own file beside the log, never inside it.

Every row keeps a keyed hash (HMAC-SHA-256) of the licence number, so that
history can be searched by number without storing it.  The number space is
small (a masked number shows 4 of 12 characters), so whoever holds the key
and a row gets the number back by trying them all in well under a second.
The key therefore lives in ``audit.sqlite3.key`` (mode 0600), not in the
database: a copy of ``audit.sqlite3`` alone (an export to an auditor, a
backup of the file, a bug report) carries masked numbers and hashes it can't
invert.  A copy of the whole data folder carries the key too.

Why beside the log and not in the system-wide station folder: the operator's
own process computes the hash, so it must read the key; a key there would
have to be created by root and be readable by every account that scans,
which is no better than the operator's own folder (mode 0600, one reader).

The database keeps only the key's *id* (a hash of it, ``search_key_id`` in
``meta``), so a key file that belongs to another log is noticed.  Logs from
before this change kept the key in ``meta`` as ``document_key``: opening one
moves the key out to the file and erases it from the database (SQLite's
``secure_delete``, then a WAL checkpoint), so its old rows stay searchable.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
from pathlib import Path
from typing import Callable

from verifier_app.atomic import atomic_write
from verifier_app.errors import AuditWriteFailed, CorruptFile

log = logging.getLogger("verifier_app.station.evidence.audit")

KEY_SUFFIX = ".key"  # audit.sqlite3 -> audit.sqlite3.key
KEY_ID_META = "search_key_id"
LEGACY_META = "document_key"  # where logs before this change kept the key itself
KEY_BYTES = 32


def key_path_for(log_path: str | os.PathLike[str]) -> Path:
    path = Path(log_path)
    return path.with_name(path.name + KEY_SUFFIX)


def key_id(key: bytes) -> str:
    """A short name for a key that reveals nothing of it (a hash of 256 random bits)."""
    return hashlib.sha256(b"dl-verifier audit search key id\n" + key).hexdigest()[:16]


def read_key(path: Path) -> bytes | None:
    """The key in ``path``; None when there is no such file; CorruptFile when it isn't a key."""
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(path, str(exc)) from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise _damaged(path, "not a key of 64 hexadecimal digits")
    return key


def write_key(path: Path, key: bytes) -> None:
    """Atomically, readable by this account only."""
    atomic_write(path, key.hex().encode("ascii") + b"\n", mode=0o600)


def _damaged(path: Path, why: str) -> CorruptFile:
    return CorruptFile(
        str(path), f"the audit log's search key file is damaged ({why})",
        "Restore it from a backup of the data folder. Or move it away: the verifier then makes a new key, and "
        "the entries recorded before can no longer be searched by licence number (they stay in the log).")


def keyed(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


class SearchKey:
    """One log's key: found in its file, made when a row needs it, moved out of an older log."""

    def __init__(self, log_path: Path, db: sqlite3.Connection,
                 writing: Callable[[], contextlib.AbstractContextManager[None]]) -> None:
        self.path = key_path_for(log_path)
        self._db = db
        self._writing = writing  # the log's writers' lock (and its errors, named)
        self._key: bytes | None = None  # read (or made) when first needed: opening a copy writes nothing

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
        return row[0] if row else None

    def move_out(self, legacy_hex: str) -> None:
        """A log from before: its key goes to the key file and is erased from the database."""
        try:
            key = bytes.fromhex(legacy_hex)
        except ValueError:
            log.warning("the audit log's old search key is damaged: a new one will be made")
            return
        self._key = key  # its rows stay searchable, even if it can't be moved out right now
        try:
            with self._writing():
                write_key(self.path, key)
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY_ID_META, key_id(key)))
                self._db.execute("DELETE FROM meta WHERE key = ?", (LEGACY_META,))
                self._db.execute("COMMIT")
            # Copy the erased page (secure_delete) into the database file and empty the WAL, which still
            # holds the key.  Another process reading the log at this moment can keep the WAL from
            # emptying; then the next checkpoint does it.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except AuditWriteFailed as exc:
            log.warning("the audit log's search key stays inside it for now: %s", exc.message)

    def find(self) -> bytes | None:
        """This log's key when its file is here and is this log's; else None (nothing is made)."""
        if self._key is None:
            key = read_key(self.path)
            if key is not None and key_id(key) == self._meta(KEY_ID_META):
                self._key = key
        return self._key

    def for_writing(self) -> bytes:
        """This log's key, made (and its id recorded) when there is none: for a row about to be written."""
        found = self.find()
        if found is not None:
            return found
        with self._writing():  # one key per log, even with two processes starting at once
            key = read_key(self.path)
            if key is None:
                key = secrets.token_bytes(KEY_BYTES)
                write_key(self.path, key)
            known = self._meta(KEY_ID_META)
            if known != key_id(key):
                if known is not None:
                    log.warning("the audit log's search key %s is missing or replaced: the entries recorded "
                                "before can't be searched by licence number", known)
                self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY_ID_META, key_id(key)))
        self._key = key
        return key
