"""Fleet collection benchmark: audit rows pushed into PostgreSQL by many stations at once, and the replay query.

Run: .venv/bin/python benchmarks/fleet.py [--stations 1000] [--rows 1000] [--workers 8] [--fast] [--compare 50]

Starts a throwaway PostgreSQL cluster (tests/fleet/pgcluster.py; as ``nobody`` when run as root), creates the
schema with verifier_app.central.db, enrols every station (a role and password each), then 8 worker processes
push every station's rows the way ``verifier audit push`` does: one connection per station, as that station,
batches of 1,000 through ``fleet.ingest`` (hash recomputed, chain re-checked, idempotent).  Rows are made
before the clock starts (a station has them already).  Then it counts lost and duplicated rows, and times the
replay query for a new batch against everything, and the report's full replay scan.

``--compare N``: first, N stations' rows through the function versus plain INSERTs under row-level security
(the alternative; COPY is refused under RLS), to choose between them.  ``--fast``: fsync off (default: a
durable cluster, fsync and synchronous commit on).  Prints its numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from tests.fleet import pgcluster  # noqa: E402
from verifier_app.central import db  # noqa: E402
from verifier_app.central.report import REPLAYS  # noqa: E402
from verifier_app.station.evidence.audit_chain import GENESIS  # noqa: E402

REPLAY_SHARE = 100  # every 100th verification shows a code another station saw too


def station_rows(index: int, rows: int) -> list[dict[str, str]]:
    """One station's log as it would push it: canonical text (every field a real row hashes) and hash."""
    log_id = f"{index:08d}-0000-4000-8000-000000000000"
    prev = GENESIS
    out = []
    for position in range(1, rows + 1):
        replayed = position % REPLAY_SHARE == 0
        pid = f"shared{(index * 7 + position) % 5000:026d}" if replayed else f"{index:08x}{position:024x}"
        fields: dict[str, Any] = {
            "id": position, "kind": "verification", "at": f"2026-11-{1 + position % 28:02d}T08:{position % 60:02d}:00+00:00",
            "station_id": log_id, "operator": "officer 7", "source": "camera", "role": "checkpoint",
            "verdict": "valid", "reasons": "", "credential_sha256": hashlib.sha256(pid.encode()).hexdigest(),
            "presentation_id": pid, "signer_kid": "9f1c2a7b", "issuer": "CN-BJ", "bundle_sequence": 3,
            "generated_at": "2026-11-01T08:00:00+00:00", "age_s": 12.5, "document_ref": "BJ2026000001",
            "document_key": hashlib.sha256(b"k" + pid.encode()).hexdigest(), "demo": 0, "details": "{}",
            "prev_hash": prev, "trust_scope": "system", "os_login": "verifier",
        }
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(("anchored\n" + prev + "\n" + canonical).encode()).hexdigest()
        out.append({"c": canonical, "h": digest})
        prev = digest
    return out


def _worker(args: tuple[list[tuple[int, str]], int, int, Any, Any, str]) -> tuple[float, int]:
    stations, rows, batch, ready, go, mode = args
    made = [(dsn, [json.dumps(chunk) if mode == "function" else chunk
                   for chunk in _chunks(station_rows(i, rows), batch)]) for i, dsn in stations]
    ready.wait()
    go.wait()
    start = time.perf_counter()
    sent = 0
    for dsn, batches in made:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for payload in batches:
                if mode == "function":
                    conn.execute("SELECT fleet.ingest(%s::jsonb)", (payload,))
                    sent += batch
                else:
                    _rls_insert(conn, payload)
                    sent += len(payload)
    return time.perf_counter() - start, sent


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _rls_insert(conn: psycopg.Connection[Any], rows: list[dict[str, str]]) -> None:
    """The RLS alternative: plain INSERTs (executemany, pipelined) the policy checks row by row."""
    values = []
    for row in rows:
        f = json.loads(row["c"])
        values.append((f["station_id"], f["id"], f["kind"], f["at"], f["presentation_id"], f["prev_hash"], row["h"],
                       row["c"]))
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany("INSERT INTO fleet.entries_rls (log_id, position, kind, at, presentation_id, prev_hash, hash, "
                        "canonical) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING", values)


RLS_SCHEMA = """
CREATE FUNCTION fleet.my_station() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = fleet, pg_catalog AS $$ SELECT station_id FROM fleet.stations WHERE role_name = session_user $$;
GRANT EXECUTE ON FUNCTION fleet.my_station() TO fleet_station;
CREATE TABLE fleet.entries_rls (
    station_id text NOT NULL DEFAULT fleet.my_station(),
    log_id text NOT NULL, position bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL,
    presentation_id text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, canonical text NOT NULL,
    PRIMARY KEY (station_id, log_id, position));
CREATE INDEX ON fleet.entries_rls (presentation_id, station_id);
ALTER TABLE fleet.entries_rls ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON fleet.entries_rls FOR INSERT TO fleet_station WITH CHECK (station_id = fleet.my_station());
GRANT INSERT ON fleet.entries_rls TO fleet_station;
"""


