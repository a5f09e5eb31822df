"""``verifier audit push``: send the audit rows the fleet database has not acknowledged yet.

Resumable and idempotent by construction: the server says how far it holds this log (``fleet.head``), the
push sends the rows after that in batches, each batch one transaction (``fleet.ingest``).  A kill or a
dropped connection loses at most the batch in flight, which the next push sends again; a row sent twice
adds nothing.  The server's answer is the only cursor: nothing on the station can make a push skip rows.

Each row goes as the exact canonical JSON its chain hash covers, plus the hash, so the centre re-checks
the chain itself (``verifier_app.central.db``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

import psycopg

from verifier_app.errors import VerifierError
from verifier_app.fleet.enrolment import Enrolment
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.evidence.audit_entry import AuditEntry

BATCH = 1000


class PushFailed(VerifierError):
    """The push stopped: what was acknowledged stays, the next push resumes."""


@dataclass(frozen=True)
class PushResult:
    station_id: str
    log_id: str
    sent: int  # rows sent this time
    added: int  # rows the server did not hold yet
    conflicts: int  # rows whose position the server holds with another hash (stored there as conflicts)
    acknowledged: int  # the highest position the server now holds for this log

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def canonical(entry: AuditEntry) -> str:
    """The text ``audit_chain.chain_hash`` hashes for this row (same separators, same key order)."""
    return json.dumps(entry.hashed_fields(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _overlap(audit: AuditLog, position: int, server_hash: str | None) -> int:
    """Where to resume: after the centre's head, or at it when this log holds that row with another hash.

    A log restored from an older copy (same log id) reuses positions the centre already holds; sending
    the head row again makes the difference a stored conflict instead of rows silently skipped.
    """
    mine = audit.entries_after(position - 1, 1)
    if mine and mine[0].id == position:
        return position if mine[0].hash == server_hash else position - 1
    if mine:  # purged here since the last push: the rows after it go on (the centre records the gap)
        return position
    raise PushFailed(f"the fleet database holds this log up to entry {position}, but the log here ends before it: "
                     "entries were deleted or the log was restored from an older copy",
                     "Tell the fleet operator; keep this log file as it is for them to compare.")


def push(audit: AuditLog, enrolment: Enrolment, *, dsn: str | None = None, batch: int = BATCH,
         after_batch: Callable[[int], None] | None = None) -> PushResult:
    """Send the rows after the server's head for this log; ``after_batch(position)`` after each commit."""
    log_id = audit.log_id
    sent = added = conflicts = 0
    position = 0
    try:
        with psycopg.connect(dsn or enrolment.dsn, autocommit=True, connect_timeout=10) as conn:
            head = conn.execute("SELECT fleet.head(%s)", (log_id,)).fetchone()
            if not head or head[0] is None:
                raise PushFailed("the fleet database does not know this login as a station",
                                 "Ask the operator to enrol it (verifier-central station add), then enrol again.")
            server_id, position, server_hash = head[0]["station_id"], int(head[0]["position"]), head[0].get("hash")
            if server_id != enrolment.station_id:
                raise PushFailed(f"the fleet database knows this login as station {server_id}, "
                                 f"but this station is enrolled as {enrolment.station_id}",
                                 "Enrol again with the id and connection string the operator gave for it.")
            if position:
                position = _overlap(audit, position, server_hash)
            while True:
                rows = audit.entries_after(position, batch)
                if not rows:
                    break
                payload = json.dumps([{"c": canonical(e), "h": e.hash} for e in rows], ensure_ascii=False)
                answer = conn.execute("SELECT fleet.ingest(%s::jsonb)", (payload,)).fetchone()
                result = answer[0] if answer else {}
                sent += len(rows)
                added += int(result.get("added", 0))
                conflicts += int(result.get("conflicts", 0))
                position = rows[-1].id
                if after_batch is not None:
                    after_batch(position)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise PushFailed(f"the fleet database refused this station: {_first_line(exc)}",
                         "Check the enrolment (verifier audit enrol) or ask the operator.") from None
    except psycopg.errors.UndefinedFunction:
        raise PushFailed("the fleet database has no fleet schema",
                         "Ask the operator to run verifier-central db init.") from None
    except psycopg.Error as exc:
        done = f" after {sent} rows (kept; the next push resumes)" if sent else ""
        raise PushFailed(f"the push to the fleet database failed{done}: {_first_line(exc)}",
                         "Check the network and the connection string, then push again.") from None
    return PushResult(enrolment.station_id, log_id, sent, added, conflicts, position)


__all__ = ["BATCH", "PushFailed", "PushResult", "canonical", "push"]
