"""Issue 22, the collection half: audit rows pushed into a real PostgreSQL cluster (started by the tests,
tests/fleet/pgcluster.py), re-checked there, and the fleet report with its replays.

Stations are real: a StationStore with the authority's root and bundle, an AuditLog, verifications of
codes the issuer toolkit signed.  Station ids are unique per test (database roles are cluster-wide).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from verifier_app.cli import central as central_cli
from verifier_app.fleet import enrolment
from verifier_app.fleet.push import PushFailed, canonical, push
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW, ROOT, verifier_for

from .conftest import call

_ids = itertools.count(1)


class Desk:
    """One station: its store, its audit log, its enrolment; verifies codes and pushes."""

    def __init__(self, tmp_path: Path, authority: Any, fleet_db: str, capsys: Any, name: str) -> None:
        self.station_id = f"{name}-{os.getpid()}-{next(_ids)}"
        self.data = tmp_path / self.station_id
        self.store = StationStore(self.data)
        self.store.install_root((authority.directory / "root-cert.pem").read_bytes())
        self.store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1)))
        self.capsys = capsys
        code, out, err = call(central_cli.main, ["station", "add", fleet_db, self.station_id, "--json"], capsys)
        assert code == 0, err
        self.dsn = json.loads(out)["dsn"]
        code, out, err = self.cli("audit", "enrol", self.station_id, self.dsn)
        assert code == 0, err

    def cli(self, *args: str) -> tuple[int, str, str]:
        from verifier_app.cli import verifier as verifier_cli

        return call(verifier_cli.main, ["--data-dir", str(self.data), *args], self.capsys)

    def verify(self, code: str, at: dt.datetime = NOW) -> None:
        with AuditLog.in_data_dir(self.data) as audit:
            audit.record(verifier_for(self.store, at).verify(code), source="camera", operator="officer", role="checkpoint",
                         at=at)

    def rows(self) -> int:
        with AuditLog.in_data_dir(self.data) as audit:
            return len(audit.entries_after(0, 1_000_000))

    def push(self, *extra: str) -> dict[str, Any]:
        code, out, err = self.cli("audit", "push", "--json", *extra)
        assert code == 0, err
        return json.loads(out)


def report(fleet_db: str, capsys: Any) -> tuple[int, dict[str, Any]]:
    code, out, err = call(central_cli.main, ["report", fleet_db, "--json"], capsys)
    assert code in (0, 1), err
    return code, json.loads(out)


def stored(fleet_db: str, station_id: str) -> list[tuple[str, int]]:
    with psycopg.connect(fleet_db) as conn:
        return conn.execute("SELECT log_id, position FROM fleet.entries WHERE station_id = %s ORDER BY 1, 2",
                            (station_id,)).fetchall()


@pytest.fixture
def desk(tmp_path, authority, fleet_db, capsys):
    return lambda name: Desk(tmp_path, authority, fleet_db, capsys, name)


def test_two_stations_one_code_pushed_twice_both_intact_one_replay(desk, fleet_db, authority, licence, capsys):
    a, b = desk("checkpoint-a"), desk("checkpoint-b")
    shown = authority.issue(licence, at=NOW - dt.timedelta(seconds=30))
    a.verify(shown, NOW)
    b.verify(shown, NOW + dt.timedelta(minutes=10))  # a screenshot shown ten minutes later elsewhere
    a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=1))  # a fresh code: no replay
    first = [a.push(), b.push()]
    assert [p["added"] for p in first] == [a.rows(), b.rows()] and all(p["conflicts"] == 0 for p in first)
    again = [a.push(), b.push()]  # pushing twice adds nothing
    assert [p["added"] for p in again] == [0, 0]
    # ...nor does a batch sent again whole (a push whose answer was lost with the connection after the commit)
    with AuditLog.in_data_dir(a.data) as audit, psycopg.connect(a.dsn, autocommit=True) as conn:
        batch = json.dumps([{"c": canonical(e), "h": e.hash} for e in audit.entries_after(0, 100)])
        [[answer]] = conn.execute("SELECT fleet.ingest(%s::jsonb)", (batch,)).fetchall()
    assert answer["added"] == answer["conflicts"] == 0 and answer["received"] == a.rows()
    assert len(stored(fleet_db, a.station_id)) == a.rows() and len(stored(fleet_db, b.station_id)) == b.rows()
    code, found = report(fleet_db, capsys)
    assert code == 1  # a replay needs a look
    by_id = {s["station_id"]: s for s in found["stations"]}
    assert by_id[a.station_id]["chain_intact"] and by_id[b.station_id]["chain_intact"]
    assert by_id[a.station_id]["chain"] == "intact" and by_id[a.station_id]["entries"] == a.rows()
    assert by_id[a.station_id]["last_push"] and by_id[b.station_id]["last_push"]
    # b was set up second and got the authority's bundle 2: a is one behind
    assert by_id[a.station_id]["bundles"]["CN-BJ"] == {"used": 1, "newest": 2}
    assert by_id[b.station_id]["bundles"]["CN-BJ"] == {"used": 2, "newest": 2}
    [replay] = found["replays"]
    assert replay["station_ids"] == sorted([a.station_id, b.station_id])
    assert [s["station_id"] for s in replay["seen"]] == [a.station_id, b.station_id]
    code, out, _ = call(central_cli.main, ["report", fleet_db], capsys)
    assert f"REPLAY {replay['presentation_id']}: {a.station_id} at" in out and "CN-BJ bundle 1 of 2" in out


def test_a_restarted_log_is_flagged_and_stays_the_same_station(desk, fleet_db, authority, licence, capsys):
    a = desk("restarted")
    a.verify(authority.issue(licence, at=NOW))
    a.push()
    for name in os.listdir(a.data):  # the audit log deleted (its anchor and key too): a new log starts
        if name.startswith("audit.sqlite3"):
            os.remove(a.data / name)
    a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(hours=1))
    result = a.push()
    assert result["station_id"] == a.station_id and result["added"] == a.rows() == 1
    assert len({log for log, _ in stored(fleet_db, a.station_id)}) == 2
    _, found = report(fleet_db, capsys)
    [station] = found["stations"]
    assert not station["chain_intact"] and "restart" in station["chain"] and "starts at position 1" in station["chain"]


def test_a_row_sent_again_with_another_hash_is_stored_as_a_conflict(desk, fleet_db, authority, licence, capsys,
                                                                    tmp_path):
    a = desk("restored")
    a.verify(authority.issue(licence, at=NOW))
    backup = tmp_path / "backup"
    shutil.copytree(a.data, backup)
    a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=1))
    a.push()
    shutil.rmtree(a.data)  # the station restored from yesterday's copy (same log id), then verified another code
    shutil.copytree(backup, a.data)
    a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=2))
    result = a.push()
    assert result["conflicts"] == 1 and result["added"] == 0
    code, found = report(fleet_db, capsys)
    [conflict] = found["conflicts"]
    assert conflict["station_id"] == a.station_id and conflict["position"] == a.rows()
    assert code == 1 and not found["stations"][0]["chain_intact"] and "conflict" in found["stations"][0]["chain"]
    with psycopg.connect(fleet_db) as conn:  # the first row kept, the second kept beside it
        assert conn.execute("SELECT count(*) FROM fleet.conflicts").fetchone()[0] == 1
    assert a.push()["conflicts"] == 0  # said once, stored once


def test_a_row_deleted_on_the_station_before_the_push_is_a_gap(desk, fleet_db, authority, licence, capsys):
    a = desk("gap")
    for minute in range(3):
        a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=minute))
    victim = a.rows() - 1
    with sqlite3.connect(a.data / "audit.sqlite3") as db:
        db.execute("DELETE FROM entries WHERE id = ?", (victim,))
    a.push()
    _, found = report(fleet_db, capsys)
    [station] = found["stations"]
    assert not station["chain_intact"] and f"positions {victim} to {victim} never arrived" in station["chain"]


def test_a_row_edited_on_the_station_before_the_push_is_found_by_the_centre(desk, fleet_db, authority, licence,
                                                                             capsys):
    a = desk("edited")
    a.verify(authority.issue(licence, at=NOW))
    a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=1))
    with sqlite3.connect(a.data / "audit.sqlite3") as db:
        db.execute("UPDATE entries SET verdict = 'invalid' WHERE id = ?", (a.rows() - 1,))
    a.push()
    _, found = report(fleet_db, capsys)
    [station] = found["stations"]
    assert not station["chain_intact"] and f"position {a.rows() - 1}: its hash does not match" in station["chain"]


def test_a_station_adds_only_its_own_rows_and_reads_or_deletes_nothing(desk, fleet_db, authority, licence):
    a, b = desk("honest"), desk("nosy")
    a.verify(authority.issue(licence, at=NOW))
    a.push()
    before = stored(fleet_db, a.station_id)
    with psycopg.connect(b.dsn, autocommit=True) as conn:  # b's own credentials, as enrolled
        for statement in ("SELECT * FROM fleet.entries", "DELETE FROM fleet.entries",
                          "UPDATE fleet.entries SET hash = 'x'", "SELECT * FROM fleet.stations",
                          "INSERT INTO fleet.entries (station_id, log_id, position, kind, at, prev_hash, hash, "
                          "hash_ok, canonical) VALUES ('x', 'x', 1, 'x', now(), 'x', 'x', true, 'x')",
                          "TRUNCATE fleet.entries", "SELECT * FROM fleet.conflicts", "DELETE FROM fleet.events"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # a's rows sent by b's login are b's rows: the station is who logged in, not what rows claim
        with AuditLog.in_data_dir(a.data) as audit:
            rows = audit.entries_after(0, 100)
            [[head]] = conn.execute("SELECT fleet.head(%s)", (audit.log_id,)).fetchall()
        assert head["station_id"] == b.station_id and head["position"] == 0  # a's head is not b's to read
        conn.execute("SELECT fleet.ingest(%s::jsonb)", (json.dumps([{"c": canonical(e), "h": e.hash} for e in rows]),))
    assert stored(fleet_db, a.station_id) == before
    with psycopg.connect(fleet_db) as conn:
        assert conn.execute("SELECT count(*) FROM fleet.entries WHERE station_id = %s",
                            (b.station_id,)).fetchone()[0] == len(rows)


PLANTED = """
CREATE TEMP TABLE batch (log_id text, position bigint, kind text, at timestamptz, presentation_id text,
    issuer text, bundle_sequence integer, verdict text, prev_hash text, hash text, hash_ok boolean,
    canonical text, is_new boolean DEFAULT false) ON COMMIT DELETE ROWS;
