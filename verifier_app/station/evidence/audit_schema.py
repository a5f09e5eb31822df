"""The audit log's schema versions, and bringing an older log up to date.

Schema 2 added ``trust_scope`` (whose trust judged the row: paths.TrustScope) and
``os_login`` (the operating-system account that wrote it).  Rows written before
them hold "" there and are hashed without them (``AuditEntry.hashed_fields``), so
an older log still verifies after it gains the columns.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2
LATER_COLUMNS = ("trust_scope", "os_login")  # added after schema 1, in this order


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
