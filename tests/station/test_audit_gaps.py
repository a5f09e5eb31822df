"""The audit log's remaining gaps (issue 19, point 5): the search key outside the database, and an
anchor that can neither be erased with its marker nor fall behind rows added after it."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import sqlite3
import stat
from pathlib import Path

from verifier_app.station.evidence.audit import COLUMNS, AuditLog

from tests.conftest import verifier_for

NUMBER = "BJ2026387001"


def _copy_database_alone(path: Path, into: Path) -> Path:
    """What leaves the station with an export, a backup of the file, a bug report: the database (and its WAL)."""
    into.mkdir()
    for name in (path.name, path.name + "-wal"):
        if (path.parent / name).exists():
            shutil.copy(path.parent / name, into / name)
    return into / path.name


def _brute_force(copy: Path, last_four: str) -> set[str]:
    """Every number ending in ``last_four`` whose keyed hash, under any key-like value the copy holds, is in it."""
    db = sqlite3.connect(copy)
    texts = [v for (v,) in db.execute("SELECT value FROM meta")]
    texts += [v for row in db.execute("SELECT * FROM entries") for v in row if isinstance(v, str)]
    hashes = {v for (v,) in db.execute("SELECT document_key FROM entries") if v}
    db.close()
    keys = {bytes.fromhex(t) for t in texts if len(t) == 64 and all(c in "0123456789abcdef" for c in t)}
    found = set()
    for key in keys:
        for n in range(10_000):  # the 8 hidden characters, for a known prefix "BJ20": 10^4 numbers
            number = f"BJ20{n:04d}{last_four}"
            if hmac.new(key, number.encode(), hashlib.sha256).hexdigest() in hashes:
                found.add(number)
    return found


def test_a_copy_of_the_database_alone_does_not_give_back_a_masked_number(tmp_path, station):
    path = tmp_path / "desk" / "audit.sqlite3"
    with AuditLog(path) as log:
        entry = log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="scanner", operator="o",
                           role="rental")
        assert entry.document_ref == "••••••••7001"
        copy = _copy_database_alone(path, tmp_path / "stolen")
    assert _brute_force(copy, "7001") == set()  # before: {"BJ2026387001"}, with the key from the meta table
    key_file = path.with_name("audit.sqlite3.key")
    key_hex = key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_hex.encode() not in copy.read_bytes()
    # On the station, with its key file, history is still searched by number.
    with AuditLog(path) as log:
        assert [e.id for e in log.search(document_number=NUMBER.lower())] == [entry.id]
        assert log.search(document_number="BJ2026387002") == []
    # The attack works once the key is there: the copy of the whole data folder carries it.
    shutil.copy(path.with_name("audit.sqlite3.key"), tmp_path / "stolen")
    db = sqlite3.connect(copy)
    db.execute("INSERT INTO meta VALUES ('stolen', ?)", (key_hex,))
    db.commit()
    db.close()
    assert _brute_force(copy, "7001") == {NUMBER}


def test_opening_a_copy_to_check_it_writes_no_key(tmp_path, station):
    path = tmp_path / "desk" / "audit.sqlite3"
    with AuditLog(path) as log:
        log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="scanner", operator="o", role="rental")
    copy = _copy_database_alone(path, tmp_path / "auditor")
    with AuditLog(copy) as log:
        assert log.verify_chain().entries == 1
        assert log.search(document_number=NUMBER) == []  # no key: nothing to match, and none made
    assert not (tmp_path / "auditor" / "audit.sqlite3.key").exists()


def test_an_older_log_with_its_key_inside_moves_it_out_and_keeps_its_search(tmp_path, station):
    path = tmp_path / "audit.sqlite3"
    with AuditLog(path) as log:
        entry = log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="scanner", operator="o",
                           role="rental")
        key_file = log.key_path
    key_hex = key_file.read_text().strip()
    # What a log written before this change looks like: the key in its meta table, no key file.
    db = sqlite3.connect(path)
    db.execute("DELETE FROM meta WHERE key = 'search_key_id'")
    db.execute("INSERT INTO meta VALUES ('document_key', ?)", (key_hex,))
    db.commit()
    db.close()
    key_file.unlink()
    assert _brute_force(path, "7001") == {NUMBER}  # the gap, before the log is opened again

    with AuditLog(path) as log:
        assert [e.id for e in log.search(document_number=NUMBER)] == [entry.id]
        assert log.verify_chain().ok
        later = log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="scanner", operator="o",
                           role="rental")
        assert [e.id for e in log.search(document_number=NUMBER)] == [later.id, entry.id]
    assert key_file.read_text().strip() == key_hex
    copy = _copy_database_alone(path, tmp_path / "stolen")
    assert key_hex.encode() not in copy.read_bytes()
    assert _brute_force(copy, "7001") == set()


def test_a_lost_key_file_starts_a_new_key_and_a_damaged_one_is_named(tmp_path, station):
    import pytest

    from verifier_app.errors import CorruptFile

    path = tmp_path / "audit.sqlite3"
    with AuditLog(path) as log:
        first = log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="s", operator="o", role="rental")
    path.with_name("audit.sqlite3.key").unlink()
    with AuditLog(path) as log:
        second = log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="s", operator="o", role="rental")
        # the old entry stays in the log, but its hash was made with the lost key
        assert [e.id for e in log.search(document_number=NUMBER)] == [second.id]
        assert log.get(first.id).document_ref == "••••••••7001" and log.verify_chain().ok
    path.with_name("audit.sqlite3.key").write_text("not a key")
    with AuditLog(path) as log, pytest.raises(CorruptFile) as info:
        log.record(verifier_for(station).verify(f"DLN:{NUMBER}"), source="s", operator="o", role="rental")
    assert "search key" in info.value.message and "Restore" in info.value.action


# ----------------------------------------------------------------- (b) the anchor

def _log_with(tmp_path, station, n=5):
    log = AuditLog(tmp_path / "desk" / "audit.sqlite3")
    for i in range(n):
        log.record(verifier_for(station).verify(f"DLN:BJ20260000{i:02d}"), source="scanner", operator="o",
                   role="checkpoint")
    return log


def _raw(log):
    return sqlite3.connect(log.path, isolation_level=None)


def _forge_valid_row_at_the_end(log):
    """What an operator with sqlite3 can do: a row that says a licence was checked VALID, its hash made right."""
    from dataclasses import replace

    from verifier_app.station.evidence.audit_chain import chain_hash

    head = log._rows("ORDER BY id DESC LIMIT 1")[0]
    forged = replace(head, id=head.id + 1, verdict="valid", reasons="", prev_hash=head.hash, hash="")
    forged = replace(forged, hash=chain_hash(head.hash, forged.hashed_fields()))
    _raw(log).execute(f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                      tuple(getattr(forged, c) for c in COLUMNS))
    return forged


def test_deleting_the_anchor_and_its_marker_is_detected(tmp_path, station):
    log = _log_with(tmp_path, station)
    _raw(log).execute("DELETE FROM entries WHERE id = 5")
    log.anchor_path.unlink()
    _raw(log).execute("DELETE FROM meta WHERE key = 'anchored'")
    report = log.verify_chain()
    assert not report.ok and "anchor file" in report.problem and "deleted" in report.problem, report
    assert str(report).startswith("audit chain BROKEN: the anchor file")  # no "at entry None"


def test_rewriting_the_newest_row_without_the_anchor_is_detected(tmp_path, station):
    """Deleting the anchor and giving the newest row an old-style hash (made before anchors) doesn't pass either."""
    from dataclasses import replace

    from verifier_app.station.evidence.audit_chain import chain_hash

    log = _log_with(tmp_path, station)
    log.anchor_path.unlink()
    _raw(log).execute("DELETE FROM meta WHERE key = 'anchored'")
    head = log.get(5)
    edited = replace(head, verdict="valid")
    _raw(log).execute("UPDATE entries SET verdict = 'valid', hash = ? WHERE id = 5",
                      (chain_hash(head.prev_hash, edited.hashed_fields(), anchored=False),))
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 5, report


