"""The audit log's file: how it is opened, its tables, their versions, and bringing an older log up to date.

Apart from the log (``audit``) so that the tables can be read in one place, without the writing.

Schema 2 added ``trust_scope`` (whose trust judged the row: paths.TrustScope) and
``os_login`` (the operating-system account that wrote it).  Rows written before
them hold "" there and are hashed without them (``AuditEntry.hashed_fields``), so
an older log still verifies after it gains the columns.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 2
LATER_COLUMNS = ("trust_scope", "os_login")  # added after schema 1, in this order


def connect(path: Path) -> sqlite3.Connection:
    """The log's file opened for several processes at once; a committed row survives a killed process.

    Autocommit (``isolation_level=None``): the log begins its own transactions.  WAL with
    ``synchronous=FULL``: a commit is on disk when it returns.
    """
    db = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA busy_timeout=10000")
        # Deleted content is overwritten, not left in free pages: the search key moved out of
        # an older log, and the rows retention purges, must not stay readable in the file.
        db.execute("PRAGMA secure_delete=ON")
    except BaseException:
        db.close()
        raise
    return db


def create(db: sqlite3.Connection) -> None:
    """The tables and indexes, made when missing; an older log gains the later columns."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS entries ("
        "id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, station_id TEXT NOT NULL,"
        "operator TEXT NOT NULL, source TEXT NOT NULL, role TEXT NOT NULL, verdict TEXT NOT NULL,"
        "reasons TEXT NOT NULL, credential_sha256 TEXT NOT NULL, presentation_id TEXT NOT NULL,"
        "signer_kid TEXT NOT NULL, issuer TEXT NOT NULL, bundle_sequence INTEGER, generated_at TEXT NOT NULL,"
        "age_s REAL, document_ref TEXT NOT NULL, document_key TEXT NOT NULL, demo INTEGER NOT NULL,"
        "details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
        "trust_scope TEXT NOT NULL DEFAULT '', os_login TEXT NOT NULL DEFAULT '')"
    )
    migrate(db)
    db.execute("CREATE INDEX IF NOT EXISTS entries_at ON entries(at)")
    db.execute("CREATE INDEX IF NOT EXISTS entries_document_key ON entries(document_key)")


def migrate(db: sqlite3.Connection) -> None:
    """Add the later columns to an older log, in one transaction (two processes opening it at once
    can't both add them).  ``db`` is in autocommit mode, as AuditLog opens it."""
    if _missing(db):
        db.execute("BEGIN IMMEDIATE")
        try:
            for name in _missing(db):
                db.execute(f"ALTER TABLE entries ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _missing(db: sqlite3.Connection) -> list[str]:
    present = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
    return [name for name in LATER_COLUMNS if name not in present]
