"""The audit log's anchor: the chain's head, kept outside the database, never behind it.

Deleting the newest rows leaves a shorter chain that is still whole; adding a
row at the end (with its hash computed) makes a longer one.  The anchor file
(``audit.sqlite3.anchor.json``) says where the chain ends, so both show.

It is written twice per entry, under the writers' lock:

1. *before* the commit, an intent: ``head`` = the entry the log ends at now,
   ``pending`` = the entry about to be committed (its id and hash are known);
2. *after* the commit, ``head`` = that entry.

A process killed anywhere leaves the log ending at ``head`` or at
``pending``, never beyond: any row after them was not written by the
verifier, and is reported.  (Before this, the anchor was written only after
the commit, so it could lag one entry and any number of rows after it were
accepted.)  An anchor without ``format`` was written by that older version:
for it alone, the log may end one entry after it.

The writer also compares the log with its anchor before each entry.  When
they differ (rows added or deleted outside the verifier, the anchor deleted,
entries lost with a damaged disk) it first writes an ``anchor_mismatch`` row
saying what it found, inside the hash chain, so the next entry can't make the
change look normal: ``verify_chain`` reports that row from then on.

What stays undetectable on the station: someone who can write both files and
rewrites the database *and* the anchor consistently (or deletes the log with
its anchor and key).  Only copies kept elsewhere (receipts print an entry's
chain hash; exports) can show that.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from verifier_app.atomic import atomic_write
from verifier_app.station.evidence.audit_chain import GENESIS, ChainReport, RowHash, row_hash_kind
from verifier_app.station.evidence.audit_entry import AuditEntry

log = logging.getLogger("verifier_app.station.evidence.audit")

ANCHOR_SUFFIX = ".anchor.json"  # audit.sqlite3 -> audit.sqlite3.anchor.json
FORMAT = 2
MISMATCH = "anchor_mismatch"  # source of the admin row a writer adds when the log doesn't match its anchor


@dataclass(frozen=True)
class Anchor:
    head_id: int
    head_hash: str
    pending_id: int | None = None
    pending_hash: str | None = None
    legacy: bool = False  # written after the commit by an older version: it may lag one entry

    def ends(self) -> list[tuple[int, str]]:
        """Where the log may end: (id, hash) of the head, and of the pending entry if any."""
        ends = [(self.head_id, self.head_hash)]
        if self.pending_id is not None and self.pending_hash is not None:
            ends.append((self.pending_id, self.pending_hash))
        return ends


@dataclass(frozen=True)
class Head:
    """The newest row of the log."""
    id: int
    hash: str
    prev_hash: str


@dataclass(frozen=True)
class Mismatch:
    problem: str
    first_bad_id: int | None


def read_anchor(path: Path) -> Anchor | None:
    """The anchor; None when there is none; ValueError when it is damaged (OSError when unreadable)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not an anchor")
    head_id, head_hash = data.get("head_id"), data.get("head_hash")
    pending_id, pending_hash = data.get("pending_id"), data.get("pending_hash")
    if (not isinstance(head_id, int) or not _is_id(head_id) or not isinstance(head_hash, str)
            or (pending_id is not None and not _is_id(pending_id)) or not isinstance(pending_hash, (str, type(None)))):
        raise ValueError("not an anchor")
    return Anchor(head_id, head_hash, pending_id, pending_hash, legacy="format" not in data)


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def write_anchor(path: Path, *, station_id: str, head: tuple[int, str], pending: tuple[int, str] | None,
                 entries: int, at: str) -> None:
    data: dict[str, Any] = {"format": FORMAT, "station_id": station_id, "head_id": head[0], "head_hash": head[1],
                            "entries": entries, "at": at}
    if pending is not None:
        data["pending_id"], data["pending_hash"] = pending
    atomic_write(path, json.dumps(data, sort_keys=True).encode(), mode=0o600)


def compare(head: Head | None, anchor: Anchor | None, *, anchored: bool, anchor_path: Path) -> Mismatch | None:
    """How the log's end differs from its anchor (None: it ends where the anchor allows).

    ``anchored``: the log says it had an anchor (its rows' hashes, or the older ``meta`` marker).
    """
    head_id, head_hash = (head.id, head.hash) if head else (0, GENESIS)
    if anchor is None:
        if anchored:
            return Mismatch(f"the anchor file {anchor_path} was deleted: the newest entries may have been deleted "
                            "with it", None)
        return None
    if (head_id, head_hash) in anchor.ends():
        return None
    if anchor.legacy and head is not None and head.id == anchor.head_id + 1 and head.prev_hash == anchor.head_hash:
        return None  # the older version's anchor, one entry behind after a kill between commit and anchor
    top_id = max(i for i, _ in anchor.ends())
    if head_id < anchor.head_id:
        return Mismatch(f"the newest entries are missing (deleted, or lost with a damaged disk): the anchor "
                        f"records entry {anchor.head_id} (hash {anchor.head_hash[:16]}) but the log ends at entry "
                        f"{head_id}", head_id + 1)
    if head_id > top_id:
        span = f"entry {top_id + 1} was" if head_id == top_id + 1 else f"entries {top_id + 1} to {head_id} were"
        return Mismatch(f"{span} added after the anchored entry {top_id}: not written by the verifier", top_id + 1)
    return Mismatch(f"entry {head_id} differs from the anchor: the newest entries were replaced", head_id)