def test_a_forged_row_appended_at_the_end_is_detected(tmp_path, station):
    log = _log_with(tmp_path, station)
    _forge_valid_row_at_the_end(log)
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 6 and "added after the anchored entry 5" in report.problem, report


def test_the_next_entry_does_not_launder_a_forged_row(tmp_path, station):
    log = _log_with(tmp_path, station)
    _forge_valid_row_at_the_end(log)
    entry = log.record(verifier_for(station).verify("DLN:BJ2026000099"), source="scanner", operator="o",
                       role="checkpoint")
    assert entry.id == 8  # 6 forged, 7 the station's record of what it found, 8 the scan
    mismatch = log.get(7)
    assert (mismatch.kind, mismatch.source) == ("admin", "anchor_mismatch")
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 6 and "when entry 7 was written" in report.problem, report
    log.record(verifier_for(station).verify("DLN:BJ2026000098"), source="scanner", operator="o", role="checkpoint")
    assert log.verify_chain().first_bad_id == 6  # and it stays said


def test_the_next_entry_does_not_launder_deleted_newest_rows(tmp_path, station):
    log = _log_with(tmp_path, station)
    _raw(log).execute("DELETE FROM entries WHERE id >= 4")
    log.record(verifier_for(station).verify("DLN:BJ2026000099"), source="scanner", operator="o", role="checkpoint")
    report = log.verify_chain()
    assert not report.ok and report.first_bad_id == 4 and "newest entries are missing" in report.problem, report


