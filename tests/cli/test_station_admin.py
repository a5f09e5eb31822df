"""The station's guarded commands (issue 11 §1, §3, §4): trust preview/removal, a lock that
fails closed, station.json repair, the required category, audit failures and the anchor."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import sys

import pytest

from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import run
from verifier_app.dl1 import certs
from verifier_app.station import admin_lock as admin_lock_module
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.paths import use_platform_dir

PASS = "station passphrase 1"


def call(args, capsys):
    code = run(verifier_cli.main, args)
    out, err = capsys.readouterr()
    return code, out, err


def _now():
    return dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def station(tmp_path, authority, capsys, monkeypatch):
    monkeypatch.setattr(admin_lock_module, "SCRYPT_N", 2**10)  # fast passphrase checks in tests
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    data = ["--data-dir", str(tmp_path / "st"), "--operator", "admin 1"]
    assert call(data + ["trust", "install-root", str(authority.directory / "root-cert.pem")], capsys)[0] == 0
    bundle = tmp_path / "b.dltrust"
    bundle.write_bytes(authority.make_bundle(now=_now() - dt.timedelta(minutes=5)))
    assert call(data + ["trust", "import", str(bundle)], capsys)[0] == 0
    monkeypatch.setenv("VERIFIER_NEW_ADMIN_PASSPHRASE", PASS)
    assert call(data + ["admin", "set-passphrase"], capsys)[0] == 0
    monkeypatch.delenv("VERIFIER_NEW_ADMIN_PASSPHRASE")
    return data


def _admin_sources(tmp_path):
    with AuditLog(tmp_path / "st" / "audit.sqlite3") as audit:
        return [(e.source, e.operator) for e in audit.admin_entries()]


def test_preview_then_remove_a_root(tmp_path, authority, capsys, monkeypatch, station):
    fp = certs.fingerprint(authority.root_cert)
    other = tmp_path / "other"
    from verifier_app.issuer.authority import Authority

    stranger = Authority.create(other, code="CN-SH", name="Shanghai", now=_now() - dt.timedelta(days=1))
    code, out, _ = call(station + ["trust", "preview-root", str(other / "root-cert.pem")], capsys)
    assert code == 0 and certs.fingerprint(stranger.root_cert) in out and "Not installed" in out
    assert not (tmp_path / "st" / "roots" / f"{certs.fingerprint(stranger.root_cert)}.pem").exists()
    code, out, _ = call(station + ["trust", "preview-root", "--json", str(authority.directory / "root-cert.pem")],
                        capsys)
    assert json.loads(out)["sha256"] == fp and json.loads(out)["installed"] is True
    code, _, err = call(station + ["trust", "remove-root", fp[:16]], capsys)
    assert code == 2 and "passphrase" in err  # guarded
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", PASS)
    code, out, _ = call(station + ["trust", "remove-root", fp[:16]], capsys)
    assert code == 0 and fp in out
    code, out, _ = call(station + ["trust", "show", "--json"], capsys)
    assert json.loads(out)["roots"] == [] and json.loads(out)["bundles"] == []
    assert [s for s, _ in _admin_sources(tmp_path)] == ["root_install_started", "root_installed",
                                                         "bundle_import_started", "bundle_imported", "passphrase_set",
                                                         "root_remove_started", "root_removed"]
    assert set(o for _, o in _admin_sources(tmp_path)) == {"admin 1"}
    code, _, err = call(station + ["trust", "remove-root", "nothex"], capsys)
    assert code == 2 and "fingerprint" in err


def test_deleting_the_lock_file_does_not_open_the_station(tmp_path, authority, capsys, monkeypatch, station):
    (tmp_path / "st" / "admin.json").unlink()
    for args in (["admin", "configure", "--max-age", "3600"], ["admin", "configure", "--retention-days", "0"],
                 ["trust", "install-root", str(authority.directory / "root-cert.pem")],
                 ["admin", "set-passphrase"]):
        monkeypatch.setenv("VERIFIER_NEW_ADMIN_PASSPHRASE", "my own passphrase")
        code, _, err = call(station + args, capsys)
        assert code == 2 and "missing" in err and "Restore admin.json" in err, (args, err)
    code, _, err = call(station + ["verify", "--max-age", "3600", "-"], capsys)
    assert code == 2 and "missing" in err


def test_a_damaged_station_json_is_refused_and_repair_works(tmp_path, capsys, monkeypatch, station, authority, licence):
    path = tmp_path / "st" / "station.json"
    path.write_text('{"role": "rental", "max_qr_age_s": "lots", "owner": "me"}')
    code, _, err = call(station + ["verify", "-"], capsys)
    assert code == 2 and "verifier admin repair" in err and "station.json" in err
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", PASS)
    code, out, err = call(station + ["admin", "repair"], capsys)
    assert code == 0, err
    assert "role rental" in out and "max_qr_age_s" in out and "'owner'" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(authority.issue(licence, at=_now()) + "\n"))  # empty: a usage error
    assert call(station + ["verify", "-"], capsys)[0] == 0
    path.write_text("[]")  # configure, the other advised command, works on a damaged file too
    code, out, err = call(station + ["admin", "configure", "--role", "insurance"], capsys)
    assert code == 0 and "role insurance" in out and "recorded in the audit log" in err
    assert json.loads(path.read_text())["role"] == "insurance"
    sources = [s for s, _ in _admin_sources(tmp_path)]
    assert sources[-2:] == ["station_repaired", "setting_changed"]  # the reset values, then the change


def test_the_required_category_is_a_guarded_station_setting(tmp_path, authority, licence, capsys, monkeypatch,
                                                           station):
    code, _, err = call(station + ["admin", "configure", "--category", "A1"], capsys)
    assert code == 2 and "passphrase" in err
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", PASS)
    code, _, err = call(station + ["admin", "configure", "--category", "Z9"], capsys)
    assert code == 2 and "not a known vehicle category" in err
    code, out, _ = call(station + ["admin", "configure", "--category", "a1"], capsys)
    assert code == 0 and "required category A1" in out
    monkeypatch.delenv("VERIFIER_ADMIN_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", io.StringIO(authority.issue(licence, at=_now()) + "\n"))
    code, out, _ = call(station + ["verify", "--json", "-"], capsys)
    [result] = [json.loads(line) for line in out.splitlines()]  # stdin: JSON Lines
    assert code == 1 and "category_missing" in json.dumps(result)  # the holder has C1 and D, not A1
    code, _, err = call(station + ["verify", "--category", "C1", "-"], capsys)
    assert code == 2 and "category other than the station's" in err


def test_bundle_from_the_future_is_refused_and_a_stale_one_warned(tmp_path, authority, capsys, monkeypatch, station):
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", PASS)
    future = tmp_path / "future.dltrust"
    future.write_bytes(authority.make_bundle(now=_now() + dt.timedelta(days=2)))
    code, _, err = call(station + ["trust", "import", str(future)], capsys)
    assert code == 2 and "after this station's clock" in err
    stale = tmp_path / "stale.dltrust"
    stale.write_bytes(authority.make_bundle(now=_now() - dt.timedelta(minutes=1), valid_days=0.0001))
    code, out, err = call(station + ["trust", "import", str(stale)], capsys)
    assert code == 0 and "Imported" in out and "warning: this bundle is out of date" in err


def test_no_verdict_is_printed_when_the_audit_log_is_full(tmp_path, authority, licence, capsys, monkeypatch,
                                                          station):
    real_init = AuditLog.__init__

    def full_disk(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages}")  # real SQLite answers SQLITE_FULL

    monkeypatch.setattr(AuditLog, "__init__", full_disk)
    lines = "".join(authority.issue(licence, at=_now()) + "\n" for _ in range(40))
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code, out, err = call(station + ["verify", "--json", "-"], capsys)
    assert code == 2
    printed = [json.loads(line) for line in out.splitlines()]  # what the log holds, printed before it filled up
    assert len(printed) < 40  # the batch stopped at the first verdict the log could not hold, unprinted
    assert "disk holding the audit log is full" in err and "rollback" not in err
    assert "new log" not in err and "do not start a new one" in err
    code, listed, _ = call(station + ["audit", "list", "--json"], capsys)
    logged = [e["id"] for e in json.loads(listed) if e["kind"] == "verification"]
    assert sorted(logged) == [r["audit_entry"] for r in printed]  # no verdict printed as if recorded


def test_audit_verify_finds_deleted_newest_rows(tmp_path, capsys, station):
    assert call(station + ["audit", "verify"], capsys)[0] == 0
    sqlite3.connect(tmp_path / "st" / "audit.sqlite3", isolation_level=None).execute(
        "DELETE FROM entries WHERE id = (SELECT max(id) FROM entries)")
    code, out, _ = call(station + ["audit", "verify"], capsys)
    assert code == 1 and "newest entries are missing" in out


def test_admin_status_says_where_and_whether_the_lock_is_intact(tmp_path, capsys, monkeypatch, station):
    code, out, _ = call(station + ["admin", "status", "--json"], capsys)
    info = json.loads(out)
    assert code == 0 and info["system_folder"] is None and info["passphrase"] == "set"
    (tmp_path / "st" / "admin.json").unlink()
    code, out, _ = call(station + ["admin", "status"], capsys)
    assert code == 0 and "TAMPERED" in out and "No system-wide station folder" in out
    system = tmp_path / "etc"
    system.mkdir()
    use_platform_dir(system)  # stands in for /etc/dl-verifier
    code, out, _ = call(station + ["admin", "status", "--json"], capsys)
    assert json.loads(out)["guarded_folder"] == str(system)
