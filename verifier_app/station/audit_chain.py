"""The audit log's hash chain: how an entry's hash is made, and how a chain is checked.

Each entry's hash covers its fields and the hash before it, so editing,
inserting or deleting a row breaks the chain at that row.  Deleting the newest
rows leaves a shorter chain that is still whole: the anchor file written with
every entry (the head's id and hash) is what shows that.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verifier_app.station.audit import AuditEntry

GENESIS = "0" * 64


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
    note: str = ""  # e.g. that the log has no anchor yet (older than anchors)

    def __str__(self) -> str:
        if self.ok:
            text = f"audit chain intact: {self.entries} entries, head {self.head_hash[:16]}"
            return f"{text} ({self.note})" if self.note else text
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
    for entry in rows:
        if entry.prev_hash != expected_prev:
            what = "deleted" if previous_id is not None and entry.id > previous_id + 1 else "deleted or inserted"
            return ChainReport(False, len(rows), entry.id,
                               f"it does not follow the entry before it: an entry was {what} before it")
        try:
            digest = chain_hash(entry.prev_hash, entry.hashed_fields())
        except (TypeError, ValueError):
            digest = None
        if digest != entry.hash:
            return ChainReport(False, len(rows), entry.id, "its content was edited")
        expected_prev = entry.hash
        previous_id = entry.id
    return None


def check_anchor(rows: list[AuditEntry], anchor: dict[str, Any] | None, *, was_anchored: bool,
                 anchor_path: Path) -> ChainReport:
    """Compare the chain's end with the anchor: deleted newest entries show here."""
    head = rows[-1] if rows else None
    count, head_hash = len(rows), head.hash if head else GENESIS
    if anchor is None:
        if was_anchored:
            return ChainReport(False, count, None, f"the anchor file {anchor_path} was deleted: "
                                                   "the newest entries may have been deleted with it")
        return ChainReport(True, count, head_hash=head_hash,
                           note="no anchor yet: deleting the newest entries is found from the next entry on")
    anchor_id, anchor_hash = anchor["head_id"], anchor["head_hash"]
    head_id = head.id if head else 0
    if head_id < anchor_id:
        return ChainReport(False, count, head_id + 1,
                           f"the newest entries are missing (deleted, or lost with a damaged disk): the anchor "
                           f"records entry {anchor_id} (hash {anchor_hash[:16]}) but the log ends at entry "
                           f"{head_id}", head_hash)
    anchored = next((e for e in rows if e.id == anchor_id), None)
    if anchored is not None and anchored.hash != anchor_hash:
        return ChainReport(False, count, anchor_id,
                           f"entry {anchor_id} differs from the anchor: the newest entries were replaced")
    return ChainReport(True, count, head_hash=head_hash)