class AnchorKeeper:
    """The writer's side, under the writers' lock and inside the entry's transaction."""

    def __init__(self, path: Path, db: sqlite3.Connection, station_id: str, *,
                 rows: Callable[[str, Sequence[Any]], list[AuditEntry]],
                 note: Callable[[str, dict[str, Any], str], AuditEntry]) -> None:
        self.path, self._db, self._station_id = path, db, station_id
        self._rows, self._note = rows, note

    def before_entry(self, at: str) -> tuple[int, str]:
        """Does the log end where its anchor says?  Returns the head the intent names (see ``commit``).

        ``at``: the time of the entry about to be written (a mismatch row found with it carries it too).

        When it doesn't, an ``anchor_mismatch`` row saying what was found goes into the chain first, so
        the entry about to be written can't make rows added or deleted outside the verifier look normal.
        """
        row = self._db.execute("SELECT id, hash, prev_hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
        head = Head(*row) if row else None
        current = (head.id, head.hash) if head else (0, GENESIS)
        try:
            anchor = read_anchor(self.path)
            mismatch = compare(head, anchor, anchored=self._anchored(head), anchor_path=self.path)
        except (OSError, ValueError) as exc:
            anchor, mismatch = None, Mismatch(f"the anchor file {self.path} was damaged or unreadable "
                                              f"({type(exc).__name__})", None)
        if mismatch is None:
            return current
        log.warning("audit log does not match its anchor: %s", mismatch.problem)
        self._note(MISMATCH, {
            "problem": mismatch.problem, "first_bad_id": mismatch.first_bad_id,
            "log_head": {"id": current[0], "hash": current[1]},
            "anchor": None if anchor is None else {"head_id": anchor.head_id, "head_hash": anchor.head_hash}}, at)
        # The intent keeps naming the old anchor's head: killed before the commit, the mismatch is found again.
        return (anchor.head_id, anchor.head_hash) if anchor is not None else (0, GENESIS)

    def _anchored(self, head: Head | None) -> bool:
        """Whether the log had an anchor: the older meta marker, or an anchored hash on its first or last row
        (cheap; ``verify_chain`` checks every row, and that no row after an anchored one lacks it)."""
        if self._db.execute("SELECT 1 FROM meta WHERE key = 'anchored'").fetchone():
            return True
        ends = self._rows("WHERE id = (SELECT min(id) FROM entries) OR id = ?", (head.id if head else 0,))
        return any(row_hash_kind(e) is RowHash.ANCHORED for e in ends)

    def commit(self, base: tuple[int, str], entry: AuditEntry) -> None:
        """Intent, commit, confirmation: the anchor is never behind the log."""
        first = self._db.execute("SELECT min(id) FROM entries").fetchone()[0] or entry.id
        count = entry.id - first + 1
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('anchored', '1')")  # for older readers
        # Can't write the intent (disk full, read-only): the entry is not committed (AuditWriteFailed).
        write_anchor(self.path, station_id=self._station_id, head=base, pending=(entry.id, entry.hash),
                     entries=count, at=entry.at)
        self._db.execute("COMMIT")
        try:
            write_anchor(self.path, station_id=self._station_id, head=(entry.id, entry.hash), pending=None,
                         entries=count, at=entry.at)
        except OSError as exc:  # committed: the intent already allows the log to end at this entry
            log.warning("audit anchor not confirmed (%s): %s", type(exc).__name__, exc)


def recorded_mismatch(rows: list[AuditEntry]) -> ChainReport | None:
    """The first mismatch a writer found and wrote into the chain (or a checkpoint that purged one)."""
    for entry in rows:
        if entry.kind == "admin" and entry.source == MISMATCH:
            try:
                details = json.loads(entry.details)
                problem, first_bad = str(details["problem"]), details.get("first_bad_id")
            except (ValueError, KeyError, TypeError):
                problem, first_bad = "(its details are damaged)", None
            return ChainReport(False, len(rows), first_bad if _is_id(first_bad) else entry.id,
                               f"when entry {entry.id} was written, the log did not match its anchor: {problem}")
        if entry.kind == "checkpoint" and _purged_mismatches(entry.details):
            return ChainReport(False, len(rows), entry.id, "the entries this retention checkpoint purged included "
                                                           "a record that the log did not match its anchor")
    return None


def _purged_mismatches(details: str) -> bool:
    try:
        facts = json.loads(details)
    except ValueError:
        return False  # check_rows reports a damaged checkpoint
    return isinstance(facts, dict) and bool(facts.get("anchor_mismatches"))


def check(rows: list[AuditEntry], anchor: Anchor | None, *, anchored: bool, anchor_path: Path) -> ChainReport:
    """Compare the chain's end with the anchor: deleted newest entries, and rows added after it, show here."""
    last = rows[-1] if rows else None
    head_hash = last.hash if last else GENESIS
    mismatch = compare(Head(last.id, last.hash, last.prev_hash) if last else None, anchor, anchored=anchored,
                       anchor_path=anchor_path)
    if mismatch is not None:
        return ChainReport(False, len(rows), mismatch.first_bad_id, mismatch.problem, head_hash)
    if anchor is None:
        return ChainReport(True, len(rows), head_hash=head_hash,
                           note="no anchor yet: deleting the newest entries is found from the next entry on")
    return ChainReport(True, len(rows), head_hash=head_hash)
