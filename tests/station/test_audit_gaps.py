"""The audit log's remaining gaps (issue 19, point 5): the search key outside the database, and an
anchor that can neither be erased with its marker nor fall behind rows added after it."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import sqlite3
import stat
from pathlib import Path

from verifier_app.station.audit import AuditLog

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
