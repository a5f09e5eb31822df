"""The audit log as files a person opens: CSV (for Excel) and JSON lines."""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Iterable

from verifier_app.atomic import atomic_write
from verifier_app.station.evidence.audit import COLUMNS, AuditEntry
from verifier_app.verify import text as words

def export_csv(entries: Iterable[AuditEntry], path: str | os.PathLike[str]) -> int:
    buffer = io.StringIO()
    writer = None
    count = 0
    for entry in entries:
        # A person reads a CSV: the station's local time (with its offset) first; ``at`` stays the
        # exact UTC value the chain hashes, so an export can still be checked against the log.
        row = {"local_time": words.local_time_text(entry.at_datetime), **entry.to_export()}
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        count += 1
    if writer is None:
        buffer.write(",".join(["local_time", *(c for c in COLUMNS if c != "document_key")]) + "\n")
    # UTF-8 with a byte-order mark: Excel otherwise reads the file in the local code page and
    # garbles every Chinese character; other spreadsheet programs and csv readers ignore the mark.
    atomic_write(path, buffer.getvalue().encode("utf-8-sig"))
    return count


def export_jsonl(entries: Iterable[AuditEntry], path: str | os.PathLike[str]) -> int:
    lines = [json.dumps(e.to_export(), ensure_ascii=False, sort_keys=True) for e in entries]
    atomic_write(path, ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
    return len(lines)
