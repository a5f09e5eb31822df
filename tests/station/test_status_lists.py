"""Status lists on a station: import, deltas, verdicts, bad files refused with the installed list kept."""

from __future__ import annotations

import datetime as dt
import json
import random
import zlib

import pytest

from verifier_app.cli import issuer as issuer_cli
from verifier_app.cli import verifier as verifier_cli
from verifier_app.dl1 import cbor
from verifier_app.dl1 import status_delta as sd
from verifier_app.dl1 import status_list as sl
from verifier_app.dl1.cose import parse_sign1
from verifier_app.dl1.credential import StatusReference
from verifier_app.errors import StatusListRejected
from verifier_app.issuer.status_lists import list_uri, make_status_delta, make_status_list, status_signer
from verifier_app.station import admin_audit
from verifier_app.verify.engine import Verdict
from tests.cli.test_cli import at, call, issue, setup  # noqa: F401  (setup is a fixture)
from tests.conftest import NOW, verifier_for

SIZE = 1_000_000


def _codes(result) -> list[str]:
    return [r.code.value for r in result.reasons]


@pytest.fixture
def listed(authority, station):
    """A station holding version 1 of its authority's list: entry 5 revoked, entry 9 suspended."""
    token = make_status_list(authority, size=SIZE, entries=[(5, 1), (9, 2)], now=NOW - dt.timedelta(hours=2))
    outcome = station.import_status(token, now=NOW - dt.timedelta(hours=1))
    assert (outcome.version, outcome.changes) == (1, None)
    return token


def _code(authority, licence, idx: int, uri: str | None = None) -> str:
    return authority.issue(licence, at=NOW - dt.timedelta(seconds=20),
                           status_ref=StatusReference(idx, uri or list_uri(authority)))


def test_a_listed_entry_makes_a_code_that_says_valid_invalid_with_the_lists_date(authority, station, licence, listed):
    assert licence.status.value == "valid"  # the code's own claim
    result = verifier_for(station).verify(_code(authority, licence, 5))
    assert result.verdict is Verdict.INVALID
    listed_reason = next(r for r in result.reasons if r.code.value == "status_listed")
    assert listed_reason.params["status"] == "revoked"
    assert listed_reason.params["list_date"] == dt.date(2026, 11, 25)
    assert "revoked" in listed_reason.message("en") and "吊销" in listed_reason.message("zh")
    suspended = verifier_for(station).verify(_code(authority, licence, 9))
    assert suspended.verdict is Verdict.INVALID and "suspended" in suspended.reasons[-1].message("en")
    assert verifier_for(station).verify(_code(authority, licence, 6)).verdict is Verdict.VALID


def test_no_list_or_an_expired_one_is_a_warning_that_never_decides_alone(authority, station, licence, listed):
    other_uri = verifier_for(station).verify(_code(authority, licence, 6, uri="https://elsewhere.example/list"))
    assert other_uri.verdict is Verdict.VALID and _codes(other_uri) == ["status_list_missing"]
    out_of_range = verifier_for(station).verify(_code(authority, licence, SIZE + 3))
    assert out_of_range.verdict is Verdict.VALID and _codes(out_of_range) == ["status_list_missing"]
    later = NOW + dt.timedelta(days=8)  # the list was valid for 7 days
    code = authority.issue(licence, at=later - dt.timedelta(seconds=5), status_ref=StatusReference(6, list_uri(authority)))
    stale = verifier_for(station, now=later).verify(code)
    assert "status_list_stale" in _codes(stale) and "status_list_missing" not in _codes(stale)
    revoked_and_stale = verifier_for(station, now=later).verify(
        authority.issue(licence, at=later - dt.timedelta(seconds=5), status_ref=StatusReference(5, list_uri(authority))))
    assert revoked_and_stale.verdict is Verdict.INVALID


def test_a_code_without_a_status_reference_is_judged_as_before(authority, station, licence, listed):
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - dt.timedelta(seconds=20)))
    assert result.verdict is Verdict.VALID and _codes(result) == []


def test_a_delta_moves_the_list_one_version_on_and_is_logged(authority, station, licence, listed):
    v2 = make_status_list(authority, size=SIZE, entries=[(5, 1), (6, 2)], now=NOW - dt.timedelta(minutes=30))
    delta = make_status_delta(authority, old=listed, new=v2, now=NOW - dt.timedelta(minutes=30))
    outcome = station.import_status(delta, now=NOW - dt.timedelta(minutes=20))
    assert (outcome.version, outcome.replaced_version, outcome.changes) == (2, 1, 2)
    v = verifier_for(station)
    assert v.verify(_code(authority, licence, 6)).verdict is Verdict.INVALID  # newly suspended
    assert v.verify(_code(authority, licence, 9)).verdict is Verdict.VALID  # reinstated
    rows = admin_audit.recorded(station.data_dir, "status_delta_applied")
    assert json.loads(rows[-1].details)["to_version"] == 2
    assert admin_audit.recorded(station.data_dir, "status_list_imported")
    # The same delta again, or one for another version: refused, version 2 kept.
    with pytest.raises(StatusListRejected, match="holds version 2"):
        station.import_status(delta, now=NOW)
    assert station.load().status_lists["CN-BJ"].version == 2


