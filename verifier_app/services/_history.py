"""``Station.open_history()``: the station's audit log as the front ends use it — searching, one
entry, exporting, receipts, the retention purge and the chain check — one way for the window and
the CLI.

Moved here from ``cli/station_admin.py`` (``audit list | export | purge | verify``, ``receipt``) and
the window (``evidence_window``: retention and receipts; ``history``: search and export), which
called the log themselves and did the same arithmetic twice.  The log (``station/evidence/audit.py``)
stays behind the facade: a front end holds a ``History`` and gets rows (``AuditEntry``, frozen) back.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Iterable, Literal

from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.evidence.audit_chain import ChainReport
from verifier_app.station.evidence.audit_entry import AuditEntry
from verifier_app.station.evidence.audit_export import export_csv, export_jsonl
from verifier_app.station.evidence.receipt import receipt_html
from verifier_app.verify.engine import VerificationResult


class History:
    """An open audit log: close it (or use ``with``) when done.  The scan service writes the rows."""

    def __init__(self, log: AuditLog) -> None:
        self._log = log

    def close(self) -> None:
        self._log.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def search(self, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
               verdict: str | None = None, document_number: str | None = None) -> list[AuditEntry]:
        """The verifications from ``since`` to before ``until``, newest first; a licence number is
        matched through its keyed hash, never stored."""
        return self._log.search(since=since, until=until, verdict=verdict, document_number=document_number)

    def entry(self, *, entry_id: int) -> AuditEntry:
        """One row by its number (VerifierError when there is none)."""
        return self._log.get(entry_id)

    def export(self, *, entries: Iterable[AuditEntry], fmt: Literal["csv", "jsonl"] | str,
               path: str | os.PathLike[str]) -> int:
        """Write ``entries`` (newest first, as ``search`` gives them) oldest first as CSV or JSON lines,
        atomically; the number written."""
        return export_history(entries, fmt, path)

    def receipt_html(self, *, entry: AuditEntry, lang: str, live: VerificationResult | None = None) -> str:
        """The receipt of a row as HTML (``live``: the verdict still on screen, with what the row
        doesn't keep)."""
        return receipt_html(entry, lang=lang, live=live)

    def purge(self, *, days: int, operator: str, now: dt.datetime) -> int | None:
        """Apply the retention: None when it is off (0 days), the number of entries purged otherwise."""
        return purge_history(self._log, days=days, operator=operator, now=now)

    def verify_chain(self) -> ChainReport:
        """Walk the hash chain; the first row edited, inserted or deleted, if any."""
        return self._log.verify_chain()


def purge_history(audit: AuditLog, *, days: int, operator: str, now: dt.datetime) -> int | None:
    """Drop the entries older than ``days`` (a checkpoint keeps the chain provable); None when the
    retention is off (0 days), the number of entries purged otherwise."""
    if days <= 0:
        return None
    return audit.purge(older_than=now - dt.timedelta(days=days), operator=operator, now=now)


def export_history(entries: Iterable[AuditEntry], fmt: Literal["csv", "jsonl"] | str,
                   path: str | os.PathLike[str]) -> int:
    """Write ``entries`` (newest first) oldest first as CSV or JSON lines, atomically; the number written."""
    oldest_first = list(entries)[::-1]
    return (export_csv if fmt == "csv" else export_jsonl)(oldest_first, path)
