"""Issue 19 §1 and issue 20 §10: whose trust judged a verdict, and which system login wrote the row.

A station that runs on per-user trust (no administered system folder) says so in every audit row, on
the receipt and in ``verifier verify`` (text and --json); every row also keeps the operating-system
login beside the free-text operator.  Old logs gain the two columns and still verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import sys

import pytest

from verifier_app.cli._common import run
from verifier_app.cli import verifier as verifier_cli
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.evidence.audit_export import export_csv, export_jsonl
from verifier_app.station.paths import TrustScope, os_login
from verifier_app.station.evidence.receipt import receipt_html
from verifier_app.station.roles import Role
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW, verifier_for

pwd = pytest.importorskip("pwd")  # the login, looked up independently of the code under test
LOGIN = pwd.getpwuid(os.getuid()).pw_name


def _cli(args, capsys, stdin=""):
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        code = run(verifier_cli.main, args)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def _verify(store, text, capsys, *extra, as_json=False):
    return _cli(["--data-dir", str(store.data_dir), "--operator", "alice", *extra, "verify",
                 *(["--json"] if as_json else []), "--now", NOW.isoformat(), "-"], capsys, text + "\n")


def test_a_per_user_station_says_so_in_every_row_the_receipt_and_the_command_line(station, authority, licence,
                                                                                    capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "someone-else")  # the login comes from the process's user id, not from here
    monkeypatch.setenv("USER", "someone-else")
    assert station.trust_scope is TrustScope.PER_USER
    text = authority.issue(licence, at=NOW)
    code, out, _ = _verify(station, text, capsys, "--lang", "en")
    assert code == 0 and "VALID" in out
    assert "Trust set up on this account, not by a system administrator" in out
    code, out, _ = _verify(station, text, capsys, "--lang", "zh")
    assert "信任数据由本账户设置，而非系统管理员" in out
    code, out, _ = _verify(station, text, capsys, as_json=True)
    assert json.loads(out.splitlines()[0])["trust_scope"] == "per_user"  # stdin: JSON Lines
    data = ["--data-dir", str(station.data_dir)]
    assert json.loads(_cli(data + ["admin", "status", "--json"], capsys)[1])["trust_scope"] == "per_user"
    assert f"alice (login {LOGIN})" in _cli(data + ["audit", "list"], capsys)[1]

    with AuditLog.in_data_dir(station.data_dir) as audit:
        audit.purge(older_than=NOW + dt.timedelta(days=3650), operator="retention", now=NOW)
        rows = audit._rows("ORDER BY id")
        assert audit.verify_chain().ok
    assert {r.kind for r in rows} == {"verification", "checkpoint"}  # and the admin rows before were purged
    assert {(r.trust_scope, r.os_login) for r in rows} == {("per_user", LOGIN)}
    entry = next(r for r in rows if r.kind == "verification")
    assert entry.operator == "alice"  # the free text, kept beside the login
    assert "Trust set up on this account, not by a system administrator" in receipt_html(entry)
    assert f"<td>{LOGIN}</td>" in receipt_html(entry)
    assert "信任数据由本账户设置，而非系统管理员" in receipt_html(entry, lang="zh")
    export_jsonl([entry], tmp_path / "out.jsonl")
    exported = json.loads((tmp_path / "out.jsonl").read_text())
    assert (exported["trust_scope"], exported["os_login"]) == ("per_user", LOGIN)
    export_csv([entry], tmp_path / "out.csv")
    header = (tmp_path / "out.csv").read_text("utf-8-sig").splitlines()[0].split(",")
    assert "trust_scope" in header and "os_login" in header


def test_admin_rows_of_a_per_user_station_say_so_too(station):
    with AuditLog.in_data_dir(station.data_dir) as audit:
        rows = audit.admin_entries()
    assert [r.source for r in rows] == ["root_install_started", "root_installed", "bundle_import_started",
                                        "bundle_imported"]
    assert {(r.trust_scope, r.os_login) for r in rows} == {("per_user", LOGIN)}


def test_a_station_with_the_system_folder_says_system(system_folder, authority, licence, capsys, tmp_path):
    store = StationStore(tmp_path / "user")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1)), now=NOW)
    assert store.config_dir == system_folder and store.trust_scope is TrustScope.SYSTEM
    code, out, _ = _verify(store, authority.issue(licence, at=NOW), capsys)
    assert code == 0 and "system administrator" not in out  # nothing to warn about
    code, out, _ = _verify(store, authority.issue(licence, at=NOW), capsys, "--lang", "en")
    entry_id = int(out.rsplit("audit entry", 1)[1].strip(" ()\n"))
    with AuditLog.in_data_dir(store.data_dir) as audit:
        entry = audit.get(entry_id)
    assert (entry.trust_scope, entry.os_login) == ("system", LOGIN)
    assert "Trust set up on this account" not in receipt_html(entry)


def test_the_demo_station_says_demo(tmp_path):
    from verifier_app.issuer.demo import prepare_demo

    demo = prepare_demo(tmp_path / "user", clock=None)
    assert demo.station.trust_scope is TrustScope.DEMO
    with AuditLog.in_data_dir(demo.station.data_dir) as audit:
        assert {r.trust_scope for r in audit.admin_entries()} == {"demo"}


# -------------------------------------------------------------- an older log


def _old_log(path):
    """A log as schema 1 wrote it: no trust_scope or os_login column, each hash over the fields it had."""
    columns = ("id", "kind", "at", "station_id", "operator", "source", "role", "verdict", "reasons",
               "credential_sha256", "presentation_id", "signer_kid", "issuer", "bundle_sequence", "generated_at",
               "age_s", "document_ref", "document_key", "demo", "details", "prev_hash")
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(  # schema 1's table, as audit.py created it
        "CREATE TABLE entries ("
        "id INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, station_id TEXT NOT NULL,"
        "operator TEXT NOT NULL, source TEXT NOT NULL, role TEXT NOT NULL, verdict TEXT NOT NULL,"
        "reasons TEXT NOT NULL, credential_sha256 TEXT NOT NULL, presentation_id TEXT NOT NULL,"
        "signer_kid TEXT NOT NULL, issuer TEXT NOT NULL, bundle_sequence INTEGER, generated_at TEXT NOT NULL,"
        "age_s REAL, document_ref TEXT NOT NULL, document_key TEXT NOT NULL, demo INTEGER NOT NULL,"
        "details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)")
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", "1"), ("station_id", "old-station"),
                                                      ("document_key", "00" * 32)])
    prev = "0" * 64
    for i in (1, 2):
        row = dict.fromkeys(columns, "")
        row.update(id=i, kind="verification", at=f"2026-11-0{i}T00:00:00+00:00", station_id="old-station",
                   operator="desk", source="camera", role="checkpoint", verdict="valid", bundle_sequence=None,
                   age_s=None, demo=0, details="{}", prev_hash=prev)
        canonical = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256((prev + "\n" + canonical).encode("utf-8")).hexdigest()
        db.execute(f"INSERT INTO entries VALUES ({', '.join('?' * (len(columns) + 1))})",
                   (*row.values(), digest))
        prev = digest
    db.commit()
    db.close()


def test_an_older_log_gains_the_fields_and_still_verifies(tmp_path, station, authority, licence):
    path = tmp_path / "old" / "audit.sqlite3"
    path.parent.mkdir()
    _old_log(path)
    result = verifier_for(station).verify(authority.issue(licence, at=NOW))
    with AuditLog(path) as audit:
        assert audit.verify_chain().ok  # the old rows hash as they were written
        assert audit._meta("schema_version", str) == "2"
        old = audit.get(1)
        assert (old.trust_scope, old.os_login) == ("", "")
        new = audit.record(result, source="camera", operator="desk", role=Role.CHECKPOINT)
        assert (new.trust_scope, new.os_login) == ("per_user", os_login())
        assert audit.verify_chain().ok
    with AuditLog(path) as again:  # opening it again changes nothing
        assert again.verify_chain().ok and len(again._rows("")) == 3
    for forged in ("system", ""):  # the new fields are hashed: neither a changed nor an emptied one passes
        db = sqlite3.connect(path)
        db.execute("UPDATE entries SET trust_scope = ? WHERE id = ?", (forged, new.id))
        db.commit()
        db.close()
        with AuditLog(path) as audit:
            report = audit.verify_chain()
        assert not report.ok and report.first_bad_id == new.id
    with pytest.raises(ValueError):
        TrustScope("administrator")
