"""Trust bundles and the station's data folder: import, rollback, refusal, damage."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from verifier_app.dl1 import cbor, certs
from verifier_app.dl1.bundle import open_bundle
from verifier_app.errors import BundleRejected, RootRejected
from verifier_app.station.trust.store import StationStore, default_data_dir
from verifier_app.issuer.authority import Authority

from tests.conftest import NOW


def _snapshot_files(store: StationStore) -> dict[str, bytes]:
    return {str(p.relative_to(store.data_dir)): p.read_bytes()
            for p in store.data_dir.rglob("*") if p.is_file()}


def _fresh_station(tmp_path, authority) -> StationStore:
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    return store


def test_import_then_newer_replaces_older(tmp_path, authority):
    store = _fresh_station(tmp_path, authority)
    first = store.import_bundle(authority.make_bundle(now=NOW))
    assert first.replaced_sequence is None and first.bundle.content.sequence == 1
    second = store.import_bundle(authority.make_bundle(now=NOW))
    assert second.replaced_sequence == 1 and second.bundle.content.sequence == 2
    [bundle] = store.load().bundles
    assert bundle.content.sequence == 2


@pytest.mark.parametrize("sequence", [1, 2])
def test_rollback_is_refused_and_nothing_changes(tmp_path, authority, sequence):
    store = _fresh_station(tmp_path, authority)
    store.import_bundle(authority.make_bundle(now=NOW, sequence=2))
    before = _snapshot_files(store)
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(authority.make_bundle(now=NOW, sequence=sequence))
    assert "not newer" in info.value.message
    assert _snapshot_files(store) == before


def test_bundle_from_unknown_root_is_refused(tmp_path, authority):
    store = _fresh_station(tmp_path, authority)
    stranger = Authority.create(tmp_path / "x", code="CN-XX", name="x", now=NOW - dt.timedelta(days=1))
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(stranger.make_bundle(now=NOW))
    assert "root certificate" in info.value.message
    assert "install-root" in info.value.action
    assert not store.bundles_dir.exists() or not any(store.bundles_dir.iterdir())


def test_tampered_bundle_is_refused_and_installed_one_stays(tmp_path, authority):
    store = _fresh_station(tmp_path, authority)
    store.import_bundle(authority.make_bundle(now=NOW))
    before = _snapshot_files(store)
    item = cbor.loads(authority.make_bundle(now=NOW))
    message = item.value
    payload = cbor.loads(message[2])
    payload["revoked_signers"] = []
    payload["sequence"] = 99
    message[2] = cbor.dumps(payload)
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(cbor.dumps(item))
    assert "signature is not valid" in info.value.message
    assert _snapshot_files(store) == before


def test_credential_signer_cannot_sign_bundles(tmp_path, authority):
    from verifier_app.dl1.bundle import BundleContent, sign_bundle

    content = BundleContent("CN-BJ", 5, int(NOW.timestamp()), int(NOW.timestamp()) + 86400, ())
    forged = sign_bundle(content, authority.signer_key, authority.signer_cert)
    with pytest.raises(BundleRejected) as info:
        open_bundle(forged, (authority.root_cert,))
    assert "not allowed to sign trust bundles" in info.value.message


@pytest.mark.parametrize("junk", [b"", b"hello", b"\x00" * 100, bytes(range(256))])
def test_junk_files_are_refused_plainly(tmp_path, authority, junk):
    store = _fresh_station(tmp_path, authority)
    with pytest.raises(BundleRejected):
        store.import_bundle(junk)


def test_install_root_refuses_non_roots(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    with pytest.raises(RootRejected):
        store.install_root(b"not a certificate")
    with pytest.raises(RootRejected) as info:
        store.install_root((authority.directory / "signer-cert.pem").read_bytes())
    assert "self-signed root" in info.value.message
    assert not store.roots_dir.exists()


def test_damaged_bundle_file_is_named_and_ignored(station):
    [path] = list(station.bundles_dir.glob("*.dltrust"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    snapshot = station.load()
    assert snapshot.bundles == ()
    [problem] = snapshot.problems
    assert problem.path == str(path)
    assert "Import" in problem.action


def test_half_written_files_never_crash_loading(station):
    [bundle] = list(station.bundles_dir.glob("*.dltrust"))
    bundle.write_bytes(bundle.read_bytes()[:50])
    [root] = list(station.roots_dir.glob("*.pem"))
    root.write_bytes(root.read_bytes()[:80])
    station.state_path.write_text('{"newest_accepted_iat": ')
    snapshot = station.load()
    assert {p.path for p in snapshot.problems} == {str(bundle), str(root), str(station.state_path)}
    assert snapshot.roots == () and snapshot.bundles == () and snapshot.newest_accepted_iat is None


def test_a_damaged_file_can_be_replaced_by_reimporting(station, authority):
    [path] = list(station.bundles_dir.glob("*.dltrust"))
    path.write_bytes(b"garbage")
    station.import_bundle(authority.make_bundle(now=NOW))
    assert station.load().problems == ()


def test_failed_write_leaves_old_file_and_no_temp(station, authority, monkeypatch):
    [path] = list(station.bundles_dir.glob("*.dltrust"))
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(Exception) as info:
        station.import_bundle(authority.make_bundle(now=NOW))
    assert "No space left" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in station.bundles_dir.iterdir()] == [path.name]


def test_state_records_only_increases(station):
    station.record_accepted(100)
    station.record_accepted(50)
    assert json.loads(station.state_path.read_text()) == {"newest_accepted_iat": 100}
    assert station.load().newest_accepted_iat == 100


def test_data_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VERIFIER_DATA_DIR", str(tmp_path / "here"))
    assert default_data_dir() == tmp_path / "here"
    monkeypatch.delenv("VERIFIER_DATA_DIR")
    assert default_data_dir().name == "dl-verifier"


def test_kid_is_sha256_prefix_of_der(authority):
    import hashlib

    from cryptography.hazmat.primitives import serialization

    der = authority.signer_cert.public_bytes(serialization.Encoding.DER)
    assert certs.kid_of(authority.signer_cert) == hashlib.sha256(der).digest()[:8]
    assert certs.authority_code(authority.signer_cert) == "CN-BJ"


def test_bundle_authority_must_match_its_signer(tmp_path, authority):
    from verifier_app.dl1.bundle import BundleContent, sign_bundle

    content = BundleContent("CN-SH", 5, int(NOW.timestamp()), int(NOW.timestamp()) + 86400, ())
    forged = sign_bundle(content, authority.bundle_key, authority.bundle_cert)
    with pytest.raises(BundleRejected) as info:
        open_bundle(forged, (authority.root_cert,))
    assert "claims authority CN-SH" in info.value.message