CREATE FUNCTION pg_temp.wipe() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM fleet.entries; RETURN NEW; END $$;
CREATE TRIGGER wipe BEFORE INSERT ON batch FOR EACH ROW EXECUTE FUNCTION pg_temp.wipe();
"""


def test_a_station_cannot_plant_a_table_the_ingest_function_would_use_with_its_rights(desk, fleet_db, authority,
                                                                                      licence):
    a, b = desk("victim"), desk("planter")
    a.verify(authority.issue(licence, at=NOW))
    a.push()
    before = stored(fleet_db, a.station_id)
    b.verify(authority.issue(licence, at=NOW))
    with AuditLog.in_data_dir(b.data) as audit, psycopg.connect(b.dsn, autocommit=True) as conn:
        conn.execute(PLANTED)  # a temporary table and trigger are any login's to make
        batch = json.dumps([{"c": canonical(e), "h": e.hash} for e in audit.entries_after(0, 100)])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="of its own"):
            conn.execute("SELECT fleet.ingest(%s::jsonb)", (batch,))
    assert stored(fleet_db, a.station_id) == before


def test_a_push_dropped_midway_resumes_without_duplicates(desk, fleet_db, authority, licence, capsys):
    a = desk("dropped")
    for minute in range(5):
        a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=minute))
    identity = enrolment.load(a.data)

    def drop_connection(position: int) -> None:  # the network goes away after the first batch
        with psycopg.connect(fleet_db, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                          (f"station_{a.station_id.replace('-', '_')}",))

    with AuditLog.in_data_dir(a.data) as audit, pytest.raises(PushFailed, match="after 3 rows .kept"):
        push(audit, identity, batch=3, after_batch=drop_connection)
    assert len(stored(fleet_db, a.station_id)) == 3
    assert a.push("--batch", "2")["added"] == a.rows() - 3
    assert [p for _, p in stored(fleet_db, a.station_id)] == list(range(1, a.rows() + 1))
    _, found = report(fleet_db, capsys)
    assert found["stations"][0]["chain_intact"]


KILLED_PUSH = """
import os, signal, sys
from verifier_app.fleet import enrolment
from verifier_app.fleet.push import push
from verifier_app.station.evidence.audit import AuditLog
data = sys.argv[1]
with AuditLog.in_data_dir(data) as audit:
    push(audit, enrolment.load(data), batch=2, after_batch=lambda _: os.kill(os.getpid(), signal.SIGKILL))
