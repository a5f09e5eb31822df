"""Base45 against RFC 9285, and the strict CBOR codec's refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from verifier_app.dl1 import cbor
from verifier_app.dl1.base45 import Base45Error, b45decode, b45encode
from verifier_app.errors import CborError


@pytest.mark.parametrize(
    "raw, encoded",
    [(b"AB", "BB8"), (b"Hello!!", "%69 VD92EX0"), (b"base-45", "UJCLQE7W581"), (b"ietf!", "QED8WEX0"), (b"", "")],
)
def test_rfc9285_examples(raw, encoded):
    assert b45encode(raw) == encoded
    assert b45decode(encoded) == raw


@pytest.mark.parametrize("bad", ["GGW", "ZZZ", "a", "ABCD", "BB8:"[:1], "€€€"])
def test_base45_refuses(bad):
    with pytest.raises(Base45Error):
        b45decode(bad)


@given(st.binary(max_size=300))
def test_base45_round_trip(data):
    assert b45decode(b45encode(data)) == data


cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**64), 2**64 - 1) | st.binary(max_size=40) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.integers(-100, 100) | st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)


@given(cbor_values)
def test_cbor_round_trip(value):
    assert cbor.loads(cbor.dumps(value)) == value


def test_cbor_deterministic_map_order():
    assert cbor.dumps({"b": 1, 10: 2, "a": 3, -1: 4}) == cbor.dumps({-1: 4, "a": 3, 10: 2, "b": 1})
    assert cbor.dumps({10: 0, -1: 0})[1:2] == b"\x0a"  # shorter encoding first


def test_rfc8949_examples():
    assert cbor.dumps(1000000) == bytes.fromhex("1a000f4240")
    assert cbor.dumps(-1000) == bytes.fromhex("3903e7")
    assert cbor.dumps("\u6c34") == bytes.fromhex("63e6b0b4")
    assert cbor.loads(bytes.fromhex("a201020304")) == {1: 2, 3: 4}
    assert cbor.loads(bytes.fromhex("c11a514b67b0")) == cbor.Tag(1, 1363896240)


@pytest.mark.parametrize(
    "hexdata, detail",
    [
        ("a20102" + "0103", "duplicate"),
        ("9f01ff", "indefinite"),
        ("5f4101ff", "indefinite"),
        ("fb3ff199999999999a", "floating"),
        ("f7", "simple value"),
        ("1c", "reserved"),
        ("0101", "unexpected bytes"),
        ("", "truncated"),
        ("62e6", "runs past"),
        ("9bffffffffffffffff", "runs past"),
        ("bbffffffffffffffff", "runs past"),
        ("62c328", "UTF-8"),
        ("a1800102", "keys"),
        ("a1f501", "keys"),
        ("81" * 40 + "00", "deeper"),
    ],
)
def test_cbor_refusals(hexdata, detail):
    with pytest.raises(CborError) as info:
        cbor.loads(bytes.fromhex(hexdata))
    assert detail in info.value.message


def test_cbor_refuses_non_bytes():
    with pytest.raises(CborError):
        cbor.loads("text")  # type: ignore[arg-type]


@given(st.binary(max_size=200))
def test_cbor_random_bytes_only_raise_cbor_error(data):
    try:
        cbor.loads(data)
    except CborError:
        pass


def test_format_errors_belong_to_the_one_exception_tree():
    """Base45, CBOR and COSE refusals are VerifierErrors (one handler shows them), importable where raised."""
    from verifier_app import errors
    from verifier_app.dl1 import base45, cose

    assert base45.Base45Error is errors.Base45Error and cose.CoseFormatError is errors.CoseFormatError
    for cls in (errors.Base45Error, errors.CborError, errors.CoseFormatError, errors.CredentialFormatError):
        assert issubclass(cls, errors.FormatError) and issubclass(cls, errors.VerifierError), cls
    with pytest.raises(errors.VerifierError) as caught:
        b45decode("a")
    assert "'a'" in caught.value.message and isinstance(caught.value, ValueError)  # old callers caught ValueError
    with pytest.raises(errors.FormatError) as refused:
        cose.parse_sign1(cbor.dumps([1, 2]))
    assert isinstance(refused.value, ValueError) and refused.value.unsupported is False and str(refused.value)
