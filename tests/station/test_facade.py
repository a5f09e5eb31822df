"""The station facade (verifier_app.services): what the window and the CLI share, on a real station.

A real authority and code, real SQLite audit log, a pinned clock.  The front ends' tests (tests/cli,
tests/qt) run the same paths through the commands and the window; these check the facade's own
promises: the station's policy and role reach the verdict and its row, a damaged station.json keeps
its valid values, the retention's arithmetic and the export's order are one for both front ends.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from verifier_app import services
from verifier_app.scan import InputSource
from verifier_app.services import FixedClock, Role, Station, Verdict

from tests.conftest import NOW


def _scan(station: Station, clock: FixedClock, **policy: int):
    config = station.config()
    verifier = station.verifier(trust=station.trust(), policy=station.policy(config, **policy), clock=clock)
    audit = station.open_audit()
    return audit, station.scan_service(verifier=verifier, audit=audit, role=config.role, operator="desk 3")


def test_a_code_is_verified_and_recorded_with_the_stations_policy_and_role(station, authority, licence):
    services.configure(station, {"role": "rental"}, operator="admin")
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
    done = services.configure(station, {"clock_skew_s": 45}, operator="admin")
    assert (done.config.role, done.config.retention_days, done.config.clock_skew_s) == (Role.INSURANCE, 30, 45)
    assert any("max_qr_age_s" in note for note in done.notes)
    assert json.loads(path.read_text())["clock_skew_s"] == 45
    assert services.repair(station, operator="admin").config is None  # valid now: nothing rewritten
    path.write_text("[]")
    repaired = services.repair(station, operator="admin")
    assert repaired.config is not None and repaired.path == path and repaired.reset
    # the values last recorded in the audit log come back, not the defaults
    assert "role insurance" in services.describe_config(repaired.config) and repaired.config.clock_skew_s == 45


def test_retention_and_export_are_one_rule_for_both_front_ends(station, authority, licence, tmp_path):
    facade = Station(station)
    for n in range(2):
        audit, scan = _scan(facade, FixedClock(NOW))
        with audit:
            scan.verify_text(authority.issue(licence, at=NOW - dt.timedelta(seconds=30)), InputSource.TEXT, f"#{n}")
    with facade.open_audit() as audit:
        entries = audit.search()  # newest first
        out = tmp_path / "history.jsonl"
        assert services.export_history(entries, "jsonl", out) == 2
        exported = [json.loads(line)["id"] for line in out.read_text().splitlines()]
        assert exported == sorted(e.id for e in entries)  # oldest first in the file
        newest = max(e.at_datetime for e in entries)  # rows carry the wall clock's time
        assert services.purge_history(audit, days=0, operator="retention", now=newest) is None  # off: nothing
        assert services.purge_history(audit, days=30, operator="retention",
                                      now=newest + dt.timedelta(days=29)) == 0  # not 30 days old yet
        purged = services.purge_history(audit, days=30, operator="retention", now=newest + dt.timedelta(days=31))
        assert purged  # 31 days on, the log's old rows go (what purge keeps for its chain is its own rule)
        assert len([e for e in audit.search() if e.kind == "verification"]) < 2


def test_trust_is_described_as_plain_values(station, authority):
    info = Station(station).describe_trust(station.load(), NOW)
    assert info["state"] == "current" and len(info["roots"]) == 1 and info["problems"] == []
    [bundle] = info["bundles"]
    assert bundle["authority"] == authority.code and bundle["stale"] is False
