"""COSE_Sign1 against the COSE working group's examples and an independent implementation."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from verifier_app.dl1 import cbor, certs
from verifier_app.dl1.cose import Algorithm, CoseFormatError, parse_sign1, verify_signature
from verifier_app.dl1.credential import CLAIM_LICENCE, encode_qr_text
from verifier_app.verify.engine import Verdict

from tests.conftest import NOW, verifier_for


def _b64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _public_key(jwk: dict):
    if jwk["kty"] == "EC" and jwk["crv"] == "P-256":
        x = int.from_bytes(_b64(jwk["x"]) if "x" in jwk else bytes.fromhex(jwk["x_hex"]), "big")
        y = int.from_bytes(_b64(jwk["y"]) if "y" in jwk else bytes.fromhex(jwk["y_hex"]), "big")
        return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    if jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519":
        return ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(jwk["x_hex"]))
    return None


def _examples(corpora: Path):
    base = corpora / "cose-wg-examples"
    files = sorted(base.glob("sign1-tests/*.json")) + [
        base / "ecdsa-examples/ecdsa-sig-01.json", base / "ecdsa-examples/ecdsa-sig-02.json",
        base / "eddsa-examples/eddsa-sig-01.json", base / "eddsa-examples/eddsa-sig-02.json",
        base / "CWT/A_3.json",
    ]
    for path in files:
        yield path.name, json.loads(path.read_text())


def test_cose_wg_sign1_examples(corpora):
    outcomes = {}
    for name, example in _examples(corpora):
        sign0 = example["input"]["sign0"]
        aad = bytes.fromhex(sign0.get("external", ""))
        data = bytes.fromhex(example["output"]["cbor"])
        key = _public_key(sign0["key"])
        try:
            message = parse_sign1(data)
        except CoseFormatError as exc:
            outcomes[name] = "refused" + (" (unsupported)" if exc.unsupported else "")
            continue
        if not example.get("fail"):  # fail cases alter the output after the intermediates
            assert message.to_be_signed(aad).hex().upper() == example["intermediates"]["ToBeSign_hex"]
        outcomes[name] = "verified" if key is not None and verify_signature(message, key, aad) else "bad signature"
    assert outcomes == {
        "sign-fail-01.json": "refused (unsupported)",  # tag 998 instead of 18
        "sign-fail-02.json": "bad signature",  # signature changed
        "sign-fail-03.json": "refused (unsupported)",  # alg -999
        "sign-fail-04.json": "refused (unsupported)",  # alg "unknown"
        "sign-fail-06.json": "bad signature",  # protected header added
        "sign-fail-07.json": "bad signature",  # protected header removed
        # DL1 needs alg in the protected header: a legal COSE message it refuses on purpose.
        "sign-pass-01.json": "refused (unsupported)",
        "sign-pass-02.json": "verified",  # with external AAD
        "sign-pass-03.json": "verified",  # untagged
        "ecdsa-sig-01.json": "verified",
        "ecdsa-sig-02.json": "refused (unsupported)",  # ES384
        "eddsa-sig-01.json": "verified",
        "eddsa-sig-02.json": "bad signature",  # Ed448 key: EdDSA here means Ed25519 only
        "A_3.json": "verified",  # RFC 8392's signed CWT
    }


def test_verify_signature_rejects_mismatched_keys(authority):
    from verifier_app.dl1.cose import sign1

    message = parse_sign1(sign1(b"payload", authority.signer_key, kid=b"12345678"))
    assert message.algorithm is Algorithm.ES256
    assert verify_signature(message, authority.signer_key.public_key())
    assert not verify_signature(message, ed25519.Ed25519PrivateKey.generate().public_key())
    assert not verify_signature(message, ec.generate_private_key(ec.SECP384R1()).public_key())
    assert not verify_signature(message, authority.root_key.public_key())


def test_credential_made_by_python_cwt_verifies(station, authority, licence):
    """An independent COSE implementation (python-cwt, on cbor2) makes a DL1 code we accept."""
    from cwt import COSE, COSEKey
    from cryptography.hazmat.primitives import serialization

    pem = authority.signer_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption())
    key = COSEKey.from_pem(pem, alg="ES256")
    kid = certs.kid_of(authority.signer_cert)
    iat = int(NOW.timestamp()) - 10
    claims = {1: "CN-BJ", 6: iat, 4: iat + 300, 7: secrets.token_bytes(16), CLAIM_LICENCE: licence.to_cbor_map()}
    import cbor2

    encoded = COSE.new().encode_and_sign(cbor2.dumps(claims), key, protected={1: -7, 4: kid})
    result = verifier_for(station).verify(encode_qr_text(encoded))
    assert result.verdict is Verdict.VALID, result.reasons
    assert result.licence == licence


def test_python_cwt_reads_our_credential(authority, licence):
    """And the other way round: python-cwt verifies the COSE_Sign1 we produce."""
    from cwt import COSE, COSEKey
    from cryptography.hazmat.primitives import serialization

    from verifier_app.dl1.credential import decode_qr_text

    text = authority.issue(licence, at=NOW)
    pem = authority.signer_cert.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    key = COSEKey.from_pem(pem, alg="ES256", kid=certs.kid_of(authority.signer_cert))
    payload = COSE.new().decode(decode_qr_text(text), key)
    assert cbor.loads(payload)[CLAIM_LICENCE]["family_name"] == "王"


def test_ed25519_credential_verified_by_python_cwt(tmp_path, licence):
    from cwt import COSE, COSEKey
    from cryptography.hazmat.primitives import serialization

    from verifier_app.dl1.credential import decode_qr_text
    from verifier_app.issuer.authority import Authority

    authority = Authority.create(tmp_path / "ed", code="CN-SH", name="SH", algorithm="ed25519",
                                 now=NOW - dt.timedelta(days=1))
    pem = authority.signer_cert.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    key = COSEKey.from_pem(pem, alg="EdDSA", kid=certs.kid_of(authority.signer_cert))
    payload = COSE.new().decode(decode_qr_text(authority.issue(licence, at=NOW)), key)
    assert cbor.loads(payload)[1] == "CN-SH"
