"""Every reason code, each from a credential made for it and signed for real."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import zlib

import pytest

from verifier_app.dl1 import cbor, certs
from verifier_app.dl1.base45 import b45encode
from verifier_app.dl1.bundle import DocumentStatus
from verifier_app.dl1.credential import CLAIM_EXP, CLAIM_ISS, CLAIM_LICENCE, LicenceStatus, QR_PREFIX
from verifier_app.verify.engine import Verdict
from verifier_app.verify.reasons import ReasonCode, Severity
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.trust import SignerEntry
from verifier_app.issuer.authority import Authority, make_leaf, sign_claims

from tests.conftest import NOW, cose_of, sign_raw_payload, text_of, verifier_for

SECOND = dt.timedelta(seconds=1)


def codes(result) -> list[str]:
    return [r.code.value for r in result.reasons]


def detail_of(result) -> str:
    """The parser's technical words: kept for "Details" and JSON, never in the officer's message."""
    reason = result.reasons[0]
    detail = reason.technical_detail or ""
    assert detail and detail not in reason.message() and detail == reason.to_json()["params"]["detail"]
    return detail


def test_fresh_code_is_valid_with_everything_shown(station, authority, licence):
    text = authority.issue(licence, at=NOW - 37 * SECOND)
    result = verifier_for(station).verify(text)
    assert result.verdict is Verdict.VALID, result.reasons
    assert result.reasons == ()
    assert result.licence == licence
    assert result.age_s == pytest.approx(37)
    assert result.signer.kid == certs.kid_of(authority.signer_cert).hex()
    assert result.signer.authority_code == "CN-BJ"
    assert result.bundle.sequence == 1
    assert result.generated_at == NOW - 37 * SECOND
    assert len(result.presentation_id) == 32


def test_ed25519_authority_verifies(tmp_path, licence):
    authority = Authority.create(tmp_path / "ed", code="CN-SH", name="Shanghai", algorithm="ed25519",
                                 now=NOW - dt.timedelta(days=3))
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=2)))
    result = verifier_for(store).verify(authority.issue(licence, at=NOW))
    assert result.verdict is Verdict.VALID, result.reasons
    assert cose_of(authority.issue(licence, at=NOW))[0] == cbor.dumps({1: -8, 4: certs.kid_of(authority.signer_cert)})


# ------------------------------------------------------------------ form


@pytest.mark.parametrize(
    "text, detail",
    [
        ("HC1:6BFOXN*TS0BI$ZD", "does not start with DL1:"),
        ("DL1:!!!", "Base45"),
        ("DL1:A", "Base45"),
        ("DL1:" + b45encode(b"not zlib at all"), "zlib"),
        ("DL1:" + b45encode(zlib.compress(b"\x84\x40")), "CBOR"),
        ("DL1:" + b45encode(zlib.compress(bytes(1_000_000))), "inflates beyond"),
        ("DL1:" + b45encode(zlib.compress(cbor.dumps([b"", {}, b"", b""]))[:-3]), "truncated"),
        ("DL1:" + "A" * 9000, "too long"),
        ("", "does not start"),
    ],
)
def test_malformed_inputs(station, text, detail):
    result = verifier_for(station).verify(text)
    assert result.verdict is Verdict.INVALID
    assert codes(result) == ["malformed"]
    assert detail in detail_of(result)
    assert result.licence is None


def test_deeply_nested_cbor_is_malformed(station):
    payload = b"\x81" * 5000 + b"\x00"
    result = verifier_for(station).verify("DL1:" + b45encode(zlib.compress(payload)))
    assert codes(result) == ["malformed"]
    assert "deeper" in detail_of(result)


def _claims(authority, licence, **changes):
    claims = {1: "CN-BJ", 6: int(NOW.timestamp()), 4: int(NOW.timestamp()) + 300, 7: secrets.token_bytes(16),
              CLAIM_LICENCE: licence.to_cbor_map()}
    claims.update(changes)
    return claims


def test_duplicate_map_keys_are_malformed(station, authority, licence):
    good = cbor.dumps(_claims(authority, licence))
    # Rebuild the claims map with iss twice: a general decoder keeps one silently.
    count = good[0] & 0x1F
    dup = bytes([0xA0 | (count + 1)]) + cbor.dumps(1) + cbor.dumps("CN-SH") + good[1:]
    result = verifier_for(station).verify(sign_raw_payload(dup, authority))
    assert codes(result) == ["malformed"]
    assert "duplicate" in detail_of(result)


@pytest.mark.parametrize(
    "change, detail",
    [
        ({CLAIM_EXP: int(NOW.timestamp()) + 301}, "lifetime"),
        ({CLAIM_EXP: int(NOW.timestamp()) - 1}, "expires before"),
        ({7: b"short"}, "presentation id"),
        ({CLAIM_ISS: 42}, "wrong type"),
        ({CLAIM_ISS: "x" * 65}, "too long"),
        ({6: True}, "wrong type"),
        ({CLAIM_LICENCE: "not a map"}, "not a map"),
    ],
)
def test_bad_claims_are_malformed(station, authority, licence, change, detail):
    text = sign_claims(_claims(authority, licence) | change,
                       authority.signer_key, authority.signer_cert)
    result = verifier_for(station).verify(text)
    assert codes(result) == ["malformed"], result.reasons
    assert detail in detail_of(result)


@pytest.mark.parametrize(
    "field, value, detail",
    [
        ("family_name", "王\u202e", "control characters"),
        ("family_name", "x" * 151, "too long"),
        ("birth_date", "1990-02-30", "real date"),
        ("expiry_date", "20320601", "YYYY-MM-DD"),
        ("status", "fine", "statuses"),
        ("sex", 3, "ISO 5218"),
        ("portrait", b"\xff\xd8" + bytes(5000), "larger than"),
        ("portrait", b"GIF89a", "not a JPEG"),
        ("document_number", "bj 1", "characters outside"),
        ("driving_privileges", [], "no vehicle category"),
        ("issuing_country", "China", "two-letter"),
    ],
)
def test_bad_licence_fields_are_malformed(station, authority, licence, field, value, detail):
    licence_map = licence.to_cbor_map() | {field: value}
    text = sign_claims(_claims(authority, licence) | {CLAIM_LICENCE: licence_map},
                       authority.signer_key, authority.signer_cert)
    result = verifier_for(station).verify(text)
    assert codes(result) == ["malformed"], result.reasons
    assert detail in detail_of(result)


def test_other_format_version_is_unsupported(station):
    result = verifier_for(station).verify("DL2:ABCDEF")
    assert codes(result) == ["unsupported_format"]


@pytest.mark.parametrize(
    "kwargs, detail",
    [
        ({"extra_protected": {1: -35}}, "algorithm -35"),
        ({"extra_protected": {2: [99], 99: 1}}, "unknown critical"),
        ({"kid": None, "unprotected": {4: b"12345678"}}, "unprotected header"),
    ],
)
def test_unsupported_cose_headers(station, authority, licence, kwargs, detail):
    payload = cbor.dumps(_claims(authority, licence))
    result = verifier_for(station).verify(sign_raw_payload(payload, authority, **kwargs))
    assert codes(result) == ["unsupported_format"], result.reasons
    assert detail in detail_of(result)


def test_tag_18_is_optional(station, authority, licence):
    payload = cbor.dumps(_claims(authority, licence))
    for tagged in (True, False):
        result = verifier_for(station).verify(sign_raw_payload(payload, authority, tagged=tagged))
        assert result.verdict is Verdict.VALID


# ------------------------------------------------------------ authenticity


def test_altered_name_breaks_the_signature_and_hides_the_licence(station, authority, licence):
    message = cose_of(authority.issue(licence, at=NOW))
    claims = cbor.loads(message[2])
    claims[CLAIM_LICENCE]["family_name"] = "李"
    message[2] = cbor.dumps(claims)
    result = verifier_for(station).verify(text_of(message))
    assert result.verdict is Verdict.INVALID
    assert codes(result) == ["signature_invalid"]
    assert result.licence is None and result.document_number is None


def test_flipped_signature_bit_is_invalid(station, authority, licence):
    message = cose_of(authority.issue(licence, at=NOW))
    message[3] = bytes([message[3][0] ^ 1]) + message[3][1:]
    assert codes(verifier_for(station).verify(text_of(message))) == ["signature_invalid"]


def test_unknown_key_when_authority_not_in_bundle(station, tmp_path, licence):
    other = Authority.create(tmp_path / "other", code="CN-BJ", name="Impostor", now=NOW - dt.timedelta(days=1))
    result = verifier_for(station).verify(other.issue(licence, at=NOW))
    assert codes(result) == ["unknown_key"]
    action = result.reasons[0].action()  # first what to do with the holder, then whom to ask
    assert action.index("don't accept it as proof") < action.index("ask your administrator to install a current "
                                                                     "trust bundle")


def test_a_station_without_trust_data_says_it_is_not_set_up(tmp_path, authority, licence):
    # Not a verdict on the licence: NOT VERIFIED, and nothing from the unchecked code is shown.
    result = verifier_for(StationStore(tmp_path / "empty")).verify(authority.issue(licence, at=NOW))
    assert codes(result) == ["no_trust_installed"]
    assert result.verdict is Verdict.UNVERIFIED and result.licence is None
    assert "not set up" in result.reasons[0].message()
    assert "本机尚未设置" in result.reasons[0].message("zh")


def test_revoked_signer(tmp_path, authority, licence):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW, revoked_kids=[certs.kid_of(authority.signer_cert)]))
    result = verifier_for(store).verify(authority.issue(licence, at=NOW))
    assert codes(result) == ["signer_revoked"]
    assert result.licence is None


def _station_with_extra_signer(tmp_path, authority, cert) -> StationStore:
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1), extra_signers=[cert]))
    return store


def test_signer_not_valid_at_generation_time(tmp_path, authority, licence):
    key, cert = make_leaf(authority.root_key, authority.root_cert, code="CN-BJ", name="x", role="old signer",
                          usage=certs.EKU_CREDENTIAL_SIGNING, algorithm="es256",
                          not_before=NOW - dt.timedelta(days=20), not_after=NOW - dt.timedelta(days=1))
    store = _station_with_extra_signer(tmp_path, authority, cert)
    text = sign_claims(_claims(authority, licence), key, cert)
    result = verifier_for(store).verify(text)
    assert codes(result) == ["signer_not_valid_at_iat"]


def test_signer_from_an_uninstalled_root_is_untrusted(tmp_path, authority, licence):
    rogue = Authority.create(tmp_path / "rogue", code="CN-BJ", name="Rogue", now=NOW - dt.timedelta(days=2))
    store = _station_with_extra_signer(tmp_path, authority, rogue.signer_cert)
    result = verifier_for(store).verify(rogue.issue(licence, at=NOW))
    assert codes(result) == ["untrusted_chain"]


def test_bundle_signer_key_cannot_sign_credentials(tmp_path, authority, licence):
    # Right root, wrong job: the trust-bundle signer lacks the credential-signing usage.
    store = _station_with_extra_signer(tmp_path, authority, authority.bundle_cert)
    text = sign_claims(_claims(authority, licence), authority.bundle_key, authority.bundle_cert)
    assert codes(verifier_for(store).verify(text)) == ["untrusted_chain"]


def test_issuer_claim_must_match_signer(station, authority, licence):
    text = sign_claims(_claims(authority, licence) | {CLAIM_ISS: "CN-SH"},
                       authority.signer_key, authority.signer_cert)
    result = verifier_for(station).verify(text)
    assert codes(result) == ["issuer_mismatch"]
    assert "CN-SH" in result.reasons[0].message() and "CN-BJ" in result.reasons[0].message()


def test_certificates_sharing_a_kid_are_each_tried(tmp_path, station, authority, licence):
    snapshot = station.load()
    kid = certs.kid_of(authority.signer_cert)
    real = snapshot.signers_by_kid[kid][0]
    other = Authority.create(tmp_path / "o", code="CN-BJ", name="o", now=NOW - dt.timedelta(days=1))
    decoy = SignerEntry(other.signer_cert, real.bundle)
    from verifier_app.verify.clock import FixedClock
    from verifier_app.verify.engine import Verifier

    text = authority.issue(licence, at=NOW)
    both = Verifier(trust=snapshot.with_signers(kid, (decoy, real)), clock=FixedClock(NOW)).verify(text)
    assert both.verdict is Verdict.VALID
    decoy_only = Verifier(trust=snapshot.with_signers(kid, (decoy,)), clock=FixedClock(NOW)).verify(text)
    assert codes(decoy_only) == ["signature_invalid"]


# --------------------------------------------------------------- freshness


@pytest.mark.parametrize(
    "age_s, expected",
    [
        (0, []),
        (240, []),  # 180 s plus 60 s of skew
        (241, ["qr_stale"]),
        (361, ["qr_stale", "presentation_expired"]),
        (-60, []),
        (-61, ["qr_from_future"]),
    ],
)
def test_freshness_window(station, authority, licence, age_s, expected):
    text = authority.issue(licence, at=NOW - age_s * SECOND)
    result = verifier_for(station).verify(text)
    assert codes(result) == expected
    assert result.verdict is (Verdict.VALID if not expected else Verdict.INVALID)


def test_stale_code_tells_operator_to_refresh(station, authority, licence):
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - 600 * SECOND))
    stale = result.reasons[0]
    assert "refresh" in stale.action() and "screenshot" in stale.message()
    assert "刷新" in stale.action("zh")
    assert result.licence == licence  # authentic, so the operator still sees who it is


def test_presentation_expired_alone_with_a_longer_age_policy(station, authority, licence):
    text = authority.issue(licence, at=NOW - 400 * SECOND, ttl_s=300)
    assert codes(verifier_for(station, max_qr_age_s=600).verify(text)) == ["presentation_expired"]


# ----------------------------------------------------------------- licence


def test_expired_licence(station, authority, licence):
    old = dataclasses.replace(licence, expiry_date=dt.date(2026, 11, 24))
    assert codes(verifier_for(station).verify(authority.issue(old, at=NOW))) == ["licence_expired"]
    today = dataclasses.replace(licence, expiry_date=dt.date(2026, 11, 25))  # valid through its last day
    assert codes(verifier_for(station).verify(authority.issue(today, at=NOW))) == []


def test_licence_dates_use_the_station_calendar_day(tmp_path, authority, licence):
    station = StationStore(tmp_path / "st")
    station.install_root((authority.directory / "root-cert.pem").read_bytes())
    station.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(days=1)))
    # 2026-11-24 17:00 UTC is already 2026-11-25 in Beijing.
    late = NOW - dt.timedelta(hours=9)
    future = dataclasses.replace(licence, issue_date=dt.date(2026, 11, 25))
    text = authority.issue(future, at=late)
    assert codes(verifier_for(station, now=late).verify(text)) == []
    text = authority.issue(dataclasses.replace(licence, issue_date=dt.date(2026, 11, 26)), at=NOW)
    assert codes(verifier_for(station).verify(text)) == ["licence_not_yet_valid"]


@pytest.mark.parametrize(
    "status, code",
    [
        (LicenceStatus.SUSPENDED, "status_suspended"),
        (LicenceStatus.REVOKED, "status_revoked"),
        (LicenceStatus.CANCELLED, "status_cancelled"),
        (LicenceStatus.OVERDUE_INSPECTION, "status_other"),
        (LicenceStatus.OVERDUE_RENEWAL, "status_other"),
    ],
)
def test_status_as_of_generation(station, authority, licence, status, code):
    result = verifier_for(station).verify(authority.issue(dataclasses.replace(licence, status=status), at=NOW))
    assert result.verdict is Verdict.INVALID
    assert codes(result) == [code]


def test_overdue_status_is_named(station, authority, licence):
    text = authority.issue(dataclasses.replace(licence, status=LicenceStatus.OVERDUE_RENEWAL), at=NOW)
    reason = verifier_for(station).verify(text).reasons[0]
    assert "overdue for renewal" in reason.message() and "逾期未换证" in reason.message("zh")


def _station_with_listing(tmp_path, authority, number, status) -> StationStore:
    store = StationStore(tmp_path / "listing")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(
        now=NOW - dt.timedelta(hours=1),
        documents={number: DocumentStatus(status, dt.date(2026, 11, 1))}))
    return store


def test_document_listed_in_bundle(tmp_path, authority, licence):
    store = _station_with_listing(tmp_path, authority, licence.document_number, LicenceStatus.REVOKED)
    result = verifier_for(store).verify(authority.issue(licence, at=NOW))
    assert codes(result) == ["document_listed"]
    assert "2026-11-01" in result.reasons[0].message()


def test_listing_as_valid_is_not_a_problem(tmp_path, authority, licence):
    store = _station_with_listing(tmp_path, authority, licence.document_number, LicenceStatus.VALID)
    assert verifier_for(store).verify(authority.issue(licence, at=NOW)).verdict is Verdict.VALID


def test_required_category(station, authority, licence):
    text = authority.issue(licence, at=NOW)
    assert codes(verifier_for(station, required_category="c1").verify(text)) == []
    result = verifier_for(station, required_category="A1").verify(text)
    assert codes(result) == ["category_missing"]
    assert "A1" in result.reasons[0].message()


def test_required_category_must_be_valid_today(station, authority, licence):
    privileges = (dataclasses.replace(licence.driving_privileges[0], expiry_date=dt.date(2025, 1, 1)),)
    text = authority.issue(dataclasses.replace(licence, driving_privileges=privileges), at=NOW)
    result = verifier_for(station, required_category="C1").verify(text)
    assert codes(result) == ["category_missing"]
    assert "not valid today" in result.reasons[0].message()


def test_all_problems_are_listed_together(station, authority, licence):
    bad = dataclasses.replace(licence, status=LicenceStatus.SUSPENDED, expiry_date=dt.date(2020, 1, 1))
    result = verifier_for(station, required_category="A1").verify(authority.issue(bad, at=NOW - 300 * SECOND))
    assert set(codes(result)) == {"qr_stale", "licence_expired", "status_suspended", "category_missing"}


# ----------------------------------------------------------------- barcode


def test_barcode_alone_is_not_verified(station, licence):
    result = verifier_for(station).verify(f"DLN:{licence.document_number}\r\n")
    assert result.verdict is Verdict.UNVERIFIED
    assert codes(result) == ["barcode_only"]
    assert result.document_number == licence.document_number
    assert result.reasons[0].severity is Severity.LIMITATION


def test_barcode_of_a_listed_licence_is_invalid(tmp_path, authority, licence):
    store = _station_with_listing(tmp_path, authority, licence.document_number, LicenceStatus.SUSPENDED)
    result = verifier_for(store).verify(f"DLN:{licence.document_number}")
    assert result.verdict is Verdict.INVALID
    assert codes(result) == ["barcode_only", "document_listed"]


def test_barcode_with_garbage_is_malformed(station):
    assert codes(verifier_for(station).verify("DLN:<script>")) == ["malformed"]


# ------------------------------------------------------------- trust state


def test_stale_bundle_warns_but_does_not_decide(station, authority, licence):
    later = NOW + dt.timedelta(days=8)  # the bundle said: update within 7 days
    result = verifier_for(station, now=later).verify(authority.issue(licence, at=later))
    assert result.verdict is Verdict.VALID
    assert codes(result) == ["trust_bundle_stale"]
    assert result.reasons[0].severity is Severity.WARNING
    assert result.trust_state.value == "stale"


def test_clock_behind_the_bundle_is_untrusted(station, authority, licence):
    early = NOW - dt.timedelta(hours=3)  # before the bundle was issued
    result = verifier_for(station, now=early).verify(authority.issue(licence, at=early))
    assert result.verdict is Verdict.INVALID
    assert codes(result)[0] == "clock_untrusted"
    assert "clock" in result.reasons[0].action()


def test_clock_behind_an_accepted_code_is_untrusted(station, authority, licence):
    station.record_accepted(int(NOW.timestamp()))
    station.record_accepted(int(NOW.timestamp()) - 500)  # never lowers the floor
    before = NOW - dt.timedelta(minutes=5)
    result = verifier_for(station, now=before).verify(authority.issue(licence, at=before))
    assert codes(result) == ["clock_untrusted"]
    within_skew = NOW - 50 * SECOND
    assert verifier_for(station, now=within_skew).verify(authority.issue(licence, at=within_skew)).verdict is Verdict.VALID


def test_every_reason_code_has_text_in_both_languages():
    from verifier_app.verify.reasons import Reason

    for code in ReasonCode:
        r = Reason(code, {})
        for lang in ("en", "zh"):
            assert r.message(lang) and r.action(lang)
        assert r.message("en") != r.message("zh")


def test_result_json_shape(station, authority, licence):
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - 5 * SECOND))
    data = result.to_json()
    assert data["verdict"] == "valid" and data["reasons"] == []
    assert data["licence"]["family_name"] == "王"
    assert data["licence"]["has_portrait"] is True and "portrait_jpeg_hex" not in data["licence"]
    assert data["age_s"] == 5.0
    assert data["bundle"]["sequence"] == 1


def test_qr_prefix_constant():
    assert QR_PREFIX == "DL1:"


# ------------------------------------------------- found in review (regressions)


@pytest.mark.parametrize("iat", [10**12, 2**62, -5])
def test_out_of_range_times_are_malformed_not_a_crash(station, authority, licence, iat):
    claims = _claims(authority, licence) | {6: iat, CLAIM_EXP: iat + 60}
    result = verifier_for(station).verify(sign_claims(claims, authority.signer_key, authority.signer_cert))
    assert codes(result) == ["malformed"] and "out of range" in detail_of(result)


def test_another_bundle_cannot_unrevoke_a_signer(tmp_path, authority, licence):
    """B revokes its signer; A's bundle still lists B's certificate: B's codes stay refused."""
    other = Authority.create(tmp_path / "b", code="CN-SH", name="SH", now=NOW - dt.timedelta(days=5))
    store = StationStore(tmp_path / "st")
    for a in (authority, other):
        store.install_root((a.directory / "root-cert.pem").read_bytes())
    store.import_bundle(other.make_bundle(now=NOW - dt.timedelta(hours=2), revoked_kids=[certs.kid_of(other.signer_cert)]))
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=2), extra_signers=[other.signer_cert]))
    result = verifier_for(store).verify(other.issue(licence, at=NOW))
    assert codes(result) == ["signer_revoked"]


