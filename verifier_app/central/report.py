"""``verifier-central report``: each station's rows and chain, and codes seen at several stations (replays).

The newest *published* bundle is not known to the database (publishing is the TUF repository's business):
the report compares each station's newest bundle sequence per authority with the newest any station of
the fleet has used or imported, and says so in its output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg

from verifier_app.central.db import CHAIN_EVENTS, CentralError, _first_line, connect

NEWEST_SOURCE = "newest sequence any station of the fleet used or imported"


@dataclass(frozen=True)
class StationRow:
    station_id: str
    entries: int
    last_row_at: str | None
    last_push: str | None
    chain_intact: bool
    chain: str  # "intact", or where it breaks or restarts
    problems: list[dict[str, Any]] = field(default_factory=list)
    bundles: dict[str, dict[str, int | None]] = field(default_factory=dict)  # authority -> used / newest


@dataclass(frozen=True)
class Replay:
    presentation_id: str
    station_ids: list[str]
    seen: list[dict[str, str]]  # station and time, oldest first


@dataclass(frozen=True)
class Report:
    stations: list[StationRow]
    replays: list[Replay]
    conflicts: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"stations": [asdict(s) for s in self.stations], "replays": [asdict(r) for r in self.replays],
                "conflicts": self.conflicts, "newest_bundle_is": NEWEST_SOURCE}


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds") if value else None


REPLAYS = """
SELECT presentation_id, array_agg(DISTINCT station_id ORDER BY station_id)
FROM fleet.entries WHERE presentation_id <> '' {where}
GROUP BY presentation_id HAVING count(DISTINCT station_id) > 1 ORDER BY presentation_id
"""


def replays(conn: psycopg.Connection[Any], presentation_ids: list[str] | None = None) -> list[Replay]:
    """Presentation ids seen at two or more stations; ``presentation_ids``: only those (a new batch's)."""
    where, params = ("AND presentation_id = ANY(%s)", (presentation_ids,)) if presentation_ids is not None else ("", ())
    found = conn.execute(REPLAYS.format(where=where), params).fetchall()
    out = []
    for pid, stations in found:
        seen = conn.execute("SELECT station_id, at FROM fleet.entries WHERE presentation_id = %s ORDER BY at, "
                            "station_id", (pid,)).fetchall()
        out.append(Replay(pid, list(stations), [{"station_id": s, "at": _iso(at) or ""} for s, at in seen]))
    return out


def build(dsn: str) -> Report:
    with connect(dsn) as conn:
        try:
            return _build(conn)
        except psycopg.errors.UndefinedTable:
            raise CentralError("the fleet schema is missing", "Run: verifier-central db init DSN") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise CentralError(f"the database refused: {_first_line(exc)}",
                               "Run the report as the operator's role, not a station's.") from None


def _build(conn: psycopg.Connection[Any]) -> Report:
    stats = {sid: (n, last_at) for sid, n, last_at in conn.execute(
        "SELECT station_id, count(*), max(at) FROM fleet.entries GROUP BY station_id")}
    events: dict[str, list[dict[str, Any]]] = {}
    for sid, log_id, position, kind, detail, at in conn.execute(
            "SELECT station_id, log_id, position, kind, detail, at FROM fleet.events ORDER BY id"):
        events.setdefault(sid, []).append({"log_id": log_id, "position": position, "kind": kind, "detail": detail,
                                           "at": _iso(at)})
    used: dict[str, dict[str, int]] = {}
    for sid, issuer, seq in conn.execute(
            "SELECT station_id, issuer, max(bundle_sequence) FROM fleet.entries "
            "WHERE bundle_sequence IS NOT NULL AND issuer <> '' GROUP BY station_id, issuer"):
        used.setdefault(sid, {})[issuer] = seq
    newest: dict[str, int] = {}
    for per_station in used.values():
        for issuer, seq in per_station.items():
            newest[issuer] = max(seq, newest.get(issuer, seq))
    stations = []
    for sid, last_push in conn.execute("SELECT station_id, last_push FROM fleet.stations ORDER BY station_id"):
        count, last_at = stats.get(sid, (0, None))
        problems = [e for e in events.get(sid, []) if e["kind"] in CHAIN_EVENTS]
        chain = "intact" if not problems else "; ".join(f"{p['kind']} in log {p['log_id']}: {p['detail']}"
                                                        for p in problems)
        bundles = {issuer: {"used": used.get(sid, {}).get(issuer), "newest": seq} for issuer, seq in newest.items()}
        stations.append(StationRow(sid, count, _iso(last_at), _iso(last_push), not problems, chain, problems, bundles))
    conflicts = [{"station_id": s, "log_id": log, "position": p, "hash": h, "stored_hash": stored,
                  "received_at": _iso(at)} for s, log, p, h, stored, at in conn.execute(
        "SELECT station_id, log_id, position, hash, stored_hash, received_at FROM fleet.conflicts "
        "ORDER BY station_id, log_id, position")]
    return Report(stations, replays(conn), conflicts)


def text(report: Report) -> str:
    lines = []
    for s in report.stations:
        behind = [f"{a} bundle {b['used'] if b['used'] is not None else 'none'} of {b['newest']}"
                  for a, b in sorted(s.bundles.items()) if b["used"] != b["newest"]]
        bundles = "; ".join(behind) if behind else "bundles current"
        lines.append(f"{s.station_id}: {s.entries} rows, last row {s.last_row_at or '-'}, last push "
                     f"{s.last_push or 'never'}, chain {s.chain}, {bundles}")
    if not report.stations:
        lines.append("no stations enrolled (verifier-central station add DSN STATION_ID)")
    lines.append(f"(newest bundle = the {NEWEST_SOURCE})")
    for c in report.conflicts:
        lines.append(f"CONFLICT {c['station_id']} log {c['log_id']} position {c['position']}: sent {c['hash'][:16]}, "
                     f"stored {c['stored_hash'][:16]}")
    for r in report.replays:
        seen = ", ".join(f"{x['station_id']} at {x['at']}" for x in r.seen)
        lines.append(f"REPLAY {r.presentation_id}: {seen}")
    if not report.replays:
        lines.append("no replays: no presentation id seen at two stations")
    return "\n".join(lines)


__all__ = ["Replay", "Report", "StationRow", "build", "replays", "text"]
