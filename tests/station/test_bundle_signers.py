"""Issue 19 §2 and §5 (huge integers): which bundles may change a station's trust.

A bundle must be signed by a key valid at the station's *now* and not revoked by any bundle the
station accepted, and must not be older than the bundle in force; a signed bundle carrying an
impossible number is refused by name.  Real keys and signatures (the issuer toolkit), real SQLite,
the real command line; time injected.
"""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from cryptography.hazmat.primitives import serialization

from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import run
from verifier_app.dl1 import cbor, certs, cose
from verifier_app.dl1.bundle import BundleContent, DocumentStatus, X5CHAIN
from verifier_app.dl1.credential import LicenceStatus
from verifier_app.errors import BundleRejected
from verifier_app.issuer.authority import Authority
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW, UTC, verifier_for

SET_UP = dt.datetime(2021, 1, 1, tzinfo=UTC)
RETIRED = dt.datetime(2022, 12, 31, tzinfo=UTC)  # the old bundle signer's certificate ends here


@pytest.fixture
def old_authority(tmp_path) -> Authority:
    """An authority set up in 2021 (20-year root, 10-year signers), so a key retired in 2022 chains to its root."""
    return Authority.create(tmp_path / "auth-2021", code="CN-BJ", name="Beijing Traffic Police", now=SET_UP,
                            signer_years=10)


def _station(tmp_path, authority: Authority) -> StationStore:
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes(), now=NOW)
    return store


def _files(store: StationStore) -> dict[str, bytes]:
    return {str(p.relative_to(store.config_dir)): p.read_bytes() for p in store.config_dir.rglob("*")
            if p.is_file() and not p.name.startswith("audit.sqlite3")}


def _codes(store: StationStore, text: str) -> set[str]:
    return set(verifier_for(store).verify(text).codes)


def test_the_issues_attack_a_retired_revoked_key_and_a_backdated_bundle_is_refused(tmp_path, old_authority, licence,
                                                                                  capsys, monkeypatch):
    """Bundle 3 revokes the 2022 bundle signer and suspends a licence; a bundle signed by that key, dated
    2022-06-01, number 1000, must not lift the suspension nor use up numbers (it did: exit 0)."""
    old_key = old_authority.make_bundle_signer(not_before=SET_UP, not_after=RETIRED)
    old_kid = certs.kid_of(old_key[1])
    store = _station(tmp_path, old_authority)
    suspended = {licence.document_number: DocumentStatus(LicenceStatus.SUSPENDED, dt.date(2026, 11, 1))}
    for seq, age in ((1, dt.timedelta(days=2)), (2, dt.timedelta(days=1))):
        store.import_bundle(old_authority.make_bundle(now=NOW - age, sequence=seq), now=NOW)
    store.import_bundle(old_authority.make_bundle(now=NOW - dt.timedelta(hours=1), sequence=3, revoked_kids=[old_kid],
                                                  documents=suspended), now=NOW)
    code = old_authority.issue(licence, at=NOW)
    assert "document_listed" in _codes(store, code)
    before = _files(store)

    attack = old_authority.make_bundle(now=dt.datetime(2022, 6, 1, tzinfo=UTC), sequence=1000, bundle_signer=old_key)
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(attack, now=NOW)
    assert "revoked" in info.value.message and old_kid.hex() in info.value.message
    assert "current trust bundle" in info.value.action

    # the command line says so too, exit 2, one line
    path = tmp_path / "attack.dltrust"
    path.write_bytes(attack)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status = run(verifier_cli.main, ["--data-dir", str(store.data_dir), "trust", "import", str(path)])
    err = capsys.readouterr().err
    assert status == 2 and "\nerror: this bundle was signed by a key" in err and "unexpected" not in err

    assert _files(store) == before  # the old trust kept, no number used up
    assert store.highest_sequence("CN-BJ") == 3
    [bundle] = store.load().bundles
    assert bundle.content.sequence == 3
    assert "document_listed" in _codes(store, code)  # the suspension is still in force
    outcome = store.import_bundle(old_authority.make_bundle(now=NOW, sequence=4, documents=suspended), now=NOW)
    assert outcome.replaced_sequence == 3  # the authority's next real bundle still imports


def test_a_key_that_expired_can_not_sign_a_bundle_even_dated_in_its_lifetime(tmp_path, old_authority):
    store = _station(tmp_path, old_authority)
    old_key = old_authority.make_bundle_signer(not_before=SET_UP, not_after=RETIRED)
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(old_authority.make_bundle(now=dt.datetime(2022, 6, 1, tzinfo=UTC), sequence=1000,
                                                      bundle_signer=old_key), now=NOW)
    assert "expired on 2022-12-31" in info.value.message and "retired key" in info.value.message
    assert store.load().bundles == () and store.highest_sequence("CN-BJ") is None
    store.import_bundle(old_authority.make_bundle(now=NOW, sequence=1), now=NOW)  # number 1 still free