def test_signer_must_chain_to_the_root_of_its_own_bundle(tmp_path, authority, licence):
    """Both roots installed, but A's bundle lists B's signer: it proves nothing for A's bundle."""
    other = Authority.create(tmp_path / "b", code="CN-SH", name="SH", now=NOW - dt.timedelta(days=5))
    store = StationStore(tmp_path / "st")
    for a in (authority, other):
        store.install_root((a.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=2), extra_signers=[other.signer_cert]))
    assert codes(verifier_for(store).verify(other.issue(licence, at=NOW))) == ["untrusted_chain"]


def test_crit_must_name_present_headers(station, authority, licence):
    payload = cbor.dumps(_claims(authority, licence))
    result = verifier_for(station).verify(sign_raw_payload(payload, authority, extra_protected={2: [3]}))
    assert codes(result) == ["malformed"] and "not present" in detail_of(result)


def test_future_format_versions_are_unsupported(station):
    for text in ("DL10:ABC", "DL2:ABC"):
        assert codes(verifier_for(station).verify(text)) == ["unsupported_format"]
    assert codes(verifier_for(station).verify("DL١:ABC")) == ["malformed"]  # non-ASCII digit


def test_line_separators_in_names_are_refused(station, authority, licence):
    licence_map = licence.to_cbor_map() | {"given_name": "小\u2028明"}
    text = sign_claims(_claims(authority, licence) | {CLAIM_LICENCE: licence_map}, authority.signer_key,
                       authority.signer_cert)
    assert codes(verifier_for(station).verify(text)) == ["malformed"]


