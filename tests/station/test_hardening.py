"""Issue 11 (§1, §3, §4): an admin lock that fails closed, guarded settings, audited admin
actions, bundle import rules and an audit log that fails closed with its real cause.

Real SQLite, real signatures (the issuer toolkit), time injected.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3

import pytest

from verifier_app.dl1 import certs
from verifier_app.errors import AdminRequired, AuditWriteFailed, BundleRejected, CorruptFile, RootRejected
from verifier_app.station import admin_lock as admin_lock_module
from verifier_app.station.admin_lock import AdminLock, AdminLockTampered, AdminSession
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.config import (KNOWN_CATEGORIES, SettingsWriteFailed, StationConfig, load_config,
                                         salvage_config, save_config)
from verifier_app.station.paths import clean_orphan_temps, use_platform_dir
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW, verifier_for

PASS = "station passphrase 1"


def _admin_rows(data_dir, action=None):
    with AuditLog.in_data_dir(data_dir) as audit:
        return audit.admin_entries(action)


# ------------------------------------------------------------ §1 the admin lock


def test_a_deleted_passphrase_file_keeps_the_station_locked(tmp_path):
    lock = AdminLock(tmp_path)
    lock.set_passphrase(PASS, now=NOW)
    assert [e.source for e in _admin_rows(tmp_path)] == ["passphrase_set"]
    lock.path.unlink()  # what anyone at the desk could do
    assert lock.is_set
    with pytest.raises(AdminLockTampered) as info:
        lock.check(None, now=NOW)
    assert "missing" in info.value.message and "Restore" in info.value.action
    assert "system administrator" in info.value.action
    with pytest.raises(AdminRequired):  # nor can a new passphrase be set over it
        lock.set_passphrase("another passphrase", now=NOW)
    with pytest.raises(AdminRequired):
        AdminSession(lock, unlock_s=300).unlock("anything at all", NOW)


def test_a_station_never_locked_stays_open(tmp_path):
    lock = AdminLock(tmp_path)
    assert not lock.is_set
    lock.check(None, now=NOW)
    assert AdminSession(lock, unlock_s=300).is_unlocked(NOW)


def test_wrong_passphrases_are_counted_in_the_audit_log(tmp_path, monkeypatch):
    monkeypatch.setattr(admin_lock_module, "SCRYPT_N", 2**10)
    lock = AdminLock(tmp_path)
    lock.set_passphrase(PASS, now=NOW)
    for i in range(2):
        with pytest.raises(AdminRequired):
            lock.check("wrong guess", now=NOW + dt.timedelta(seconds=i), operator="desk")
    rows = _admin_rows(tmp_path, "passphrase_failed")
    assert [json.loads(r.details)["failures_in_a_row"] for r in rows] == [1, 2]
    assert rows[0].operator == "desk"
    lock.set_passphrase("a new passphrase", current=PASS, now=NOW + dt.timedelta(seconds=5))
    assert [e.source for e in _admin_rows(tmp_path)][-1] == "passphrase_changed"


def test_a_session_lasts_its_minutes_with_an_injected_clock(tmp_path, monkeypatch):
    monkeypatch.setattr(admin_lock_module, "SCRYPT_N", 2**10)
    lock = AdminLock(tmp_path)
    lock.set_passphrase(PASS, now=NOW)
    save_config(tmp_path, StationConfig(admin_unlock_s=120), now=NOW)
    session = AdminSession(lock)  # the duration from station.json
    assert session.unlock_s == 120 and session.needs_passphrase(NOW)
    with pytest.raises(AdminRequired):
        session.require(NOW, what="installing a root")
    with pytest.raises(AdminRequired):
        session.unlock("wrong guess", NOW)
    assert not session.is_unlocked(NOW)
    session.unlock(PASS, NOW)
    session.require(NOW + dt.timedelta(seconds=119))  # no second prompt
    assert session.remaining_s(NOW + dt.timedelta(seconds=20)) == 100
    assert not session.is_unlocked(NOW + dt.timedelta(seconds=120))
    session.unlock(PASS, NOW)
    assert not session.is_unlocked(NOW - dt.timedelta(seconds=1))  # a clock set back ends it
    session.unlock(PASS, NOW)
    session.lock()
    assert session.needs_passphrase(NOW)
    once = AdminSession(lock, unlock_s=0)  # 0: every action asks
    once.require(NOW, PASS)
    assert once.needs_passphrase(NOW)


def test_the_system_folder_holds_trust_settings_and_the_lock(tmp_path, monkeypatch, authority):
    system = tmp_path / "etc-dl-verifier"
    system.mkdir()
    use_platform_dir(system)  # stands in for /etc/dl-verifier
    user = tmp_path / "user"
    store = StationStore(user)
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW), now=NOW + dt.timedelta(minutes=1))
    save_config(user, StationConfig(role="rental", required_category="c1"))
    AdminLock(user).set_passphrase(PASS)
    assert {p.name for p in system.iterdir()} >= {"roots", "bundles", "station.json", "admin.json",
                                                  "trust-state.json"}
    assert load_config(user).role.value == "rental" and load_config(tmp_path / "other user").role.value == "rental"
    assert StationStore(tmp_path / "other user").load().bundles  # every user's station reads it
    assert {p.name for p in user.iterdir()} <= {"audit.sqlite3", "audit.sqlite3-wal", "audit.sqlite3-shm",
                                                "audit.sqlite3.anchor.json", "audit.sqlite3.lock"}
    assert [e.source for e in _admin_rows(user)] == ["root_install_started", "root_installed",
                                                     "bundle_import_started", "bundle_imported", "setting_changed",
                                                     "passphrase_set"]


# ------------------------------------------------------- §1 every admin action audited


def test_setting_changes_are_audited_old_to_new(tmp_path):
    save_config(tmp_path, StationConfig(role="rental", max_qr_age_s=120), operator="admin", now=NOW)
    save_config(tmp_path, StationConfig(role="rental", max_qr_age_s=120), operator="admin", now=NOW)  # no change
    save_config(tmp_path, StationConfig(role="insurance", max_qr_age_s=120, required_category="C1"), now=NOW)
    rows = _admin_rows(tmp_path, "setting_changed")
    assert [json.loads(r.details)["changes"] for r in rows] == [
        {"role": ["checkpoint", "rental"], "max_qr_age_s": [180, 120]},
        {"role": ["rental", "insurance"], "required_category": ["", "C1"]},
    ]
    assert rows[0].operator == "admin"


def test_a_change_the_audit_log_cannot_hold_is_not_made(tmp_path):
    save_config(tmp_path, StationConfig(role="rental"), now=NOW)
    before = (tmp_path / "station.json").read_bytes()
    for name in ("audit.sqlite3-wal", "audit.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    (tmp_path / "audit.sqlite3").write_bytes(b"damaged" * 1000)
    with pytest.raises(SettingsWriteFailed) as info:
        save_config(tmp_path, StationConfig(role="checkpoint", retention_days=0), now=NOW)
    assert isinstance(info.value, OSError)  # the window's old `except OSError` still catches it
    assert (tmp_path / "station.json").read_bytes() == before


def test_root_preview_pins_nothing_and_removal_is_audited(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    data = (authority.directory / "root-cert.pem").read_bytes()
    preview = store.preview_root(data)
    assert preview.sha256 == certs.fingerprint(authority.root_cert) and "CN-BJ" in preview.subject
    assert not preview.already_installed and not store.roots_dir.exists()
    with pytest.raises(RootRejected):
        store.preview_root((authority.directory / "signer-cert.pem").read_bytes())
    store.install_root(data, operator="admin", now=NOW)
    assert store.preview_root(data).already_installed
    store.import_bundle(authority.make_bundle(now=NOW, sequence=3), now=NOW)
    removed = store.remove_root(preview.sha256[:12], operator="admin", now=NOW)
    assert removed.sha256 == preview.sha256
    assert store.load().roots == () and not any(store.bundles_dir.iterdir())
    rows = _admin_rows(store.data_dir)
    assert [r.source for r in rows] == ["root_install_started", "root_installed", "bundle_import_started",
                                        "bundle_imported", "root_remove_started", "root_removed"]
    assert json.loads(rows[-1].details)["intent"] == rows[-2].id  # each change names its intent
    assert json.loads(rows[-1].details)["bundle_removed"] is True
    with pytest.raises(RootRejected):
        store.remove_root(preview.sha256)
    store.install_root(data)  # installed again: the old bundle number can't come back
    with pytest.raises(BundleRejected):
        store.import_bundle(authority.make_bundle(now=NOW, sequence=2), now=NOW)


# ------------------------------------------------------------ station.json


@pytest.mark.parametrize("content, named", [
    (b"[1, 2]", "JSON object"),
    (b"not json", "not valid JSON"),
    (b'{"role": "rental", "admin": true}', "unknown key"),
    (b'{"max_qr_age_s": true}', "max_qr_age_s"),
    (b'{"max_qr_age_s": 1e9}', "max_qr_age_s"),
    (b'{"retention_days": -1}', "retention_days"),
    (b'{"role": "superuser"}', "role"),
    (b'{"required_category": "Z9"}', "required_category"),
])
def test_station_json_is_validated(tmp_path, content, named):
    (tmp_path / "station.json").write_bytes(content)
    with pytest.raises(CorruptFile) as info:
        load_config(tmp_path)
    assert named in info.value.message and "verifier admin repair" in info.value.action


def test_salvage_keeps_the_valid_values(tmp_path):
    (tmp_path / "station.json").write_text('{"role": "rental", "max_qr_age_s": 5, "x": 1, "required_category": "c1"}')
    config, notes = salvage_config(tmp_path)
    assert config == StationConfig(role="rental", required_category="C1")
    assert any("max_qr_age_s" in n for n in notes) and any("'x'" in n for n in notes)
    assert {"C1", "D", "A1", "B"} <= KNOWN_CATEGORIES


# ----------------------------------------------------------- §3 bundle import rules


def test_a_revocation_is_permanent(tmp_path, authority, licence):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    kid = certs.kid_of(authority.signer_cert)
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=2), revoked_kids=[kid]), now=NOW)
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1)), now=NOW)  # omits it
    assert kid in store.load().revoked_kids
    text = authority.issue(licence, at=NOW)
    assert verifier_for(store).verify(text).verdict.value == "invalid"
    store.trust_state_path.unlink()  # the audit chain remembers it too
    assert kid in store.load().revoked_kids


def test_a_bundle_from_the_stations_future_is_refused(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(authority.make_bundle(now=NOW + dt.timedelta(hours=3)), now=NOW, skew_s=60)
    assert "after this station's clock" in info.value.message and "date and time" in info.value.action
    assert not store.bundles_dir.exists() or not any(store.bundles_dir.iterdir())
    store.import_bundle(authority.make_bundle(now=NOW + dt.timedelta(seconds=50)), now=NOW, skew_s=60)


def test_a_bundle_past_its_next_update_imports_with_a_warning(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    outcome = store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(days=10), valid_days=7), now=NOW)
    [warning] = outcome.warnings
    assert "out of date" in warning
    assert store.import_bundle(authority.make_bundle(now=NOW), now=NOW).warnings == ()


def test_rollback_protection_survives_a_damaged_installed_bundle(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    old = authority.make_bundle(now=NOW - dt.timedelta(hours=2), sequence=1)
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1), sequence=2), now=NOW)
    [path] = store.bundles_dir.glob("*.dltrust")
    with open(path, "ab") as handle:
        handle.write(b"x\n")  # echo x >> bundles/*.dltrust
    assert store.load().bundles == ()
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(old, now=NOW)
    assert "number 2" in info.value.message
    store.trust_state_path.unlink()  # and without the state file, the audit chain still knows
    with pytest.raises(BundleRejected):
        store.import_bundle(old, now=NOW)
    assert store.highest_sequence("CN-BJ") == 2


# ------------------------------------------------------ §4 the audit log fails closed


def _result(i=0):
    from verifier_app.verify.engine import CodeKind, Verdict, VerificationResult

    return VerificationResult(Verdict.UNVERIFIED, (), CodeKind.BARCODE, NOW, f"{i:064x}", document_number="BJ1")


def _record(log, i=0):
    return log.record(_result(i), source="t", operator="o", role="checkpoint")


def test_a_full_disk_is_named_and_never_advises_a_new_log(tmp_path):
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        _record(log)
        pages = log._db.execute("PRAGMA page_count").fetchone()[0]
        log._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL
        with pytest.raises(AuditWriteFailed) as info:
            for i in range(1, 200):
                _record(log, i)
        assert info.value.cause == "disk_full"
        assert "disk holding the audit log is full" in info.value.message
        assert "rollback" not in str(info.value) and "do not start a new one" in info.value.action
        assert "NOT recorded" in info.value.message
        assert log.verify_chain().ok


def test_a_read_only_log_is_named_and_never_advises_a_new_log(tmp_path):
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        _record(log)
        log._db.execute("PRAGMA query_only = ON")  # SQLite now answers SQLITE_READONLY
        with pytest.raises(AuditWriteFailed) as info:
            _record(log, 1)
        assert info.value.cause == "read_only" and "read-only" in info.value.message
        assert "do not start a new one" in info.value.action


def test_deleting_the_newest_entries_is_detected(tmp_path):
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        for i in range(5):
            _record(log, i)
        assert log.verify_chain().ok
        raw = sqlite3.connect(log.path, isolation_level=None)
        raw.execute("DELETE FROM entries WHERE id >= 4")
        report = log.verify_chain()
        assert not report.ok and "newest entries are missing" in report.problem and report.first_bad_id == 4
        log.anchor_path.unlink()  # and deleting the anchor too is noticed
        report = log.verify_chain()
        assert not report.ok and "anchor" in report.problem


def test_the_anchor_follows_a_purge(tmp_path):
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        for i in range(3):
            _record(log, i)
        log.purge(older_than=NOW + dt.timedelta(days=1), operator="admin", now=NOW + dt.timedelta(days=2))
        assert log.verify_chain().ok
        assert json.loads(log.anchor_path.read_text())["head_id"] == 4


def test_orphan_temp_files_are_cleaned_at_start(tmp_path):
    old = tmp_path / ".audit.sqlite3.anchor.json.abc123.tmp"
    young = tmp_path / ".station.json.def456.tmp"
    old.write_bytes(b"half")
    young.write_bytes(b"half")
    os.utime(old, (NOW.timestamp() - 3600, NOW.timestamp() - 3600))
    os.utime(young, (NOW.timestamp() - 5, NOW.timestamp() - 5))
    with AuditLog(tmp_path / "audit.sqlite3", now=NOW):
        pass
    assert not old.exists() and young.exists()  # a young one may belong to a writer still at work
    assert clean_orphan_temps(tmp_path, now=NOW + dt.timedelta(hours=1)) == [young]


def test_station_json_edited_or_deleted_by_hand_is_refused(tmp_path):
    save_config(tmp_path, StationConfig(role="rental", max_qr_age_s=120), now=NOW)
    path = tmp_path / "station.json"
    recorded = path.read_bytes()
    path.write_text(json.dumps({"role": "rental", "max_qr_age_s": 3600}))  # valid, but not through the verifier
    with pytest.raises(CorruptFile) as info:
        load_config(tmp_path)
    assert "edited outside the verifier" in info.value.message and "admin repair" in info.value.action
    path.unlink()  # back to the defaults (retention 90, checkpoint) by deleting it: refused too
    with pytest.raises(CorruptFile) as info:
        load_config(tmp_path)
    assert "deleted" in info.value.message
    config, notes = salvage_config(tmp_path)  # what repair restores: the recorded settings
    assert config == StationConfig(role="rental", max_qr_age_s=120) and "restored" in notes[0]
    save_config(tmp_path, config, now=NOW)
    assert path.read_bytes() == recorded and load_config(tmp_path) == config


def test_a_trust_change_the_audit_log_cannot_hold_is_undone(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    store.data_dir.mkdir()
    (store.data_dir / "audit.sqlite3").write_bytes(b"damaged" * 1000)
    with pytest.raises(CorruptFile):
        store.install_root((authority.directory / "root-cert.pem").read_bytes())
    assert not store.roots_dir.exists() or not any(store.roots_dir.iterdir())
    assert (store.data_dir / "audit.sqlite3").read_bytes() == b"damaged" * 1000  # kept for the auditor


def test_the_windows_settings_carry_every_station_json_value(tmp_path):
    from verifier_app.station.settings import StationSettings, guarded_changes

    config = StationConfig(role="rental", required_category="C1", admin_unlock_s=60)
    settings = StationSettings().with_station_config(config)
    assert settings.station_config() == config  # saving from the window doesn't reset what it doesn't show
    assert guarded_changes(settings, settings.with_changes(required_category="D")) == ("required_category",)


def test_the_demo_station_stays_in_its_own_folder_beside_a_system_station(tmp_path, monkeypatch):
    from verifier_app.issuer.demo import prepare_demo

    system = tmp_path / "etc-dl-verifier"
    system.mkdir()
    use_platform_dir(system)  # stands in for /etc/dl-verifier
    demo = prepare_demo(tmp_path / "user")
    assert demo.station.config_dir == tmp_path / "user" / "demo" / "station"
    assert list(system.iterdir()) == []  # the real station's trust is untouched by the demo's root
    assert StationStore(tmp_path / "user").config_dir == system  # the real station still uses it


def test_a_file_in_the_users_data_folder_does_not_step_out_of_the_system_station(tmp_path, monkeypatch):
    """The demo's station is kept local by the process that makes it, not by a file: a user who can write
    into their own data folder must not escape the system-wide admin lock and trust by creating one."""
    from verifier_app.station.paths import guarded_dir

    system = tmp_path / "etc"
    system.mkdir()
    use_platform_dir(system)  # stands in for /etc/dl-verifier
    user = tmp_path / "user"
    user.mkdir()
    (user / "station-is-local").touch()  # the marker file this used to honour
    assert guarded_dir(user) == system
    assert StationStore(user).config_dir == system