def run_push(admin: str, cluster: pgcluster.Cluster, first: int, stations: int, rows: int, workers: int,
             batch: int, mode: str) -> tuple[float, int]:
    enrolled = []
    for i in range(first, first + stations):
        e = db.add_station(admin, f"bench-{i}")
        enrolled.append((i, e.dsn))
    ctx = mp.get_context("fork")  # the barriers are inherited, not pickled
    ready, go = ctx.Barrier(workers + 1), ctx.Barrier(workers + 1)
    results = ctx.Queue()
    shares = [enrolled[w::workers] for w in range(workers)]
    procs = [ctx.Process(target=lambda s=s: results.put(_worker((s, rows, batch, ready, go, mode))))
             for s in shares]
    for proc in procs:
        proc.start()
    ready.wait(timeout=600)  # every worker has its stations' rows made
    start = time.perf_counter()
    go.wait(timeout=60)
    done = [results.get(timeout=3600) for _ in procs]
    wall = time.perf_counter() - start
    for proc in procs:
        proc.join()
    return wall, sum(sent for _, sent in done)


def timed(conn: psycopg.Connection[Any], query: str, params: Any, repeat: int = 20) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = len(conn.execute(query, params).fetchall())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--compare", type=int, default=0, help="stations for the function-vs-RLS comparison")
    parser.add_argument("--fast", action="store_true", help="fsync off")
    args = parser.parse_args()
    bin_dir = pgcluster.find_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL binaries not found")
    cluster = pgcluster.start(bin_dir, fast=args.fast)
    try:
        admin = cluster.dsn(password="fleet-admin-secret")
        db.init(admin)
        with psycopg.connect(admin) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        print(f"PostgreSQL {version}, {os.cpu_count()} cores, {platform.python_version()}, "
              f"{'fsync off' if args.fast else 'durable: fsync on, synchronous_commit on'}")
        if args.compare:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(RLS_SCHEMA)
            for mode, first in (("function", 10_000_000), ("rls", 20_000_000)):
                wall, sent = run_push(admin, cluster, first, args.compare, args.rows, args.workers, args.batch, mode)
                print(f"compare {mode:8}: {sent:,} rows in {wall:.2f} s = {sent / wall:,.0f} rows/s "
                      f"({'hash + chain re-checked' if mode == 'function' else 'no hash or chain check'})")
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute("DROP TABLE fleet.entries_rls; DROP FUNCTION fleet.my_station()")
                conn.execute("TRUNCATE fleet.entries, fleet.events, fleet.logs CASCADE")
        wall, sent = run_push(admin, cluster, 0, args.stations, args.rows, args.workers, args.batch, "function")
        print(f"push: {args.stations:,} stations x {args.rows:,} rows by {args.workers} workers: {sent:,} rows in "
              f"{wall:.1f} s = {sent / wall:,.0f} rows/s (one connection per station, batches of {args.batch})")
        with psycopg.connect(admin, autocommit=True) as conn:
            total, distinct, events = conn.execute(
                "SELECT count(*), count(DISTINCT (station_id, log_id, position)), "
                "(SELECT count(*) FROM fleet.events) FROM fleet.entries "
                "WHERE station_id LIKE 'bench-%%' AND station_id NOT LIKE 'bench-_______%%'").fetchone()  # type: ignore[misc]
            expected = args.stations * args.rows
            print(f"stored {total:,} of {expected:,}: lost {expected - distinct:,}, duplicated {total - distinct:,}; "
                  f"chain events {events} (0: every chain intact)")
            conn.execute("VACUUM ANALYZE fleet.entries")
            newest = [json.loads(r["c"])["presentation_id"] for r in station_rows(args.stations + 1, args.batch)]
            ms, found = timed(conn, REPLAYS.format(where="AND presentation_id = ANY(%s)"), (newest,))
            print(f"replay check of a new batch ({len(newest)} presentation ids) against {total:,} rows: "
                  f"{ms:.1f} ms median, {found} replays")
            ms, found = timed(conn, REPLAYS.format(where=""), (), repeat=3)
            print(f"replay scan of everything (the full report): {ms:.0f} ms median, {found:,} replayed ids")
            size = conn.execute("SELECT pg_size_pretty(pg_total_relation_size('fleet.entries'))").fetchone()[0]  # type: ignore[index]
            print(f"fleet.entries with its indexes: {size}")
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
