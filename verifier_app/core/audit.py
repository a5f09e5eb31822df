"""The audit log: every verification, hash-chained, in SQLite, minimising personal data.

What a row keeps: time, station, operator, input source, verdict, reason
codes, SHA-256 of the scanned text, presentation id, signer kid, bundle
number, the code's generation time and age, the issuer code, and the licence
number *as the role allows* (checkpoint: in full; rental and insurance: masked
to its last four characters).  Every row also keeps a keyed hash of the
licence number (HMAC-SHA-256 with a per-station secret) so that history can be
searched by number without storing it.  Never a name, birth date or portrait.

Tamper evidence: each row stores the previous row's hash and its own,
``sha256(prev_hash + canonical JSON of the row)``, so an edited, inserted or
deleted row breaks the chain at that point (``verify_chain``).  Retention
deletes old rows and writes a *checkpoint* row that commits to the hash of the
last row it removed, so the chain stays verifiable from the checkpoint on.
Someone who can rewrite the whole file can recompute a chain; receipts print
the entry's chain hash, which anchors it outside this machine.

Durability: WAL journal with ``synchronous=FULL``; ``record`` returns only
after its transaction is committed, so an entry reported as written survives
a killed process, and SQLite's WAL checksums make a torn write after a power
cut roll back to the last good commit.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import secrets
import sqlite3
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from .atomic import atomic_write
from .engine import VerificationResult
from .errors import CorruptFile, VerifierError
from .roles import Role, mask_number

GENESIS = "0" * 64
SCHEMA_VERSION = 1
FILENAME = "audit.sqlite3"

_COLUMNS = (
    "id", "kind", "at", "station_id", "operator", "source", "role", "verdict", "reasons", "credential_sha256",
    "presentation_id", "signer_kid", "issuer", "bundle_sequence", "generated_at", "age_s", "document_ref",
    "document_key", "demo", "details", "prev_hash", "hash",
)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    kind: str  # "verification" or "checkpoint"
    at: str  # ISO 8601, UTC
    station_id: str
    operator: str
    source: str
    role: str
    verdict: str
    reasons: str  # reason codes, space-separated
    credential_sha256: str
    presentation_id: str
    signer_kid: str
    issuer: str
    bundle_sequence: int | None
    generated_at: str
    age_s: float | None
    document_ref: str  # as the role allows: full (checkpoint) or masked
    document_key: str  # keyed hash, for search only
    demo: int
    details: str  # JSON; a checkpoint's facts about what it purged
    prev_hash: str
    hash: str

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(self.reasons.split()) if self.reasons else ()

    @property
    def at_datetime(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)

    def hashed_fields(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("hash")
        return data

    def to_export(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("document_key")  # the search key stays on the station
        return data


def chain_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    problem: str = ""
    head_hash: str = GENESIS

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.entries} entries, head {self.head_hash[:16]}"
        return f"audit chain BROKEN at entry {self.first_bad_id}: {self.problem}"


class AuditLog:
    """One station's audit log file.  Safe to use from several processes at once."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._create()
            self.station_id = self._meta("station_id", lambda: str(uuid.uuid4()))
            self._key = bytes.fromhex(self._meta("document_key", lambda: secrets.token_hex(32)))
        except sqlite3.DatabaseError as exc:
            raise CorruptFile(
                str(self.path), f"the audit log can't be opened ({exc})",
                "Keep the file for your auditor, move it out of the data folder, and start the verifier again "
                "to begin a new log.") from None

    @classmethod
    def in_data_dir(cls, data_dir: str | os.PathLike[str]) -> "AuditLog":
        return cls(Path(data_dir) / FILENAME)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "AuditLog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------- schema

    def _create(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS entries ("
            "id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, station_id TEXT NOT NULL,"
            "operator TEXT NOT NULL, source TEXT NOT NULL, role TEXT NOT NULL, verdict TEXT NOT NULL,"
            "reasons TEXT NOT NULL, credential_sha256 TEXT NOT NULL, presentation_id TEXT NOT NULL,"
            "signer_kid TEXT NOT NULL, issuer TEXT NOT NULL, bundle_sequence INTEGER, generated_at TEXT NOT NULL,"
            "age_s REAL, document_ref TEXT NOT NULL, document_key TEXT NOT NULL, demo INTEGER NOT NULL,"
            "details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS entries_at ON entries(at)")
        self._db.execute("CREATE INDEX IF NOT EXISTS entries_document_key ON entries(document_key)")
        self._meta("schema_version", lambda: str(SCHEMA_VERSION))

    def _meta(self, key: str, default) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        value = default()
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
        return self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def document_key(self, number: str) -> str:
        return hmac.new(self._key, number.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------- writing

    def _append(self, values: dict[str, Any]) -> AuditEntry:
        # BEGIN IMMEDIATE: read the head and append in one transaction, even
        # with the window and the command line writing at the same time.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            head = self._db.execute("SELECT id, hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
            entry_id = (head[0] + 1) if head else 1
            prev = head[1] if head else values.pop("_first_prev", GENESIS)
            values.pop("_first_prev", None)
            fields = {"id": entry_id, **values, "prev_hash": prev}
            digest = chain_hash(prev, fields)
            entry = AuditEntry(**fields, hash=digest)
            self._db.execute(
                f"INSERT INTO entries ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                tuple(getattr(entry, c) for c in _COLUMNS),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return entry

    def record(self, result: VerificationResult, *, source: str, operator: str, role: Role | str) -> AuditEntry:
        """Write one verification; returns once it is committed to disk."""
        role = Role(role)
        number = result.document_number or (result.licence.document_number if result.licence else None)
        if number is None:
            ref = key = ""
        else:
            ref = number if role is Role.CHECKPOINT else mask_number(number)
            key = self.document_key(number)
        return self._append({
            "kind": "verification",
            "at": result.checked_at.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
            "station_id": self.station_id,
            "operator": operator,
            "source": source,
            "role": role.value,
            "verdict": result.verdict.value,
            "reasons": " ".join(result.codes),
            "credential_sha256": result.credential_hash,
            "presentation_id": result.presentation_id or "",
            "signer_kid": result.signer.kid if result.signer else "",
            "issuer": (result.signer.authority_code or "") if result.signer else "",
            "bundle_sequence": result.bundle.sequence if result.bundle else None,
            "generated_at": result.generated_at.isoformat(timespec="seconds") if result.generated_at else "",
            "age_s": None if result.age_s is None else round(result.age_s, 1),
            "document_ref": ref,
            "document_key": key,
            "demo": int(result.is_demo),
            "details": "{}",
        })

    def purge(self, *, older_than: dt.datetime, operator: str, now: dt.datetime) -> int:
        """Delete entries older than ``older_than``; a checkpoint row keeps the chain verifiable."""
        cutoff = older_than.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            rows = self._db.execute(
                "SELECT id, hash FROM entries WHERE at < ? AND id < (SELECT MAX(id) FROM entries) ORDER BY id",
                (cutoff,)).fetchall()
            # Only a contiguous run from the start can go, or the chain would have holes.
            first = self._db.execute("SELECT MIN(id) FROM entries").fetchone()[0]
            run = []
            for expected, (entry_id, digest) in enumerate(rows, start=first or 0):
                if entry_id != expected:
                    break
                run.append((entry_id, digest))
            if not run:
                self._db.execute("ROLLBACK")
                return 0
            last_id, last_hash = run[-1]
            self._db.execute("DELETE FROM entries WHERE id <= ?", (last_id,))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        details = json.dumps({"purged_through_id": last_id, "purged_count": len(run), "purged_head_hash": last_hash,
                              "older_than": cutoff}, sort_keys=True)
        # The checkpoint is appended after the surviving rows and names what it removed.
        self._append({
            "kind": "checkpoint", "at": now.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
            "station_id": self.station_id, "operator": operator, "source": "retention", "role": "",
            "verdict": "", "reasons": "", "credential_sha256": "", "presentation_id": "", "signer_kid": "",
            "issuer": "", "bundle_sequence": None, "generated_at": "", "age_s": None, "document_ref": "",
            "document_key": "", "demo": 0, "details": details,
        })
        return len(run)

    # ------------------------------------------------------------- reading

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[AuditEntry]:
        return [AuditEntry(*row) for row in self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM entries {sql}", params)]

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
        clauses, params = ["kind = 'verification'"], []
        if since is not None:
            clauses.append("at >= ?")
            params.append(since.astimezone(dt.timezone.utc).isoformat(timespec="seconds"))
        if until is not None:
            clauses.append("at < ?")
            params.append(until.astimezone(dt.timezone.utc).isoformat(timespec="seconds"))
        if verdict:
            clauses.append("verdict = ?")
            params.append(verdict)
        if document_number:
            clauses.append("document_key = ?")
            params.append(self.document_key(document_number))
        params.append(limit)
        return self._rows(f"WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT ?", params)

    def verify_chain(self) -> ChainReport:
        rows = self._rows("ORDER BY id")
        expected_prev = GENESIS
        previous_id = None
        for index, entry in enumerate(rows):
            if index == 0 and entry.kind == "checkpoint":
                try:
                    expected_prev = json.loads(entry.details)["purged_head_hash"]
                except (ValueError, KeyError, TypeError):
                    return ChainReport(False, len(rows), entry.id, "the checkpoint row is damaged")
            elif index == 0 and entry.id != 1:
                # A retention checkpoint would come first; without one the beginning was deleted.
                if not self._checkpoint_covers(rows, entry.id):
                    return ChainReport(False, len(rows), entry.id, f"entries before {entry.id} were deleted")
                expected_prev = entry.prev_hash
            if previous_id is not None and entry.id != previous_id + 1 and entry.prev_hash == expected_prev:
                return ChainReport(False, len(rows), entry.id, "entry ids skip: an entry was renumbered")
            if entry.prev_hash != expected_prev:
                what = "deleted" if previous_id is not None and entry.id > previous_id + 1 else "deleted or inserted"
                return ChainReport(False, len(rows), entry.id,
                                   f"it does not follow the entry before it: an entry was {what} before it")
            if chain_hash(entry.prev_hash, entry.hashed_fields()) != entry.hash:
                return ChainReport(False, len(rows), entry.id, "its content was edited")
            expected_prev = entry.hash
            previous_id = entry.id
        return ChainReport(True, len(rows), head_hash=expected_prev)

    def _checkpoint_covers(self, rows: list[AuditEntry], first_id: int) -> bool:
        for entry in rows:
            if entry.kind == "checkpoint":
                try:
                    details = json.loads(entry.details)
                except ValueError:
                    return False
                if details.get("purged_through_id") == first_id - 1 and rows[0].prev_hash == details.get("purged_head_hash"):
                    return True
        return False


# ------------------------------------------------------------------ exports


def export_csv(entries: Iterable[AuditEntry], path: str | os.PathLike[str]) -> int:
    buffer = io.StringIO()
    writer = None
    count = 0
    for entry in entries:
        row = entry.to_export()
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        count += 1
    if writer is None:
        buffer.write(",".join(c for c in _COLUMNS if c != "document_key") + "\n")
    atomic_write(path, buffer.getvalue().encode("utf-8"))
    return count


def export_jsonl(entries: Iterable[AuditEntry], path: str | os.PathLike[str]) -> int:
    lines = [json.dumps(e.to_export(), ensure_ascii=False, sort_keys=True) for e in entries]
    atomic_write(path, ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
    return len(lines)
