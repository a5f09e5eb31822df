"""Token Status List (draft-ietf-oauth-status-list) and DL1's deltas: the draft's own bytes, bombs, signatures."""

from __future__ import annotations

import base64
import datetime as dt
import random
import zlib

import pytest

from verifier_app.dl1 import cbor
from verifier_app.dl1 import status_list as sl
from verifier_app.dl1 import status_delta as sd
from verifier_app.dl1.cose import parse_sign1
from verifier_app.dl1.credential import parse_status_reference
from verifier_app.errors import CredentialFormatError, StatusListRejected
from verifier_app.issuer.authority import Authority
from verifier_app.issuer.status_lists import make_status_delta, make_status_list, status_signer

NOW = dt.datetime(2026, 11, 25, 2, 42, 5, tzinfo=dt.timezone.utc)


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_the_drafts_one_bit_example():
    # §4.1 of the draft: 16 statuses 1 0 0 1 1 1 0 1 1 1 0 0 0 1 0 1 pack into b9 a3, compressed "eNrbuRgAAhcBXQ";
    # §4.3 gives the same list in CBOR.
    statuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    packed = sl.pack(16, 1, enumerate(statuses))
    assert bytes(packed) == bytes.fromhex("b9a3")
    lst = _b64url("eNrbuRgAAhcBXQ")
    assert zlib.decompress(lst) == bytes(packed)
    from_cbor = cbor.loads(bytes.fromhex("a2646269747301636c73744a78dadbb918000217015d"))
    assert from_cbor == {"bits": 1, "lst": lst}
    out = bytearray()
    sl.inflate_bounded(from_cbor["lst"], sl.packed_length(16, 1), out.extend)
    assert [sl.status_at(out, 1, i) for i in range(16)] == statuses


def test_the_drafts_two_bit_example():
    # §4.1: 12 statuses with 2 bits each -> c9 44 f9, "eNo76fITAAPfAgc".
    statuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
    packed = sl.pack(12, 2, enumerate(statuses))
    assert bytes(packed) == bytes.fromhex("c944f9")
    assert zlib.decompress(_b64url("eNo76fITAAPfAgc")) == bytes(packed)
    assert [sl.status_at(packed, 2, i) for i in range(12)] == statuses


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
def test_pack_and_look_up_every_width(bits):
    rng = random.Random(bits)
    size = 10_000
    entries = {rng.randrange(size): rng.randrange(1, 1 << bits) for _ in range(500)}
    packed = sl.pack(size, bits, entries.items())
    for i in range(size):
        assert sl.status_at(packed, bits, i) == entries.get(i, 0)


def test_bits_other_than_1_2_4_8_and_out_of_range_indices_are_refused():
    with pytest.raises(StatusListRejected, match="1, 2, 4 or 8"):
        sl.pack(10, 3, [])
    with pytest.raises(StatusListRejected, match="outside"):
        sl.pack(10, 2, [(10, 1)])
    with pytest.raises(StatusListRejected, match="does not fit"):
        sl.pack(10, 1, [(1, 2)])


def test_a_bomb_is_stopped_at_the_size_it_may_have():
    bomb = zlib.compress(bytes(200 * 1024 * 1024), 9)  # 200 MiB of zeros in ~200 kB
    seen = []
    with pytest.raises(StatusListRejected, match="more than"):
        sl.inflate_bounded(bomb, 1024, seen.append)
    assert sum(map(len, seen)) <= 1024