def test_an_older_full_list_cant_replace_a_newer_one(authority, station, listed):
    older = make_status_list(authority, size=SIZE, entries=[], now=NOW - dt.timedelta(hours=3), version=1)
    with pytest.raises(StatusListRejected, match="not newer"):
        station.import_status(older, now=NOW)
    newer = make_status_list(authority, size=SIZE, entries=[], now=NOW - dt.timedelta(minutes=5))
    assert station.import_status(newer, now=NOW).version == 2
    assert station.load().status_lists["CN-BJ"].status_at(5) == 0


def _resign(authority, token: bytes, **changes) -> bytes:
    claims = cbor.loads(parse_sign1(token).payload)
    for key, value in changes.items():
        target = claims[sl.CLAIM_STATUS_LIST] if key in ("bits", "lst") else claims
        target[key] = value
    key, cert = status_signer(authority, now=NOW)
    return sl.sign_payload(claims, sl.TYP_LIST, key, cert)


@pytest.mark.parametrize("damage, message", [
    ("signature", "signature"),
    ("bits", "1, 2, 4 or 8"),
    ("truncated", "truncated"),
    ("bomb", "more than"),
    ("short", "need"),
])
def test_bad_lists_are_refused_and_the_installed_list_kept(authority, station, licence, listed, damage, message):
    good = make_status_list(authority, size=SIZE, entries=[], now=NOW - dt.timedelta(minutes=5))
    lst = cbor.loads(parse_sign1(good).payload)[sl.CLAIM_STATUS_LIST]["lst"]
    bad = {
        "signature": lambda: good[:-5] + bytes(b ^ 0xFF for b in good[-5:]),
        "bits": lambda: _resign(authority, good, bits=3),
        "truncated": lambda: _resign(authority, good, lst=lst[: len(lst) // 2]),
        "bomb": lambda: _resign(authority, good, lst=zlib.compress(bytes(100 * SIZE), 9)),
        "short": lambda: _resign(authority, good, lst=zlib.compress(bytes(10), 9)),
    }[damage]()
    with pytest.raises(StatusListRejected, match=message):
        station.import_status(bad, now=NOW)
    installed = station.load().status_lists["CN-BJ"]
    assert installed.version == 1 and installed.status_at(5) == 1
    assert len(list(station.status_store.folder.glob("*.bits"))) == 1  # nothing half-written left


def test_a_list_from_an_authority_whose_root_isnt_installed_is_refused(tmp_path, station, listed):
    from verifier_app.issuer.authority import Authority

    stranger = Authority.create(tmp_path / "sh", code="CN-SH", name="Shanghai", now=NOW - dt.timedelta(days=3))
    with pytest.raises(StatusListRejected, match="root"):
        station.import_status(make_status_list(stranger, size=100, entries=[(1, 1)], now=NOW), now=NOW)


def test_a_delta_for_another_version_or_with_an_index_out_of_range_is_refused(authority, station, listed):
    v2 = make_status_list(authority, size=SIZE, entries=[(5, 1)], now=NOW - dt.timedelta(minutes=30))
    v3 = make_status_list(authority, size=SIZE, entries=[], now=NOW - dt.timedelta(minutes=20))
    skip = make_status_delta(authority, old=v2, new=v3, now=NOW - dt.timedelta(minutes=20))
    with pytest.raises(StatusListRejected, match="turns version 2 into 3, but this station holds version 1"):
        station.import_status(skip, now=NOW)
    key, cert = status_signer(authority, now=NOW)
    out_of_range = sd.sign_status_delta(changes=[(SIZE + 1, 1)], size=SIZE + 10, bits=2, authority="CN-BJ",
                                        uri=list_uri(authority), from_version=1, issued_at=int(NOW.timestamp()) - 60,
                                        expires_at=int(NOW.timestamp()) + 3600, ttl_s=None, key=key, cert=cert)
    with pytest.raises(StatusListRejected):
        station.import_status(out_of_range, now=NOW)
    assert station.load().status_lists["CN-BJ"].version == 1


@pytest.mark.parametrize("dies_in", ["_write_changes", "record", "_write_meta"])
def test_a_process_killed_at_any_step_of_a_delta_leaves_version_n_or_n_plus_1_whole(authority, station, listed,
                                                                                  monkeypatch, dies_in):
    from verifier_app.station.trust import status_store as ss

    v2 = make_status_list(authority, size=SIZE, entries=[(5, 1), (9, 2), (7, 3)], now=NOW - dt.timedelta(minutes=30))
    delta = make_status_delta(authority, old=listed, new=v2, now=NOW - dt.timedelta(minutes=30))
    target = {"_write_changes": (ss, "_write_changes"), "record": (admin_audit, "record"),
              "_write_meta": (ss.StatusStore, "_write_meta")}[dies_in]

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # the process dies at this step

    monkeypatch.setattr(*target, killed)
    with pytest.raises(KeyboardInterrupt):
        station.import_status(delta, now=NOW)
    monkeypatch.undo()
    installed = station.load().status_lists["CN-BJ"]
    assert installed.version == 1 and installed.status_at(7) == 0  # still version 1, untouched
    logged = [json.loads(r.details)["to_version"] for r in admin_audit.recorded(station.data_dir, "status_delta_applied")]
    # Nothing in force that the log doesn't hold: a kill after the row but before the record leaves the
    # row of a change that then waits for the same file again (written before, as every trust change).
    assert logged == ([2] if dies_in == "_write_meta" else [])
    assert station.import_status(delta, now=NOW).version == 2  # the same delta goes through afterwards
    installed = station.load().status_lists["CN-BJ"]
    assert (installed.version, installed.status_at(7), installed.status_at(5)) == (2, 3, 1)
    assert len(list(station.status_store.folder.glob("*.changes"))) == 1


def test_changes_fold_into_a_new_base_once_they_pile_up(authority, station, listed, monkeypatch):
    from verifier_app.station.trust import status_store as ss

    monkeypatch.setattr(ss, "FOLD_AT", 2)  # the delta makes 3 changes
    v2 = make_status_list(authority, size=SIZE, entries=[(5, 1), (9, 2), (1, 1), (2, 2), (3, 3)], now=NOW)
    station.import_status(make_status_delta(authority, old=listed, new=v2, now=NOW), now=NOW)
    folder = station.status_store.folder
    assert not list(folder.glob("*.changes")) and len(list(folder.glob("*.bits"))) == 1
    installed = station.load().status_lists["CN-BJ"]
    assert [installed.status_at(i) for i in (1, 2, 3, 5, 9, 4)] == [1, 2, 3, 1, 2, 0]


def test_the_command_lines_make_import_and_use_a_list(tmp_path, capsys, setup):
    auth, v = setup
    entries = tmp_path / "entries.txt"
    entries.write_text("# index status\n12 revoked\n13 suspended\n")
    lst = tmp_path / "cn-bj.status"
    code, out, err = call(issuer_cli.main, ["status-list", str(auth), "--size", "5000", "--entries", str(entries),
                                            "--out", str(lst)], capsys)
    assert code == 0, err
    assert "version 1" in out and "2 not valid" in out
    code, out, err = call(verifier_cli.main, v + ["trust", "import", str(lst)], capsys)
    assert code == 0 and "version 1 in force" in out, err
    _qr, _bar, text = issue(auth, tmp_path, capsys, "--status-idx", "12", "--at", at())
    code, out, _ = call(verifier_cli.main, v + ["verify", "--json", "--now", at(30), "-"], capsys,
                        stdin=text + "\n", monkeypatch=pytest.MonkeyPatch())
    assert code == 1
    assert "status_listed" in out
    entries.write_text("13 suspended\n")
    lst2, delta = tmp_path / "v2.status", tmp_path / "v2.delta"
    assert call(issuer_cli.main, ["status-list", str(auth), "--size", "5000", "--entries", str(entries),
                                  "--out", str(lst2)], capsys)[0] == 0
    code, out, err = call(issuer_cli.main, ["status-delta", str(auth), "--from", str(lst), "--to", str(lst2),
                                            "--out", str(delta)], capsys)
    assert code == 0, err
    code, out, err = call(verifier_cli.main, v + ["trust", "import", str(delta)], capsys)
    assert code == 0 and "1 change(s)" in out and "version 2 in force" in out, err
    code, out, _ = call(verifier_cli.main, v + ["trust", "show", "--json"], capsys)
    assert json.loads(out)["status_lists"][0]["version"] == 2
    bad_entries = tmp_path / "bad.txt"
    bad_entries.write_text("9999 revoked\n")
    code, _out, err = call(issuer_cli.main, ["status-list", str(auth), "--size", "5000", "--entries", str(bad_entries),
                                             "--out", str(tmp_path / "x")], capsys)
    assert code == 2 and "outside" in err


def test_lookups_read_the_memory_map_not_a_copy(authority, station, listed):
    rng = random.Random(1)
    installed = station.load().status_lists["CN-BJ"]
    assert type(installed._map).__name__ == "mmap"
    assert [installed.status_at(i) for i in (5, 9)] == [1, 2]
    assert all(installed.status_at(rng.randrange(10, SIZE)) == 0 for _ in range(1000))


def test_a_cut_short_bits_file_or_a_removed_root_withdraws_the_list_with_a_problem_named(authority, station, listed):
    from verifier_app.dl1 import certs

    bits = next(station.status_store.folder.glob("*.bits"))
    with open(bits, "r+b") as handle:
        handle.truncate(1000)
    snapshot = station.load()
    assert "CN-BJ" not in snapshot.status_lists
    assert any("wrong size" in p.message for p in snapshot.problems)
    station.remove_root(certs.fingerprint(authority.root_cert))
    snapshot = station.load()
    assert "CN-BJ" not in snapshot.status_lists
    assert any("no longer installed" in p.message for p in snapshot.problems)