def test_a_purge_keeps_saying_what_a_writer_found(tmp_path, station):
    import datetime as dt

    from tests.conftest import NOW

    log = _log_with(tmp_path, station, 2)
    _forge_valid_row_at_the_end(log)
    log.record(verifier_for(station).verify("DLN:BJ2026000099"), source="scanner", operator="o", role="checkpoint")
    log.purge(older_than=NOW + dt.timedelta(days=400), operator="retention", now=NOW + dt.timedelta(days=401))
    assert [e.kind for e in log._rows("ORDER BY id")] == ["verification", "checkpoint"]
    report = log.verify_chain()
    assert not report.ok and "purged" in report.problem, report


class _Killed(BaseException):
    """Stands for SIGKILL at one point of a write: nothing after it runs (an open transaction rolls back)."""


def _kill_at(monkeypatch, which):
    import verifier_app.station.evidence.audit_anchor as audit_module

    real = audit_module.write_anchor

    def write_then_die(path, **kw):
        if which == "before_commit" and kw["pending"] is not None:
            real(path, **kw)
            raise _Killed
        if which == "before_confirm" and kw["pending"] is None:
            raise _Killed
        real(path, **kw)

    monkeypatch.setattr(audit_module, "write_anchor", write_then_die)


def test_a_kill_between_the_anchor_and_the_commit_leaves_a_log_that_verifies(tmp_path, station, monkeypatch):
    import pytest

    for which, committed in (("before_commit", False), ("before_confirm", True)):
        log = _log_with(tmp_path / which, station, 3)
        with monkeypatch.context() as patch:
            _kill_at(patch, which)
            with pytest.raises(_Killed):
                log.record(verifier_for(station).verify("DLN:BJ2026000099"), source="s", operator="o",
                           role="checkpoint")
        log.close()
        with AuditLog(log.path) as reopened:
            assert len(reopened._rows("")) == (4 if committed else 3)
            assert reopened.verify_chain().ok, (which, reopened.verify_chain())
            reopened.record(verifier_for(station).verify("DLN:BJ2026000098"), source="s", operator="o",
                            role="checkpoint")
            assert reopened.verify_chain().ok and not reopened.admin_entries("anchor_mismatch")


def _as_before_anchors(log):
    """Rewrite a log as the versions before the anchored hash wrote it (old-style hashes, no marker, no anchor)."""
    from dataclasses import replace

    from verifier_app.station.evidence.audit_chain import GENESIS, chain_hash

    db = _raw(log)
    prev = GENESIS
    for entry in log._rows("ORDER BY id"):
        entry = replace(entry, prev_hash=prev)
        digest = chain_hash(prev, entry.hashed_fields(), anchored=False)
        db.execute("UPDATE entries SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, entry.id))
        prev = digest
    db.execute("DELETE FROM meta WHERE key = 'anchored'")
    log.anchor_path.unlink()


def test_logs_from_before_keep_working(tmp_path, station):
    import json

    log = _log_with(tmp_path, station, 3)
    _as_before_anchors(log)
    report = log.verify_chain()
    assert report.ok and "no anchor yet" in report.note
    log.record(verifier_for(station).verify("DLN:BJ2026000099"), source="s", operator="o", role="checkpoint")
    assert log.verify_chain().ok and not log.admin_entries("anchor_mismatch")
    # An anchor left by the version that wrote it after the commit may lag one entry: that one is accepted.
    head = log.get(3)
    log.anchor_path.write_text(json.dumps({"head_id": 3, "head_hash": head.hash, "station_id": log.station_id}))
    assert log.verify_chain().ok
    log.record(verifier_for(station).verify("DLN:BJ2026000098"), source="s", operator="o", role="checkpoint")
    assert log.verify_chain().ok and not log.admin_entries("anchor_mismatch")


def test_what_stays_undetectable_on_the_station(tmp_path, station):
    """Documented limit (docs/security.md §4): the database and the anchor rewritten together, consistently."""
    import json

    log = _log_with(tmp_path, station)
    _raw(log).execute("DELETE FROM entries WHERE id = 5")
    anchor = json.loads(log.anchor_path.read_text())
    anchor.update(head_id=4, head_hash=log.get(4).hash)
    log.anchor_path.write_text(json.dumps(anchor))
    assert log.verify_chain().ok  # only a receipt or export of entry 5, kept elsewhere, shows it


def test_the_command_line_says_broken_for_a_forged_row(tmp_path, station, capsys):
    from verifier_app.cli import verifier as verifier_cli
    from verifier_app.cli._common import run

    log = _log_with(tmp_path, station, 2)
    log.close()
    data = ["--data-dir", str(log.path.parent)]
    assert run(verifier_cli.main, data + ["audit", "verify"]) == 0
    with AuditLog(log.path) as reopened:
        _forge_valid_row_at_the_end(reopened)
    capsys.readouterr()
    assert run(verifier_cli.main, data + ["audit", "verify"]) == 1
    assert "BROKEN at entry 3: entry 3 was added after the anchored entry 2" in capsys.readouterr().out
