"""Stations syncing trust from a real TUF repository over real HTTP on 127.0.0.1 (docs/fleet.md, Distribution).

Each refusal test checks the exit status, the one-line reason and that the station's trust is the
one it had: with the protection missing, the station would import or report success.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

from verifier_app.central.repo import Repository
from verifier_app.issuer.status_lists import make_status_delta, make_status_list
from verifier_app.issuer.holder import load_holder
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import FixedClock
from verifier_app.verify.engine import Verdict, Verifier
from verifier_app.verify.policy import Policy

from tests.conftest import RESOURCES

from .conftest import REAL_NOW, admin_rows, copy_public, installed_sequence


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_two_stations_sync_bundle_1_then_bundle_2_with_one_audit_row_per_change(fleet):
    fleet.publish(fleet.bundle(1))
    first, second = fleet.station("station-a"), fleet.station("station-b")
    for v in (first, second):
        code, out, err = fleet.sync(v)
        assert code == 0, err
        assert "imported trust bundle CN-BJ number 1" in out and "current with the fleet repository" in out
        assert installed_sequence(v) == 1
        assert len(admin_rows(v, "bundle_imported")) == 1
    code, out, _ = fleet.sync(first)  # nothing changed: exit 0, nothing imported, no audit row
    assert code == 0 and "imported" not in out and len(admin_rows(first, "bundle_imported")) == 1
    fleet.publish(fleet.bundle(2))
    code, out, err = fleet.sync(first, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"], err
    assert [c["text"] for c in report["changes"]] == ["imported trust bundle CN-BJ number 2 (replaced number 1)"]
    assert report["versions"]["targets"] == 3  # init, bundle 1, bundle 2
    assert installed_sequence(first) == 2 and len(admin_rows(first, "bundle_imported")) == 2
    last = json.loads((StationStore(first[1]).config_dir / "fleet" / "last-sync.json").read_text())
    assert last["last_success"]["versions"]["targets"] == 3
    assert last["applied"]["bundle/CN-BJ.dltrust"]


def test_nothing_changed_downloads_only_the_timestamp(fleet, monkeypatch):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    from tuf.ngclient.urllib3_fetcher import Urllib3Fetcher

    fetched: list[str] = []
    original = Urllib3Fetcher._fetch
    monkeypatch.setattr(Urllib3Fetcher, "_fetch", lambda self, url: fetched.append(url) or original(self, url))
    assert fleet.sync(v)[0] == 0
    assert sorted(u.rsplit("/", 1)[1] for u in fetched) == ["2.root.json", "timestamp.json"]


def test_a_bundle_already_imported_by_hand_is_skipped_not_an_error(fleet):
    data = fleet.bundle(1)
    fleet.publish(data)
    v = fleet.station("station-a")
    assert fleet.verifier(v + ["trust", "import", str(fleet.file(data))])[0] == 0
    code, out, err = fleet.sync(v)
    assert code == 0, err
    assert "bundle/CN-BJ.dltrust: already in force here" in out
    assert len(admin_rows(v, "bundle_imported")) == 1


def test_server_stopped_sync_fails_in_one_line_and_trust_is_kept(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    fleet.publish(fleet.bundle(2))
    fleet.server.stop()
    code, out, err = fleet.sync(v)
    assert code == 2 and out == ""
    assert "can't be reached" in _one_line(err) and "trust is unchanged" in err
    assert installed_sequence(v) == 1
    code, out, _ = fleet.verifier(v + ["trust", "show"])
    assert code == 0 and "Trust state: current" in out
    # ... and verifying on as before, with the trust the last good sync brought.
    now = dt.datetime.now(dt.timezone.utc)
    code_text = fleet.authority.issue(load_holder(RESOURCES / "sample-holder.json"), at=now - dt.timedelta(seconds=20))
    result = Verifier(trust=StationStore(v[1]).load(), policy=Policy(), clock=FixedClock(now)).verify(code_text)
    assert result.verdict is Verdict.VALID
    last = json.loads((StationStore(v[1]).config_dir / "fleet" / "last-sync.json").read_text())
    assert "can't be reached" in last["last_failure"]["reason"] and last["last_success"]


def test_an_older_copy_of_the_repository_is_refused_as_a_rollback(fleet, tmp_path):
    fleet.publish(fleet.bundle(1))
    old = copy_public(fleet.repo, tmp_path / "old-copy")
    fleet.publish(fleet.bundle(2))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0 and installed_sequence(v) == 2
    fleet.server.serve(old)  # a mirror frozen at an older state, its timestamp still in date
    code, out, err = fleet.sync(v)
    assert code == 2 and "rollback" in _one_line(err)
    assert installed_sequence(v) == 2


def test_an_expired_timestamp_is_refused_and_the_new_bundle_not_imported(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    fleet.publish(fleet.bundle(2))
    # The operator stopped re-signing: a timestamp that ran out yesterday (a frozen mirror).
    Repository(fleet.repo).refresh_timestamp(now=REAL_NOW - dt.timedelta(days=2), days=1)
    code, out, err = fleet.sync(v)
    assert code == 2 and "expired" in _one_line(err)
    assert installed_sequence(v) == 1 and len(admin_rows(v, "bundle_imported")) == 1


def test_a_target_swapped_on_the_mirror_is_refused_even_when_the_authority_signed_it(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    bundle2 = fleet.bundle(2)
    fleet.publish(bundle2)
    # A compromised mirror serves bundle 3 (really signed by the authority, never published by the operator)
    # under the name of the published bundle 2: only TUF's signed hash tells them apart.
    served = fleet.repo / "public" / "targets" / "bundle" / f"{hashlib.sha256(bundle2).hexdigest()}.CN-BJ.dltrust"
    served.write_bytes(fleet.bundle(3))
    code, out, err = fleet.sync(v)
    assert code == 2 and "does not match its signed hash" in _one_line(err)
    assert installed_sequence(v) == 1


def test_a_bad_signature_on_the_timestamp_is_refused(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    fleet.publish(fleet.bundle(2))
    path = fleet.repo / "public" / "metadata" / "timestamp.json"
    doc = json.loads(path.read_text())
    doc["signed"]["version"] += 5  # changed after signing
    path.write_text(json.dumps(doc))
    code, out, err = fleet.sync(v)
    assert code == 2 and "bad signature" in _one_line(err)
    assert installed_sequence(v) == 1


def test_a_station_syncs_from_a_folder_copy_usb_stick(fleet, tmp_path):
    fleet.publish(fleet.bundle(1))
    first_copy = copy_public(fleet.repo, tmp_path / "stick-day-1")
    fleet.server.stop()  # the air-gapped station never sees the network
    stick = copy_public(fleet.repo, tmp_path / "usb")
    v = fleet.station("station-usb", source=str(stick))
    code, out, err = fleet.sync(v)
    assert code == 0 and "number 1" in out, err
    fleet.publish(fleet.bundle(2))
    shutil.rmtree(stick)
    copy_public(fleet.repo, stick)
    code, out, err = fleet.sync(v)
    assert code == 0 and "number 2 (replaced number 1)" in out, err
    # Yesterday's stick brought back is refused like an older mirror: the same client, the same checks.
    shutil.rmtree(stick)
    shutil.copytree(first_copy, stick)
    code, out, err = fleet.sync(v)
    assert code == 2 and "rollback" in _one_line(err) and installed_sequence(v) == 2


def test_status_list_and_delta_are_delivered_through_sync(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    a = fleet.authority
    l1 = make_status_list(a, size=1000, entries=[(5, 1)], now=REAL_NOW - dt.timedelta(hours=2))
    l2 = make_status_list(a, size=1000, entries=[(5, 1), (7, 2)], now=REAL_NOW - dt.timedelta(hours=1))
    fleet.publish(l1)
    code, out, err = fleet.sync(v)
    assert code == 0 and "imported status list CN-BJ version 1" in out, err
    fleet.publish(make_status_delta(a, old=l1, new=l2, now=REAL_NOW - dt.timedelta(hours=1)))
    code, out, err = fleet.sync(v)
    assert code == 0 and "applied status delta CN-BJ to version 2 (1 change(s))" in out, err
    lists = StationStore(v[1]).load().status_lists
    assert lists["CN-BJ"].version == 2 and lists["CN-BJ"].status_at(7) == 2 and lists["CN-BJ"].status_at(6) == 0
    assert len(admin_rows(v, "status_list_imported")) == 1 and len(admin_rows(v, "status_delta_applied")) == 1
    # A station subscribing later gets the list and then the delta, in order.
    late = fleet.station("station-late")
    code, out, err = fleet.sync(late)
    assert code == 0 and out.index("status list CN-BJ version 1") < out.index("delta CN-BJ to version 2"), err


def test_an_authority_the_station_does_not_pin_is_left_alone(fleet, tmp_path):
    from verifier_app.issuer.authority import Authority

    other = Authority.create(tmp_path / "other", code="CN-SH", name="Shanghai", now=REAL_NOW - dt.timedelta(days=30))
    fleet.publish(fleet.bundle(1), other.make_bundle(now=REAL_NOW - dt.timedelta(hours=1)))
    v = fleet.station("station-a")
    code, out, err = fleet.sync(v)
    assert code == 0, err
    assert "CN-SH: published, but this station pins no root of CN-SH" in out and installed_sequence(v) == 1


def test_a_published_file_refused_on_import_makes_sync_fail_after_the_rest(fleet, tmp_path):
    from verifier_app.issuer.authority import Authority

    # The same authority code under a root the station does not pin: its signature can't be checked here.
    impostor = Authority.create(tmp_path / "impostor", code="CN-BJ", name="Not Beijing",
                                now=REAL_NOW - dt.timedelta(days=30))
    fleet.publish(impostor.make_bundle(now=REAL_NOW - dt.timedelta(hours=1), sequence=5))
    v = fleet.station("station-a")
    code, out, err = fleet.sync(v)
    assert code == 2 and "refused on import" in err and "not signed under any root" in err
    assert installed_sequence(v) is None and admin_rows(v, "bundle_imported") == []


def test_subscribe_needs_the_administrator_and_a_real_root(fleet, monkeypatch):
    v = ["--data-dir", str(fleet.tmp / "locked")]
    monkeypatch.setenv("VERIFIER_NEW_ADMIN_PASSPHRASE", "correct horse")
    assert fleet.verifier(v + ["admin", "set-passphrase"])[0] == 0
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", "wrong")
    code, _, err = fleet.verifier(v + ["trust", "subscribe", fleet.server.url, "--root", str(fleet.repo / "root.json")])
    assert code == 2 and "passphrase" in err
    assert not (StationStore(v[1]).config_dir / "fleet" / "subscription.json").exists()
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", "correct horse")
    timestamp = fleet.repo / "public" / "metadata" / "timestamp.json"
    code, _, err = fleet.verifier(v + ["trust", "subscribe", fleet.server.url, "--root", str(timestamp)])
    assert code == 2 and "not a root" in err
    code, out, err = fleet.verifier(v + ["trust", "subscribe", fleet.server.url, "--root", str(fleet.repo / "root.json")])
    assert code == 0 and "Subscribed" in out, err
    assert len(admin_rows(v, "fleet_subscribed")) == 1


def test_sync_without_a_subscription_says_how_to_subscribe(fleet):
    code, out, err = fleet.sync(["--data-dir", str(fleet.tmp / "lonely")])
    assert code == 2 and "verifier trust subscribe" in _one_line(err)


def test_a_rotated_key_is_followed_and_the_stolen_old_one_is_worthless(fleet, capsys):
    from securesystemslib.signer import CryptoSigner
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from tuf.api.metadata import Metadata

    from verifier_app.cli import central as central_cli

    from .conftest import call

    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    stolen = CryptoSigner(load_pem_private_key((fleet.repo / "keys" / "timestamp-key.pem").read_bytes(), None))
    code, out, err = call(central_cli.main, ["repo", "rotate", str(fleet.repo), "timestamp"], capsys)
    assert code == 0 and "root version 2" in out, err
    fleet.publish(fleet.bundle(2))
    code, out, err = fleet.sync(v, "--json")
    assert code == 0 and json.loads(out)["versions"]["root"] == 2, err
    assert installed_sequence(v) == 2
    # The thief signs a newer timestamp with the old key (pointing at the same snapshot): refused.
    path = fleet.repo / "public" / "metadata" / "timestamp.json"
    forged = Metadata.from_bytes(path.read_bytes())
    forged.signed.version += 1
    forged.signatures.clear()
    forged.sign(stolen)
    path.write_bytes(forged.to_bytes())
    code, out, err = fleet.sync(v)
    assert code == 2 and "bad signature" in _one_line(err)
    # A root rotation is followed too (the new root signed by the old root key and the new one).
    assert call(central_cli.main, ["repo", "rotate", str(fleet.repo), "root"], capsys)[0] == 0
    code, out, err = fleet.sync(v, "--json")
    assert code == 0 and json.loads(out)["versions"]["root"] == 3, err


def test_a_refusal_is_json_too_with_json(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    fleet.server.stop()
    code, out, err = fleet.sync(v, "--json")
    assert code == 2 and "can't be reached" in _one_line(err)
    report = json.loads(out)
    assert report["ok"] is False and "can't be reached" in report["error"]


def test_an_administered_station_keeps_its_fleet_state_in_the_system_folder(fleet, system_folder):
    v = fleet.station("station-sys")
    fleet.publish(fleet.bundle(1))
    code, out, err = fleet.sync(v)
    assert code == 0, err
    for name in ("subscription.json", "last-sync.json", "tuf/metadata/timestamp.json"):
        assert (system_folder / "fleet" / name).is_file()
    assert (system_folder / "bundles").is_dir() and not (fleet.tmp / "station-sys" / "fleet").exists()
    assert len(admin_rows(v, "bundle_imported")) == 1  # the audit row in the data folder's log


def test_a_lost_root_link_does_not_lose_the_trust_anchor(fleet):
    """ngclient removes and re-creates metadata/root.json at every start; a kill in between must not matter."""
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    (StationStore(v[1]).config_dir / "fleet" / "tuf" / "metadata" / "root.json").unlink()
    fleet.publish(fleet.bundle(2))
    code, out, err = fleet.sync(v)
    assert code == 0 and "number 2" in out, err