def test_a_revoked_bundle_signer_stays_revoked_when_a_later_bundle_omits_it(tmp_path, old_authority):
    """Sticky revocations cover bundle signers too: a bundle revokes a key by its kid, whatever it signed."""
    store = _station(tmp_path, old_authority)
    second = old_authority.make_bundle_signer(not_before=SET_UP, not_after=NOW + dt.timedelta(days=400))
    kid = certs.kid_of(second[1])
    store.import_bundle(old_authority.make_bundle(now=NOW - dt.timedelta(hours=3), sequence=1, revoked_kids=[kid]),
                        now=NOW)
    store.import_bundle(old_authority.make_bundle(now=NOW - dt.timedelta(hours=2), sequence=2), now=NOW)  # omits it
    store.trust_state_path.unlink()  # the audit chain remembers it too
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(old_authority.make_bundle(now=NOW, sequence=3, bundle_signer=second), now=NOW)
    assert "revoked" in info.value.message
    assert store.highest_sequence("CN-BJ") == 2


def test_a_bundle_older_than_the_one_in_force_is_refused_whatever_its_number(tmp_path, authority):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes(), now=NOW)
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1), sequence=1), now=NOW)
    backdated = authority.make_bundle(now=NOW - dt.timedelta(days=2), sequence=50)
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(backdated, now=NOW)
    assert "before the bundle already accepted" in info.value.message
    assert store.newest_issued_at("CN-BJ") == int((NOW - dt.timedelta(hours=1)).timestamp())
    store.trust_state_path.unlink()  # kept in the audit rows too, like the number
    [path] = store.bundles_dir.glob("*.dltrust")
    path.write_bytes(b"damaged")  # and without the installed bundle
    with pytest.raises(BundleRejected):
        store.import_bundle(backdated, now=NOW)
    store.import_bundle(authority.make_bundle(now=NOW, sequence=2), now=NOW)  # no number was used up
    assert store.newest_issued_at("CN-BJ") == int(NOW.timestamp())


# ------------------------------------------------------------ §5 huge integers in a signed bundle


def _signed(authority: Authority, **changes) -> bytes:
    """A bundle properly signed by the authority's bundle signer, whose payload carries ``changes``."""
    iat = int(NOW.timestamp())
    payload = cbor.loads(BundleContent("CN-BJ", 7, iat, iat + 86400, (authority.signer_cert,)).to_payload())
    payload.update(changes)
    der = authority.bundle_cert.public_bytes(serialization.Encoding.DER)
    return cose.sign1(cbor.dumps(payload), authority.bundle_key, kid=certs.kid_of(authority.bundle_cert),
                      extra_protected={X5CHAIN: der}, tagged=True)


HUGE = [
    ("sequence", 2**64 - 1, "out of range"),
    ("sequence", 2**63, "out of range"),  # past SQLite's integers
    ("sequence", 0, "out of range"),
    ("sequence", cbor.Tag(2, (2**80).to_bytes(11, "big")), "too large"),  # a CBOR bignum: 2^64 and beyond
    ("issued_at", 2**64 - 1, "out of range"),
    ("issued_at", -1, "out of range"),
    ("next_update", 2**64 - 1, "out of range"),  # past time_t
    ("next_update", 10**12, "out of range"),  # past the year 9999
    ("issued_at", "2026-11-25", "not a whole number"),
]


@pytest.mark.parametrize("field, value, said", HUGE, ids=[f"{f}={str(v)[:12]}" for f, v, _ in HUGE])
def test_a_signed_bundle_with_an_impossible_number_is_refused_by_name(tmp_path, authority, capsys, monkeypatch,
                                                                      field, value, said):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes(), now=NOW)
    data = _signed(authority, **{field: value})
    with pytest.raises(BundleRejected) as info:
        store.import_bundle(data, now=NOW)
    assert f"bundle's {field}" in info.value.message and said in info.value.message
    assert "corrected trust bundle" in info.value.action
    path = tmp_path / "huge.dltrust"
    path.write_bytes(data)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status = run(verifier_cli.main, ["--data-dir", str(store.data_dir), "trust", "import", str(path)])
    err = capsys.readouterr().err
    [line] = [t for t in err.splitlines() if t.startswith("error:")]  # one line, after the no-passphrase warning
    assert status == 2 and "unexpected" not in err and f"bundle's {field}" in line
    assert store.load().bundles == () and store.highest_sequence("CN-BJ") is None
