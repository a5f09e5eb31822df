"""The DL1 test vectors (tests/vectors/dl1-vectors.json) against this verifier.

Each vector is verified on a fresh station built the way a real one is:
install the root, import the bundle, write the clock floor.  The verdict,
the kind and the reason codes (with their severities, in order) must match
exactly.  The recorded intermediate layers must decode into each other, and
the generator must reproduce the file byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from verifier_app.dl1 import cbor, certs, cose
from verifier_app.dl1.base45 import b45decode
from verifier_app.verify.clock import FixedClock
from verifier_app.verify.engine import Verifier
from verifier_app.verify.policy import Policy
from verifier_app.station.trust.store import StationStore

ROOT = Path(__file__).resolve().parents[2]
VECTORS_FILE = ROOT / "tests" / "vectors" / "dl1-vectors.json"
GENERATOR = ROOT / "scripts" / "make_test_vectors.py"
UTC = dt.timezone.utc

DOCUMENT = json.loads(VECTORS_FILE.read_text("utf-8"))
VECTORS = DOCUMENT["vectors"]


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _station(vector: dict[str, Any], folder: Path) -> StationStore:
    store = StationStore(folder)
    store.install_root(vector["root_pem"].encode("ascii"))
    if vector["bundle_hex"] is not None:
        store.import_bundle(bytes.fromhex(vector["bundle_hex"]))
    state = vector.get("station_state")
    if state is not None:
        store.record_accepted(state["newest_accepted_iat"])
    return store


def _sign1_array(message: bytes) -> list[Any]:
    item = cbor.loads(message)
    while isinstance(item, cbor.Tag):
        item = item.value
    return item


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_verdict(vector: dict[str, Any], tmp_path: Path) -> None:
    store = _station(vector, tmp_path / "station")
    snapshot = store.load()
    assert snapshot.problems == ()
    verifier = Verifier(trust=snapshot, policy=Policy(**vector["policy"]),
                        clock=FixedClock(_when(vector["now"])), local_tz=UTC)
    result = verifier.verify(vector["text"])
    expected = vector["expected"]
    assert [(r.code.value, r.severity.value) for r in result.reasons] == [
        (r["code"], r["severity"]) for r in expected["reasons"]
    ]
    assert result.verdict.value == expected["verdict"]
    assert result.kind.value == expected["kind"]
    assert (result.licence is not None) == expected["licence_shown"]
    assert result.document_number == expected["document_number"]


@pytest.mark.parametrize("vector", [v for v in VECTORS if v["layers"]], ids=lambda v: v["name"])
def test_vector_layers(vector: dict[str, Any]) -> None:
    layers = vector["layers"]
    compressed = b45decode(vector["text"][4:])
    assert compressed.hex() == layers["zlib_hex"]
    if "cose_sign1_hex" not in layers:
        return
    message = zlib.decompress(compressed)
    assert message.hex() == layers["cose_sign1_hex"]
    protected_bytes, unprotected, payload, signature = _sign1_array(message)
    assert protected_bytes.hex() == layers["protected_hex"]
    assert payload.hex() == layers["payload_hex"]
    assert signature.hex() == layers["signature_hex"]
    assert cose.sig_structure(protected_bytes, payload).hex() == layers["to_be_signed_hex"]
    protected = cbor.loads(protected_bytes) if protected_bytes else {}
    kid = protected.get(cose.KID)
    assert (kid.hex() if isinstance(kid, bytes) else None) == layers["kid_hex"]


@pytest.mark.parametrize("vector", [v for v in VECTORS if v["expected"]["verdict"] == "valid"],
                         ids=lambda v: v["name"])
def test_valid_vectors_are_signed_by_their_signer(vector: dict[str, Any]) -> None:
    """For a valid code the kid names the signer certificate and its key made the signature."""
    signer = x509.load_pem_x509_certificate(vector["signer_pem"].encode("ascii"))
    message = cose.parse_sign1(bytes.fromhex(vector["layers"]["cose_sign1_hex"]))
    assert message.kid == certs.kid_of(signer)
    assert cose.verify_signature(message, signer.public_key())


def test_vector_set_covers_every_reason_a_text_can_produce() -> None:
    seen = {r["code"] for v in VECTORS for r in v["expected"]["reasons"]}
    from verifier_app.verify.reasons import ReasonCode

    # no_code_found is about images, not texts; input_too_long about a stdin line never read as a text;
    # the status-list reasons need an installed status list,
    # which the vectors' stations don't have (tests/station/test_status_lists.py produces each of them).
    status_list = {"status_listed", "status_list_missing", "status_list_stale"}
    assert seen == {c.value for c in ReasonCode} - {"no_code_found", "input_too_long"} - status_list


def test_bundles_and_certificates_are_consistent() -> None:
    for name, info in DOCUMENT["certificates"].items():
        cert = x509.load_pem_x509_certificate(info["pem"].encode("ascii"))
        assert certs.kid_of(cert).hex() == info["kid_hex"], name
    for vector in VECTORS:
        if vector["bundle"] is not None:
            assert DOCUMENT["bundles"][vector["bundle"]]["hex"] == vector["bundle_hex"]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for out in (first, second):
        subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == VECTORS_FILE.read_bytes(), (
        "tests/vectors/dl1-vectors.json is out of date: run python scripts/make_test_vectors.py"
    )


@pytest.mark.parametrize("name", ["valid-es256", "valid-eddsa", "valid-eddsa-untagged"])
def test_valid_vectors_verify_with_an_independent_cose_library(name: str) -> None:
    """Interoperability: the python-cwt COSE implementation accepts the same bytes."""
    cwt = pytest.importorskip("cwt")
    cbor2 = pytest.importorskip("cbor2")
    from cryptography.hazmat.primitives import serialization

    vector = next(v for v in VECTORS if v["name"] == name)
    cert = x509.load_pem_x509_certificate(vector["signer_pem"].encode("ascii"))
    spki = cert.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    key = cwt.COSEKey.from_pem(spki, alg="ES256" if name == "valid-es256" else "EdDSA",
                               kid=bytes.fromhex(vector["layers"]["kid_hex"]))
    message = bytes.fromhex(vector["layers"]["cose_sign1_hex"])
    item = cbor2.loads(message)
    if not isinstance(item, cbor2.CBORTag):  # python-cwt wants the tagged form
        message = cbor2.dumps(cbor2.CBORTag(18, item))
    payload = cwt.COSE.new().decode(message, key)
    assert payload.hex() == vector["layers"]["payload_hex"]


def test_format_document_matches_the_vectors_and_reason_texts() -> None:
    """docs/format.md shows valid-eddsa byte for byte, lists every vector and every reason's text."""
    from verifier_app.verify import reasons, text

    doc = (ROOT / "docs" / "format.md").read_text("utf-8")
    joined = "".join(doc.split())  # the document wraps long hex values
    vector = next(v for v in VECTORS if v["name"] == "valid-eddsa")
    assert vector["text"] in doc
    for key in ("payload_hex", "protected_hex", "to_be_signed_hex", "signature_hex", "cose_sign1_hex", "zlib_hex"):
        assert vector["layers"][key] in joined, key
    missing = [v["name"] for v in VECTORS if f"`{v['name']}`" not in doc]
    assert not missing, f"vectors not listed in docs/format.md: {missing}"
    for code in reasons.ReasonCode:
        message, action = text.REASON_TEXTS[code.value][:2]  # the English templates
        assert f"| `{code.value}` | {code.severity.value} |" in doc, code
        assert message in doc and action in doc, code