"""


def test_a_push_killed_midway_resumes(desk, fleet_db, authority, licence):
    a = desk("killed")
    for minute in range(4):
        a.verify(authority.issue(licence, at=NOW), NOW + dt.timedelta(minutes=minute))
    child = subprocess.run([sys.executable, "-c", KILLED_PUSH, str(a.data)], cwd=ROOT, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == -signal.SIGKILL
    assert len(stored(fleet_db, a.station_id)) == 2  # the first batch committed, then the kill
    assert a.push()["added"] == a.rows() - 2
    assert [p for _, p in stored(fleet_db, a.station_id)] == list(range(1, a.rows() + 1))


def test_push_errors_are_one_line(tmp_path, desk, fleet_db, capsys, authority):
    from verifier_app.cli import verifier as verifier_cli

    code, _, err = call(verifier_cli.main, ["--data-dir", str(tmp_path / "lonely"), "audit", "push"], capsys)
    assert code == 2 and "not enrolled" in err and len(err.strip().splitlines()) == 1
    a = desk("wrong-password")
    code, _, err = a.cli("audit", "push", a.dsn.replace("password=", "password=x"))
    assert code == 2 and "password authentication failed" in err and len(err.strip().splitlines()) == 1
    code, _, err = call(central_cli.main, ["station", "add", fleet_db, a.station_id], capsys)
    assert code == 2 and "already enrolled" in err
    assert oct(enrolment.enrolment_path(a.data).stat().st_mode & 0o777) == "0o600"  # it holds a password


def test_the_enrolment_lives_in_the_system_folder_and_may_be_shared_with_a_group(system_folder, tmp_path, capsys):
    import grp

    from verifier_app.cli import verifier as verifier_cli

    data = tmp_path / "operator-data"
    group = grp.getgrgid(os.getgid()).gr_name if os.geteuid() else "nogroup"
    code, out, err = call(verifier_cli.main, ["--data-dir", str(data), "audit", "enrol", "desk-9",
                                              "host=127.0.0.1 dbname=fleet user=station_desk_9 password=p",
                                              "--group", group], capsys)
    assert code == 0, err
    path = system_folder / "fleet" / "enrolment.json"  # the guarded folder, not the operator's data folder
    assert enrolment.enrolment_path(data) == path and enrolment.load(data).station_id == "desk-9"
    assert path.stat().st_mode & 0o777 == 0o640 and grp.getgrgid(path.stat().st_gid).gr_name == group
    code, _, err = call(verifier_cli.main, ["--data-dir", str(data), "audit", "enrol", "desk-9", "x", "--group",
                                            "no-such-group-here"], capsys)
    assert code == 2 and "no group" in err


def test_the_connection_string_may_come_from_standard_input(tmp_path, capsys, monkeypatch):
    import io

    from verifier_app.cli import verifier as verifier_cli

    monkeypatch.setattr("sys.stdin", io.StringIO("host=127.0.0.1 dbname=fleet user=station_d password=secret\n"))
    code, _, err = call(verifier_cli.main, ["--data-dir", str(tmp_path / "d"), "audit", "enrol", "d", "-"], capsys)
    assert code == 0, err
    assert enrolment.load(tmp_path / "d").dsn.endswith("password=secret")