def test_truncated_and_damaged_data_are_refused():
    data = zlib.compress(bytes(range(256)) * 100)
    with pytest.raises(StatusListRejected, match="truncated"):
        sl.inflate_bounded(data[: len(data) // 2], 1 << 20, lambda b: None)
    with pytest.raises(StatusListRejected, match="damaged"):
        sl.inflate_bounded(b"\x78\x9c" + b"\xff" * 40, 1 << 20, lambda b: None)


@pytest.fixture
def authority(tmp_path):
    return Authority.create(tmp_path / "auth", code="CN-BJ", name="Beijing Traffic Police",
                            now=NOW - dt.timedelta(days=30))


def test_a_signed_list_opens_against_its_root_and_says_what_it_lists(authority):
    token = make_status_list(authority, size=100_000, entries=[(7, 1), (99_999, 2)], now=NOW)
    opened = sl.open_status_list(token, (authority.root_cert,))
    assert (opened.authority, opened.size, opened.bits, opened.version) == ("CN-BJ", 100_000, 2, 1)
    packed = opened.packed()
    assert sl.status_at(packed, 2, 7) == sl.ListedStatus.INVALID
    assert sl.ListedStatus(sl.status_at(packed, 2, 99_999)).licence_status.value == "suspended"
    assert sl.status_at(packed, 2, 8) == 0
    assert opened.expires_at - opened.issued_at == 7 * 86400


def test_a_list_under_another_root_or_altered_is_refused(authority, tmp_path):
    token = make_status_list(authority, size=1000, entries=[(1, 1)], now=NOW)
    other = Authority.create(tmp_path / "other", code="CN-BJ", name="Beijing Traffic Police", now=NOW)
    with pytest.raises(StatusListRejected, match="root"):
        sl.open_status_list(token, (other.root_cert,))
    tampered = bytearray(token)
    tampered[-70] ^= 1  # inside the payload or signature
    with pytest.raises(StatusListRejected):
        sl.open_status_list(bytes(tampered), (authority.root_cert,))


def test_a_code_signer_cant_sign_a_list(authority):
    packed = sl.pack(100, 2, [(1, 1)])
    token = sl.sign_status_list(packed=bytes(packed), size=100, bits=2, authority="CN-BJ", uri="u", version=1,
                                issued_at=int(NOW.timestamp()), expires_at=int(NOW.timestamp()) + 60, ttl_s=None,
                                key=authority.signer_key, cert=authority.signer_cert)
    with pytest.raises(StatusListRejected, match="not allowed"):
        sl.open_status_list(token, (authority.root_cert,))


def test_a_list_whose_lst_is_longer_than_its_size_allows_is_refused_before_inflating(authority):
    key, cert = status_signer(authority, now=NOW)
    big = bytes(sl.packed_length(1_000_000, 2))
    token = sl.sign_status_list(packed=big, size=1_000_000, bits=2, authority="CN-BJ", uri="u", version=1,
                                issued_at=int(NOW.timestamp()), expires_at=int(NOW.timestamp()) + 60, ttl_s=None,
                                key=key, cert=cert)
    # Re-sign the same lst under a claimed size of 1000 entries: 250 bytes allowed, 250,000 present.
    claims = cbor.loads(parse_sign1(token).payload)
    claims["dl1_size"] = 1000
    forged = sl.sign_payload(claims, sl.TYP_LIST, key, cert)
    opened = sl.open_status_list(forged, (authority.root_cert,))
    seen = []
    with pytest.raises(StatusListRejected, match="more than the 250 bytes"):
        opened.inflate_into(seen.append)
    assert sum(map(len, seen)) <= 250


def test_a_delta_is_small_and_turns_version_n_into_n_plus_1(authority):
    rng = random.Random(5)
    size = 2_000_000
    listed = {rng.randrange(size): rng.choice((1, 2)) for _ in range(20_000)}
    old = make_status_list(authority, size=size, entries=listed.items(), now=NOW)
    changed = dict(listed)
    for _ in range(2_000):
        changed[rng.randrange(size)] = rng.choice((0, 1, 2, 3))
    new = make_status_list(authority, size=size, entries=[(i, s) for i, s in changed.items() if s], now=NOW)
    delta = make_status_delta(authority, old=old, new=new, now=NOW)
    opened = sd.open_status_delta(delta, (authority.root_cert,))
    assert (opened.from_version, opened.to_version) == (1, 2)
    packed = sl.open_status_list(old, (authority.root_cert,)).packed()
    sl.set_entries(packed, 2, opened.changes, size=size)
    assert bytes(packed) == bytes(sl.open_status_list(new, (authority.root_cert,)).packed())
    assert len(delta) < 2_000 * 5  # gap-coded: a few bytes a change, not a list


def test_a_delta_with_an_index_out_of_range_or_a_repeated_entry_is_refused():
    good = sd.encode_changes([(5, 1), (9, 2)], bits=2)
    assert sd.decode_changes(good, size=10, bits=2) == ((5, 1), (9, 2))
    with pytest.raises(StatusListRejected, match="outside"):
        sd.decode_changes(good, size=9, bits=2)
    raw = bytearray([2, 5, 0]) + sl.pack(2, 2, [(0, 1), (1, 2)])
    with pytest.raises(StatusListRejected, match="twice"):
        sd.decode_changes(zlib.compress(bytes(raw)), size=10, bits=2)
    with pytest.raises(StatusListRejected):
        sd.decode_changes(zlib.compress(bytes([3, 1])), size=10, bits=2)


def test_a_credentials_status_reference_is_parsed_strictly():
    ref = parse_status_reference({"status_list": {"idx": 12, "uri": "https://status.example/cn-bj"}})
    assert ref == sl.StatusReference(12, "https://status.example/cn-bj")
    for bad in ({}, [], {"status_list": {"idx": -1, "uri": "u"}}, {"status_list": {"idx": True, "uri": "u"}},
                {"status_list": {"idx": 1}}, {"status_list": {"idx": 2**40, "uri": "u"}},
                {"status_list": {"idx": 1, "uri": "u" * 2000}}):
        with pytest.raises(CredentialFormatError):
            parse_status_reference(bad)


@pytest.mark.parametrize("bits", [1, 2, 8])
def test_diff_finds_exactly_the_changed_entries_in_order(bits):
    rng = random.Random(bits * 7)
    size = 50_003
    old = sl.pack(size, bits, {rng.randrange(size): rng.randrange(1, 1 << bits) for _ in range(300)}.items())
    new = bytearray(old)
    changes = {rng.randrange(size): rng.randrange(0, 1 << bits) for _ in range(400)}
    sl.set_entries(new, bits, changes.items(), size=size)
    expected = [(i, sl.status_at(new, bits, i)) for i in range(size)
                if sl.status_at(old, bits, i) != sl.status_at(new, bits, i)]
    assert sd.diff(bytes(old), bytes(new), bits, size) == expected
    assert sd.diff(bytes(old), bytes(old), bits, size) == []


@pytest.mark.parametrize("length, chunk", [(0, 16), (1, 16), (100_000, 4096), (100_000, 1 << 23), (65_536, 16_384)])
def test_chunked_deflate_is_one_valid_zlib_stream(length, chunk):
    rng = random.Random(length)
    data = bytes(rng.choice((0, 0, 0, 0, 1, 2, 3, 255)) for _ in range(length))
    packed = sl.deflate(data, chunk=chunk, workers=3)
    assert zlib.decompress(packed) == data
    out = bytearray()
    assert sl.inflate_bounded(packed, length, out.extend) == length and bytes(out) == data
