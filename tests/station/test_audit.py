"""The audit log: chain, tamper detection, retention, durability, search and export."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.evidence.audit_export import export_csv, export_jsonl
from verifier_app.errors import CorruptFile

from tests.conftest import NOW, ROOT, verifier_for


@pytest.fixture
def log(tmp_path):
    with AuditLog(tmp_path / "audit.sqlite3") as audit:
        yield audit


def _fill(log, station, authority, licence, n=5, role="checkpoint"):
    entries = []
    for i in range(n):
        text = authority.issue(licence, at=NOW - dt.timedelta(seconds=10 * i))
        entries.append(log.record(verifier_for(station).verify(text), source="camera", operator="officer 7", role=role))
    return entries


def test_entries_keep_what_was_checked_and_nothing_personal(log, station, authority, licence):
    [entry] = _fill(log, station, authority, licence, 1)
    assert entry.verdict == "valid" and entry.reasons == "" and entry.source == "camera"
    assert entry.signer_kid and entry.issuer == "CN-BJ" and entry.bundle_sequence == 1
    assert entry.document_ref == "BJ2026000001" and len(entry.presentation_id) == 32
    row = log._db.execute("SELECT * FROM entries").fetchone()
    flat = " ".join(str(v) for v in row)
    for personal in ("王", "小明", "1990-03-07", licence.portrait.hex()[:40]):
        assert personal not in flat


def test_rental_and_insurance_keep_only_a_masked_number(log, station, authority, licence):
    rental = _fill(log, station, authority, licence, 1, role="rental")[0]
    insurance = _fill(log, station, authority, licence, 1, role="insurance")[0]
    assert rental.document_ref == insurance.document_ref == "••••••••0001"
    raw = log._db.execute("SELECT group_concat(document_ref || document_key || details) FROM entries").fetchone()[0]
    assert "BJ2026000001" not in raw
    # ...yet the history can still be searched by the number, through its keyed hash.
    assert {e.id for e in log.search(document_number="bj2026000001")} == {rental.id, insurance.id}
    assert log.search(document_number="BJ2026000002") == []


def test_intact_chain_verifies(log, station, authority, licence):
    _fill(log, station, authority, licence)
    report = log.verify_chain()
    assert report.ok and report.entries == 5 and len(report.head_hash) == 64


def _raw(log):
    return sqlite3.connect(log.path, isolation_level=None)


def test_an_edited_entry_is_found(log, station, authority, licence):
    _fill(log, station, authority, licence)
    _raw(log).execute("UPDATE entries SET verdict = 'invalid', reasons = 'qr_stale' WHERE id = 3")
    _raw(log).execute("UPDATE entries SET operator = 'someone else' WHERE id = 4")
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 3 and "edited" in report.problem


def test_a_deleted_entry_is_found(log, station, authority, licence):
    _fill(log, station, authority, licence)
    _raw(log).execute("DELETE FROM entries WHERE id = 2")
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 3 and "deleted" in report.problem


def test_a_deleted_first_entry_is_found(log, station, authority, licence):
    _fill(log, station, authority, licence)
    _raw(log).execute("DELETE FROM entries WHERE id = 1")
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 2


def test_an_inserted_entry_is_found(log, station, authority, licence):
    entries = _fill(log, station, authority, licence)
    db = _raw(log)
    # Make room and slip a forged row in between 2 and 3, copying a neighbour's look.
    db.execute("UPDATE entries SET id = id + 100 WHERE id >= 3")
    row = list(db.execute("SELECT * FROM entries WHERE id = 2").fetchone())
    row[0] = 3
    row[7] = "valid"
    db.execute(f"INSERT INTO entries VALUES ({','.join('?' * len(row))})", row)
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 3
    assert entries[2].hash  # the untouched originals are still there, renumbered


def test_retention_keeps_the_chain_verifiable(tmp_path):
    aged = AuditLog(tmp_path / "aged.sqlite3")
    from verifier_app.verify.engine import CodeKind, Verdict, VerificationResult

    for i, when in enumerate([NOW - dt.timedelta(days=400), NOW - dt.timedelta(days=200), NOW - dt.timedelta(days=100),
                              NOW - dt.timedelta(days=1), NOW]):
        aged.record(VerificationResult(Verdict.UNVERIFIED, (), CodeKind.BARCODE, when, f"{i:064x}",
                                       document_number="BJ1"), source="t", operator="o", role="checkpoint")
    purged = aged.purge(older_than=NOW - dt.timedelta(days=90), operator="admin", now=NOW)
    assert purged == 3
    report = aged.verify_chain()
    assert report.ok, report
    assert [e.kind for e in aged._rows("ORDER BY id")] == ["verification", "verification", "checkpoint"]
    # tampering after a purge is still found
    _raw(aged).execute("UPDATE entries SET verdict = 'valid' WHERE id = 4")
    assert aged.verify_chain().first_bad_id == 4


def test_nothing_reported_written_is_lost_on_kill_9(tmp_path):
    path = tmp_path / "audit.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[1] / "audit_child.py"), str(path), "100000"],
                             stdout=subprocess.PIPE, text=True, env=env)
    written = []
    for line in child.stdout:
        written.append(int(line.split()[1]))
        if len(written) >= 150:
            break
    child.send_signal(signal.SIGKILL)  # in the middle of the run, no chance to clean up
    child.wait()
    with AuditLog(path) as log:
        ids = {e.id for e in log._rows("ORDER BY id")}
        assert set(written) <= ids
        assert log.verify_chain().ok


def test_a_torn_write_leaves_a_database_that_opens_and_verifies(tmp_path):
    """Like a power cut: the WAL file ends mid-frame. SQLite drops the torn tail."""
    path = tmp_path / "audit.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[1] / "audit_child.py"), str(path), "100000"],
                             stdout=subprocess.PIPE, text=True, env=env)
    for count, _ in enumerate(child.stdout, start=1):
        if count >= 60:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 5000
    with open(wal, "r+b") as handle:
        handle.truncate(wal.stat().st_size - 1234)
    with AuditLog(path) as log:
        report = log.verify_chain()
        assert report.entries > 0
        # The cut took committed entries with it: the chain that is left is whole, and the anchor
        # (written after each commit) says that the newest entries are missing.
        assert report.ok or ("newest entries are missing" in report.problem), report


def test_a_damaged_database_file_is_named_and_kept(tmp_path):
    path = tmp_path / "audit.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorruptFile) as info:
        AuditLog(path)
    assert str(path) in info.value.message and "auditor" in info.value.action
    assert path.read_bytes().startswith(b"this is not a database")


def test_search_by_date_and_verdict_and_export(log, station, authority, licence, tmp_path):
    _fill(log, station, authority, licence, 3)
    log.record(verifier_for(station).verify("DLN:BJ2026000001"), source="scanner", operator="o", role="checkpoint")
    assert [e.verdict for e in log.search(verdict="unverified")] == ["unverified"]
    assert len(log.search(since=NOW - dt.timedelta(minutes=1))) == 4
    assert log.search(until=NOW - dt.timedelta(days=1)) == []
    entries = log.search()
    assert export_csv(entries, tmp_path / "out.csv") == 4
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 4 and "document_key" not in rows[0] and rows[0]["hash"]
    first = entries[0].at_datetime.astimezone()  # the station's zone (TZ), its offset written out
    assert rows[0]["local_time"].startswith(first.strftime("%Y-%m-%d %H:%M:%S")) and "UTC" in rows[0]["local_time"]
    assert export_jsonl(entries, tmp_path / "out.jsonl") == 4
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert {line["verdict"] for line in lines} == {"valid", "unverified"}
    assert export_csv([], tmp_path / "empty.csv") == 0 and (tmp_path / "empty.csv").read_text("utf-8-sig").startswith("local_time,id,")


def test_two_writers_keep_one_chain(tmp_path, station, authority, licence):
    a, b = AuditLog(tmp_path / "audit.sqlite3"), AuditLog(tmp_path / "audit.sqlite3")
    for i in range(10):
        (a if i % 2 else b).record(verifier_for(station).verify("DLN:BJ2026000001"), source="x", operator="o",
                                   role="checkpoint")
    assert a.verify_chain().ok and a.verify_chain().entries == 10
    assert a.station_id == b.station_id


# ----------------------------------------------------- found in review (regressions)


def _aged_log(tmp_path, days_ago):
    from verifier_app.verify.engine import CodeKind, Verdict, VerificationResult

    log = AuditLog(tmp_path / "aged.sqlite3")
    for i, days in enumerate(days_ago):
        log.record(VerificationResult(Verdict.UNVERIFIED, (), CodeKind.BARCODE, NOW - dt.timedelta(days=days),
                                      f"{i:064x}", document_number="BJ1"), source="t", operator="o", role="checkpoint")
    return log


def test_repeated_purges_with_nothing_in_between_keep_the_chain_intact(tmp_path):
    log = _aged_log(tmp_path, [400, 300, 200])
    for day in range(3):  # the window purges at every start, even when nothing was scanned
        log.purge(older_than=NOW - dt.timedelta(days=90), operator="retention", now=NOW + dt.timedelta(days=day))
        assert log.verify_chain().ok, log.verify_chain()
    kinds = [e.kind for e in log._rows("ORDER BY id")]
    assert kinds[0] == "checkpoint" and kinds.count("verification") == 0
    later = NOW + dt.timedelta(days=400)
    log.purge(older_than=later - dt.timedelta(days=90), operator="retention", now=later)
    assert log.verify_chain().ok


def test_a_code_a_moment_early_does_not_break_its_own_entry(tmp_path, station, authority, licence):
    text = authority.issue(licence, at=NOW + dt.timedelta(milliseconds=30))
    with AuditLog(tmp_path / "a.sqlite3") as log:
        entry = log.record(verifier_for(station).verify(text), source="x", operator="o", role="checkpoint")
        assert entry.age_s == 0.0 and str(entry.age_s) == "0.0"
        assert log.verify_chain().ok


def test_barcode_entries_keep_a_keyed_hash_not_a_guessable_one(tmp_path, station):
    import hashlib

    with AuditLog(tmp_path / "a.sqlite3") as log:
        entry = log.record(verifier_for(station).verify("DLN:BJ2026381234"), source="x", operator="o", role="rental")
    assert entry.credential_sha256 != hashlib.sha256(b"DLN:BJ2026381234").hexdigest()
    assert entry.document_ref == "••••••••1234"


@pytest.mark.parametrize("details", ["[]", '{"purged_through_id": "x"}'])
def test_tampered_checkpoint_is_reported_not_raised(tmp_path, details):
    log = _aged_log(tmp_path, [400, 1])
    log.purge(older_than=NOW - dt.timedelta(days=90), operator="retention", now=NOW)
    _raw(log).execute("UPDATE entries SET details = ? WHERE kind = 'checkpoint'", (details,))
    report = log.verify_chain()
    assert not report.ok


def test_blob_in_a_text_column_is_reported_not_raised(log, station, authority, licence):
    _fill(log, station, authority, licence, 2)
    _raw(log).execute("UPDATE entries SET operator = X'00ff' WHERE id = 2")
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 2