@pytest.mark.parametrize("crit", [[[1]], [{"a": 1}], [b"x"]])
def test_odd_crit_labels_are_malformed_not_a_crash(station, authority, licence, crit):
    payload = cbor.dumps(_claims(authority, licence))
    result = verifier_for(station).verify(sign_raw_payload(payload, authority, extra_protected={2: crit}))
    assert result.verdict is Verdict.INVALID and codes(result) in (["malformed"], ["unsupported_format"])


def test_damaged_clock_floor_is_ignored_not_fatal(station, authority, licence):
    station.state_path.write_text('{"newest_accepted_iat": 100000000000000000000}')
    snapshot = station.load()
    assert snapshot.newest_accepted_iat is None and snapshot.problems
    assert verifier_for(station).verify(authority.issue(licence, at=NOW)).verdict is Verdict.VALID


def test_a_code_from_before_its_signer_was_valid_is_named_old_first(station, authority, licence):
    import datetime as dt

    # Generated 40 days ago, before the authority's certificates (30 days old) were valid.
    result = verifier_for(station).verify(authority.issue(licence, at=NOW - dt.timedelta(days=40)))
    assert result.codes[0] == "qr_stale"  # ask the holder to refresh, not to install a root
    assert result.codes[1] in ("untrusted_chain", "signer_not_valid_at_iat")
    assert result.verdict is Verdict.INVALID and result.licence is None
    assert "refresh" in result.reasons[0].action()
