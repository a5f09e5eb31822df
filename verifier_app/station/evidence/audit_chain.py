"""The audit log's hash chain: how an entry's hash is made, and how a chain is checked.

Each entry's hash covers its fields and the hash before it, so editing,
inserting or deleting a row breaks the chain at that row.  Deleting the newest
rows leaves a shorter chain that is still whole, and adding rows at the end a
longer one: the anchor file (``audit_anchor``) is what shows those.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from verifier_app.station.evidence.audit_entry import AuditEntry

GENESIS = "0" * 64
ANCHORED_PREFIX = "anchored\n"


def chain_hash(prev_hash: str, fields: dict[str, Any], *, anchored: bool = True) -> str:
    """The entry's hash.  ``anchored``: written by a version that keeps the anchor (``audit_anchor``).

    The two kinds differ by a prefix, so a row says inside the chain whether the log had an anchor when it
    was written: deleting the anchor file (and the ``meta`` marker) can't make the log look older than
    anchors without rewriting every row from the first anchored one on.
    """
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    prefix = ANCHORED_PREFIX if anchored else ""
    return hashlib.sha256((prefix + prev_hash + "\n" + canonical).encode("utf-8")).hexdigest()


class RowHash(enum.Enum):
    ANCHORED = "anchored"  # written with the anchor kept (this version on)
    LEGACY = "legacy"  # written before anchors were kept


def row_hash_kind(entry: AuditEntry) -> RowHash | None:
    """Which kind of hash the row carries; None when neither matches (the row was edited)."""
    try:
        fields = entry.hashed_fields()
        if chain_hash(entry.prev_hash, fields) == entry.hash:
            return RowHash.ANCHORED
        if chain_hash(entry.prev_hash, fields, anchored=False) == entry.hash:
            return RowHash.LEGACY
    except (TypeError, ValueError):
        pass
    return None


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    problem: str = ""
    head_hash: str = GENESIS
    note: str = ""  # e.g. that the log has no anchor yet (older than anchors)

    def __str__(self) -> str:
        if self.ok:
            text = f"audit chain intact: {self.entries} entries, head {self.head_hash[:16]}"
            return f"{text} ({self.note})" if self.note else text
        if self.first_bad_id is None:  # e.g. the anchor deleted: no one entry to name
            return f"audit chain BROKEN: {self.problem}"
        return f"audit chain BROKEN at entry {self.first_bad_id}: {self.problem}"


def _purged_heads(rows: list[AuditEntry]) -> dict[int, str] | ChainReport:
    covered: dict[int, str] = {}
    for entry in rows:
        if entry.kind == "checkpoint":
            try:
                details = json.loads(entry.details)
                covered[int(details["purged_through_id"])] = str(details["purged_head_hash"])
            except (ValueError, KeyError, TypeError):
                return ChainReport(False, len(rows), entry.id, "a retention checkpoint is damaged")
    return covered


def check_rows(rows: list[AuditEntry]) -> ChainReport | None:
    """The first row that was edited, inserted or deleted (None: the rows form one chain).

    The first remaining row must be entry 1 (after the genesis hash) or the
    row right after what a retention checkpoint says it removed.
    """
    if not rows:
        return None
    covered = _purged_heads(rows)
    if isinstance(covered, ChainReport):
        return covered
    first = rows[0]
    if first.id == 1:
        expected_prev = GENESIS
    elif covered.get(first.id - 1) == first.prev_hash:
        expected_prev = first.prev_hash
    else:
        return ChainReport(False, len(rows), first.id, f"entries before {first.id} were deleted")
    previous_id = None
    anchored_before = False
    for entry in rows:
        if entry.prev_hash != expected_prev:
            what = "deleted" if previous_id is not None and entry.id > previous_id + 1 else "deleted or inserted"
            return ChainReport(False, len(rows), entry.id,
                               f"it does not follow the entry before it: an entry was {what} before it")
        kind = row_hash_kind(entry)
        if kind is None:
            return ChainReport(False, len(rows), entry.id, "its content was edited")
        if kind is RowHash.LEGACY and anchored_before:
            return ChainReport(False, len(rows), entry.id, "it was rewritten without the anchor the entries before "
                                                           "it had (its hash is of the kind made before anchors)")
        anchored_before = anchored_before or kind is RowHash.ANCHORED
        expected_prev = entry.hash
        previous_id = entry.id
    return None
