"""The station facade (verifier_app.services): what the window and the CLI share, on a real station.

A real authority and code, real SQLite audit log, a pinned clock.  The front ends' tests (tests/cli,
tests/qt) run the same paths through the commands and the window; these check the facade's own
promises: the station's policy and role reach the verdict and its row, a damaged station.json keeps
its valid values, the retention's arithmetic and the export's order are one for both front ends; the
trust and history services give values, and the store and the log stay behind the facade.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

import verifier_app
from verifier_app import services
from verifier_app.errors import RootRejected, VerifierError
from verifier_app.issuer.status_lists import make_status_list
from verifier_app.scan import InputSource
from verifier_app.services import BundleImport, FixedClock, Role, Station, StatusImport, Verdict
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW


def _scan(station: Station, clock: FixedClock, **policy: int):
    config = station.config()
    verifier = station.verifier(trust=station.trust.snapshot(), policy=station.policy(config, **policy), clock=clock)
    history = station.open_history()
    return history, station.scan_service(verifier=verifier, history=history, role=config.role, operator="desk 3")


def test_a_code_is_verified_and_recorded_with_the_stations_policy_and_role(station, authority, licence):
    services.configure(Station(station), {"role": "rental"}, operator="admin")
    facade = Station.open(station.data_dir)
    text = authority.issue(licence, at=NOW - dt.timedelta(seconds=120))  # fresh by the default 180 s
    audit, scan = _scan(facade, FixedClock(NOW))
    with audit:
        event = scan.verify_text(text, InputSource.TEXT, "typed")
        assert event.result.verdict is Verdict.VALID
        assert event.entry is not None and event.entry.operator == "desk 3"
        assert scan.role is Role.RENTAL  # the role station.json names, not a default
        [row] = audit.search()
        assert row.id == event.entry.id and row.verdict == "valid"
    # the same code under a stricter freshness given by a command: judged by that policy, not the station's
    audit, scan = _scan(facade, FixedClock(NOW), max_age_s=60, skew_s=0)
    with audit:
        assert scan.verify_text(text, InputSource.TEXT, "typed").result.verdict is not Verdict.VALID


def test_policy_values_out_of_range_are_refused_before_anything_is_built(station):
    with pytest.raises(ValueError):
        Station(station).policy(Station(station).config(), max_age_s=0)


def test_configure_keeps_a_damaged_files_valid_values_and_repair_says_what_it_reset(station):
    path = services.config_path(station.data_dir)
    path.write_text('{"role": "insurance", "max_qr_age_s": "lots", "retention_days": 30}')
    facade = Station(station)
    done = services.configure(facade, {"clock_skew_s": 45}, operator="admin")
    assert (done.config.role, done.config.retention_days, done.config.clock_skew_s) == (Role.INSURANCE, 30, 45)
    assert any("max_qr_age_s" in note for note in done.notes)
    assert json.loads(path.read_text())["clock_skew_s"] == 45
    assert services.repair(facade, operator="admin").config is None  # valid now: nothing rewritten
    path.write_text("[]")
    repaired = services.repair(facade, operator="admin")
    assert repaired.config is not None and repaired.path == path and repaired.reset
    # the values last recorded in the audit log come back, not the defaults
    assert "role insurance" in services.describe_config(repaired.config) and repaired.config.clock_skew_s == 45


def test_retention_and_export_are_one_rule_for_both_front_ends(station, authority, licence, tmp_path):
    facade = Station(station)
    for n in range(2):
        audit, scan = _scan(facade, FixedClock(NOW))
        with audit:
            scan.verify_text(authority.issue(licence, at=NOW - dt.timedelta(seconds=30)), InputSource.TEXT, f"#{n}")
    with facade.open_history() as history:
        entries = history.search()  # newest first
        out = tmp_path / "history.jsonl"
        assert history.export(entries=entries, fmt="jsonl", path=out) == 2
        exported = [json.loads(line)["id"] for line in out.read_text().splitlines()]
        assert exported == sorted(e.id for e in entries)  # oldest first in the file
        newest = max(e.at_datetime for e in entries)  # rows carry the wall clock's time
        assert history.purge(days=0, operator="retention", now=newest) is None  # off: nothing
        assert history.purge(days=30, operator="retention", now=newest + dt.timedelta(days=29)) == 0  # not yet
        purged = history.purge(days=30, operator="retention", now=newest + dt.timedelta(days=31))
        assert purged  # 31 days on, the log's old rows go (what purge keeps for its chain is its own rule)
        assert len([e for e in history.search() if e.kind == "verification"]) < 2
        assert history.verify_chain().ok  # the purge left a provable chain


def test_trust_is_described_as_plain_values(station, authority):
    info = Station(station).describe_trust(station.load(), NOW)
    assert info["state"] == "current" and len(info["roots"]) == 1 and info["problems"] == []
    [bundle] = info["bundles"]
    assert bundle["authority"] == authority.code and bundle["stale"] is False


def test_trust_actions_give_values_and_change_the_station_as_the_store_would(tmp_path, authority):
    facade = Station.open(tmp_path / "new")
    root = (authority.directory / "root-cert.pem").read_bytes()
    preview = facade.trust.preview_root(data=root)
    assert not preview.already_installed and facade.trust.installed_roots() == []  # nothing pinned by a preview
    pinned = facade.trust.install_root(data=root, operator="admin")
    assert (pinned.subject, pinned.sha256, pinned.already_installed) == (preview.subject, preview.sha256, True)
    assert [r.sha256 for r in facade.trust.installed_roots()] == [preview.sha256]
    assert facade.trust.scope == "per_user" and facade.trust.info(now=NOW)["roots"][0]["sha256"] == preview.sha256

    bundle = facade.trust.import_file(data=authority.make_bundle(now=NOW - dt.timedelta(hours=1)), operator="admin",
                                      now=NOW)
    assert isinstance(bundle, BundleImport) and bundle.authority == authority.code
    assert bundle.replaced_sequence is None and bundle.signers >= 1 and bundle.next_update > NOW
    newer = facade.trust.import_file(data=authority.make_bundle(now=NOW - dt.timedelta(minutes=5)), operator="admin",
                                     now=NOW)
    assert isinstance(newer, BundleImport) and newer.replaced_sequence == bundle.sequence
    status = facade.trust.import_file(data=make_status_list(authority, size=1000, entries=[(7, 1)],
                                                            now=NOW - dt.timedelta(minutes=1)),
                                      operator="admin", now=NOW)
    assert isinstance(status, StatusImport) and (status.authority, status.size) == (authority.code, 1000)
    snapshot = facade.trust.snapshot()
    assert [b.content.sequence for b in snapshot.bundles] == [newer.sequence] and authority.code in snapshot.status_lists

    with pytest.raises(RootRejected):  # a typo is said before anything is asked or changed
        facade.trust.find_root(fingerprint="0123456789")
    assert facade.trust.find_root(fingerprint=preview.sha256[:12]) == preview.sha256
    removed = facade.trust.remove_root(fingerprint=preview.sha256, operator="admin")
    assert (removed.sha256, removed.already_installed) == (preview.sha256, False)
    assert facade.trust.installed_roots() == [] and not facade.trust.snapshot().bundles  # its bundle went too
    # each change is in the audit log, as when the store was called directly
    with facade.open_history() as history:
        assert history.verify_chain().ok


def test_history_gives_one_entry_and_its_receipt(station, authority, licence):
    facade = Station(station)
    history, scan = _scan(facade, FixedClock(NOW))
    with history:
        event = scan.verify_text(authority.issue(licence, at=NOW - dt.timedelta(seconds=30)), InputSource.TEXT, "t")
        assert event.entry is not None
        entry = history.entry(entry_id=event.entry.id)
        assert entry == event.entry
        assert history.search(verdict="valid", document_number=licence.document_number) == [entry]
        assert history.search(verdict="invalid") == []
        page = history.receipt_html(entry=entry, lang="en", live=event.result)
        assert f"{entry.id}" in page and "VALID" in page.upper()
        with pytest.raises(VerifierError):
            history.entry(entry_id=entry.id + 100)


def test_the_facade_hands_out_neither_the_trust_store_nor_the_audit_log(tmp_path):
    """Front ends get a Station and a History: the facade exports no StationStore or AuditLog, a Station
    shows none as a public attribute, and no front-end module names either class."""
    exported = {name: getattr(services, name) for name in dir(services) if not name.startswith("_")}
    assert not {name for name, value in exported.items() if value in (StationStore, AuditLog)}
    assert "StationStore" not in services.__all__ and "AuditLog" not in services.__all__
    facade = Station.open(tmp_path / "s")
    with facade.open_history() as history:
        for handed in (facade, facade.trust, history):
            public = {k: v for k, v in vars(handed).items() if not k.startswith("_")}
            assert not [k for k, v in public.items() if isinstance(v, (StationStore, AuditLog))], handed
    package = Path(verifier_app.__file__).parent
    named = []
    for path in sorted([*package.glob("cli/**/*.py"), *package.glob("qt/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else
                     [node.id] if isinstance(node, ast.Name) else [node.attr] if isinstance(node, ast.Attribute) else [])
            named += [f"{path.relative_to(package)}:{node.lineno}" for n in names
                      if n in ("StationStore", "AuditLog", "_store", "_log")]
    assert named == []  # e.g. qt/window/main_window.py used AuditLog.in_data_dir and StationStore itself
