"""The audit log: every verification, hash-chained, in SQLite, minimising personal data.

What a row keeps: time, station, operator, input source, verdict, reason
codes, SHA-256 of the scanned text, presentation id, signer kid, bundle
number, the code's generation time and age, the issuer code, and the licence
number *as the role allows* (checkpoint: in full; rental and insurance: masked
to its last four characters).  Every row also keeps a keyed hash of the
licence number (HMAC-SHA-256 with a per-log secret kept in a file beside the
log, never in it: ``audit_keys``) so that history can be searched by number
without storing it.  Never a name, birth date or portrait.

Tamper evidence: each row stores the previous row's hash and its own
(``audit_chain``), so an edited, inserted or deleted row breaks the chain at
that point (``verify_chain``).  Retention deletes old rows and writes a
*checkpoint* row that commits to the hash of the last row it removed, so the
chain stays verifiable from the checkpoint on.  The anchor file beside the log
(``audit_anchor``: written before and after each commit, never behind) shows
rows deleted from or added at the end, and each row's hash says it was written
with an anchor, so deleting the anchor is found too.  Someone who can rewrite
the database *and* the anchor together can recompute both; receipts print the
entry's chain hash, which anchors it outside this machine.

Administrator actions (roots, bundles, settings, passphrase) are rows of kind
``admin``: ``source`` names the action and ``details`` holds its facts.

Failing closed: when an entry can't be committed (disk full, read-only
folder, damaged file) ``AuditWriteFailed`` says which, with what to do; a
new log is advised only for a damaged file, and the damaged file is kept.

Durability: WAL journal with ``synchronous=FULL``; ``record`` returns only
after its transaction is committed, so an entry reported as written survives
a killed process, and SQLite's WAL checksums make a torn write after a power
cut roll back to the last good commit.

This module is the log's mechanics (the file, the writer's lock, the chain's head, the anchor);
what each kind of row holds is in ``audit_rows``, the tables in ``audit_schema``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import sqlite3
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from verifier_app.atomic import flocked
from verifier_app.verify.engine import VerificationResult
from verifier_app.errors import VerifierError
from verifier_app.station.evidence.audit_anchor import (
    ANCHOR_SUFFIX, MISMATCH, Anchor, AnchorKeeper, check, read_anchor, recorded_mismatch)
from verifier_app.station.evidence.audit_chain import GENESIS, ChainReport, RowHash, chain_hash, check_rows, row_hash_kind
from verifier_app.station.evidence.audit_entry import COLUMNS, AuditEntry  # the row, in its own module: no import circle
from verifier_app.station.evidence.audit_failures import write_failure
from verifier_app.station.evidence.audit_keys import LEGACY_META, SearchKey, keyed
from verifier_app.station.evidence.audit_rows import admin_row, checkpoint_row, note_row, utc_text, verification_row
from verifier_app.station.evidence.audit_schema import SCHEMA_VERSION, connect, create
from verifier_app.station.paths import TrustScope, clean_orphan_temps, os_login
from verifier_app.station.paths import trust_scope as paths_trust_scope
from verifier_app.station.roles import Role

log = logging.getLogger("verifier_app.station.evidence.audit")

FILENAME = "audit.sqlite3"

__all__ = ["COLUMNS", "FILENAME", "AuditEntry", "AuditLog"]  # AuditEntry and COLUMNS: imported from here too


class AuditLog:
    """One station's audit log file.  Safe to use from several processes at once."""

    def __init__(self, path: str | os.PathLike[str], *, now: dt.datetime | None = None,
                 trust_scope: TrustScope | None = None) -> None:
        self.path = Path(path)
        # Whose trust the rows were judged with, and who wrote them: in every row (the log sits in the data folder).
        self.trust_scope = TrustScope(trust_scope or paths_trust_scope(self.path.parent))
        self.os_login = os_login()
        self.anchor_path = self.path.with_name(self.path.name + ANCHOR_SUFFIX)
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_failure(exc, self.path, opening=True) from None
        clean_orphan_temps(self.path.parent, now=now)  # left by a process killed mid-write
        db: sqlite3.Connection | None = None
        try:
            self._db = db = connect(self.path)
            self._create()
            self.station_id = self._meta("station_id", lambda: str(uuid.uuid4()))
            self._keys = SearchKey(self.path, self._db, self._writing)
            self._anchor = AnchorKeeper(self.anchor_path, self._db, self.station_id, rows=self._rows, note=self._note)
            legacy = self._meta_value(LEGACY_META)
            if legacy is not None:
                self._keys.move_out(legacy)
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise write_failure(exc, self.path, opening=True) from None
        except BaseException:
            if db is not None:
                db.close()
            raise

    @classmethod
    def in_data_dir(cls, data_dir: str | os.PathLike[str]) -> "AuditLog":
        return cls(Path(data_dir) / FILENAME)

    @property
    def key_path(self) -> Path:
        return self._keys.path

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "AuditLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------- schema

    def _create(self) -> None:
        create(self._db)
        self._meta("schema_version", lambda: str(SCHEMA_VERSION))

    def _meta(self, key: str, default: Callable[[], str]) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        value = default()
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
        return self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def _meta_value(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def document_key(self, number: str) -> str:
        """The searchable keyed hash of a licence number (makes the key when the log has none yet)."""
        return keyed(self._keys.for_writing(), number.strip().upper())

    # ------------------------------------------------------------- writing

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time across processes, for the row *and* its anchor.

        Any failure becomes AuditWriteFailed (or CorruptFile) with its real cause:
        the ROLLBACK after SQLite already rolled back must not hide it.
        """
        try:
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise write_failure(exc, self.path) from None
        with flocked(fd, fcntl.LOCK_EX):
            try:
                yield
            except (sqlite3.Error, OSError) as exc:
                self._rollback()
                raise write_failure(exc, self.path) from None
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """The rows and the anchor as one writer left them (no lock file, e.g. a read-only copy: as they are)."""
        try:
            fd = os.open(self._lock_path, os.O_RDONLY)
        except OSError:
            yield
            return
        with flocked(fd, fcntl.LOCK_SH):
            yield

    def _append(self, values: dict[str, Any]) -> AuditEntry:
        # BEGIN IMMEDIATE: read the head and append in one transaction, even
        # with the window and the command line writing at the same time.
        with self._writing():
            self._db.execute("BEGIN IMMEDIATE")
            base = self._anchor.before_entry(values["at"])
            entry = self._insert(values)
            self._anchor.commit(base, entry)
        return entry

    def _note(self, source: str, details: dict[str, Any], at: str) -> AuditEntry:
        """A row the log writes about itself (kind ``admin``, every other field blank); in the caller's
        transaction."""
        return self._insert(note_row(source, details, station_id=self.station_id, at=at))

    def read_anchor(self) -> Anchor | None:
        """The anchor; None when there is none; ValueError when it is damaged."""
        return read_anchor(self.anchor_path)

    def _insert(self, values: dict[str, Any]) -> AuditEntry:
        """Append one row; the caller holds the write transaction."""
        head = self._db.execute("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
        entry_id = (head[0] if head else 0) + 1  # the newest row is never purged: ids never repeat
        prev = head[1] if head else GENESIS
        fields = {"id": entry_id, **values, "prev_hash": prev, "trust_scope": self.trust_scope.value,
                  "os_login": self.os_login}
        entry = AuditEntry(**fields, hash="")
        entry = replace(entry, hash=chain_hash(prev, entry.hashed_fields(), anchored=True))
        self._db.execute(f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                         tuple(getattr(entry, c) for c in COLUMNS))
        return entry

    def record(self, result: VerificationResult, *, source: str, operator: str, role: Role | str,
               at: dt.datetime | None = None, details: dict[str, Any] | None = None) -> AuditEntry:
        """Write one verification; returns once it is committed to disk.

        ``at`` is the wall-clock time of the scan (default: the verdict's);
        ``details`` holds non-personal extras such as a simulated ``--now``.
        """
        return self._append(verification_row(
            result, station_id=self.station_id, operator=operator, source=source, role=Role(role), at=at,
            details=details, document_key=self.document_key,
            keyed_hash=lambda text: keyed(self._keys.for_writing(), text)))

    def purge(self, *, older_than: dt.datetime, operator: str, now: dt.datetime) -> int:
        """Delete entries older than ``older_than``; a checkpoint row keeps the chain verifiable.

        The deletion and the checkpoint are one transaction: a crash leaves both or neither.
        The newest row always stays, so the chain keeps its head.
        """
        cutoff = utc_text(older_than)
        db = self._db
        with self._writing():
            db.execute("BEGIN IMMEDIATE")
            base = self._anchor.before_entry(utc_text(now))
            rows = db.execute("SELECT id, hash, at, kind, source FROM entries ORDER BY id").fetchall()
            run = []
            mismatches = []
            for entry_id, digest, at, kind, source in rows[:-1]:  # a run from the start, or the chain has holes
                if at >= cutoff:
                    break
                run.append((entry_id, digest))
                if kind == "admin" and source == MISMATCH:
                    mismatches.append(entry_id)
            if not run:
                db.execute("ROLLBACK")
                return 0
            last_id, last_hash = run[-1]
            db.execute("DELETE FROM entries WHERE id <= ?", (last_id,))
            facts: dict[str, Any] = {"purged_through_id": last_id, "purged_count": len(run),
                                     "purged_head_hash": last_hash, "older_than": cutoff}
            if mismatches:  # what a writer found stays said: verify_chain keeps reporting it
                facts["anchor_mismatches"] = mismatches
            entry = self._insert(checkpoint_row(facts, station_id=self.station_id, operator=operator, at=now))
            self._anchor.commit(base, entry)
        return len(run)

    def record_admin(self, action: str, details: dict[str, Any], *, operator: str,
                     at: dt.datetime | None = None) -> AuditEntry:
        """One administrator action (root installed, bundle imported, setting changed...), committed."""
        return self._append(admin_row(action, details, station_id=self.station_id, operator=operator,
                                      at=at or dt.datetime.now(dt.timezone.utc)))

    def admin_entries(self, action: str | None = None) -> list[AuditEntry]:
        if action is None:
            return self._rows("WHERE kind = 'admin' ORDER BY id")
        return self._rows("WHERE kind = 'admin' AND source = ? ORDER BY id", (action,))

    def highest_bundle_sequence(self, authority: str) -> int | None:
        """The highest bundle number this log records as imported for ``authority``."""
        row = self._db.execute(
            "SELECT max(bundle_sequence) FROM entries WHERE kind = 'admin' AND source = 'bundle_imported' "
            "AND issuer = ?", (authority,)).fetchone()
        return row[0] if row and row[0] is not None else None

    # ------------------------------------------------------------- reading

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[AuditEntry]:
        return [AuditEntry(*row) for row in self._db.execute(f"SELECT {', '.join(COLUMNS)} FROM entries {sql}", params)]

    def entries_after(self, entry_id: int, limit: int) -> list[AuditEntry]:
        """Rows with an id above ``entry_id``, oldest first (the fleet push sends them in batches)."""
        return self._rows("WHERE id > ? ORDER BY id LIMIT ?", (entry_id, limit))

    @property
    def log_id(self) -> str:
        """This log's own id (the ``station_id`` in its meta; a new log file gets a new one)."""
        return self.station_id

    def get(self, entry_id: int) -> AuditEntry:
        rows = self._rows("WHERE id = ?", (entry_id,))
        if not rows:
            raise VerifierError(f"there is no audit entry {entry_id}", "List entries with: verifier audit list")
        return rows[0]

    def search(
        self,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        verdict: str | None = None,
        document_number: str | None = None,
        limit: int = 10_000,
    ) -> list[AuditEntry]:
        clauses: list[str] = ["kind = 'verification'"]
        params: list[Any] = []
        if since is not None:
            clauses.append("at >= ?")
            params.append(utc_text(since))
        if until is not None:
            clauses.append("at < ?")
            params.append(utc_text(until))
        if verdict:
            clauses.append("verdict = ?")
            params.append(verdict)
        if document_number:
            key = self._keys.find()
            if key is None:  # no key here: no entry this station can search carries that number's hash
                return []
            clauses.append("document_key = ?")
            params.append(keyed(key, document_number.strip().upper()))
        params.append(limit)
        return self._rows(f"WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT ?", params)

    def verify_chain(self) -> ChainReport:
        """Walk the chain; report the first row that was edited, inserted or deleted, any mismatch a writer
        found and recorded, then compare the chain's end with the anchor file (rows deleted or added at
        the end show there)."""
        with self._reading():
            try:
                rows = self._rows("ORDER BY id")
            except (sqlite3.DatabaseError, TypeError, ValueError) as exc:
                return ChainReport(False, 0, None, f"the log can't be read ({exc})")
            try:
                anchor = self.read_anchor()
            except (OSError, ValueError) as exc:
                anchor_error: Exception | None = exc
            else:
                anchor_error = None
        broken = check_rows(rows) or recorded_mismatch(rows)
        if broken is not None:
            return broken
        if anchor_error is not None:
            return ChainReport(False, len(rows), None, f"the anchor file {self.anchor_path} is damaged or "
                                                       f"unreadable ({anchor_error}): the newest entries can't be "
                                                       "checked")
        # check_rows refused an unanchored row after an anchored one: the newest row tells for all of them.
        anchored = (self._meta_value("anchored") is not None
                    or bool(rows) and row_hash_kind(rows[-1]) is RowHash.ANCHORED)
        return check(rows, anchor, anchored=anchored, anchor_path=self.anchor_path)
