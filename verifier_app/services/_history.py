"""The station's history: purging by retention and exporting entries, one way for the window and the CLI.

Moved here from ``cli/station_admin.py`` (``audit purge``, ``audit export``) and the window
(``evidence_window.apply_retention``, ``history._export``), which did the same arithmetic twice.
Searching and receipts are the log's own (``AuditLog.search``, ``receipt_html``), re-exported.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Iterable, Literal

from verifier_app.station.evidence.audit import AuditEntry, AuditLog
from verifier_app.station.evidence.audit_export import export_csv, export_jsonl


def purge_history(audit: AuditLog, *, days: int, operator: str, now: dt.datetime) -> int | None:
    """Drop the entries older than ``days`` (a checkpoint keeps the chain provable); None when the
    retention is off (0 days), the number of entries purged otherwise."""
    if days <= 0:
        return None
    return audit.purge(older_than=now - dt.timedelta(days=days), operator=operator, now=now)


def export_history(entries: Iterable[AuditEntry], fmt: Literal["csv", "jsonl"] | str,
                   path: str | os.PathLike[str]) -> int:
    """Write ``entries`` (newest first, as ``AuditLog.search`` gives them) oldest first as CSV or JSON
    lines, atomically; the number written."""
    oldest_first = list(entries)[::-1]
    return (export_csv if fmt == "csv" else export_jsonl)(oldest_first, path)
