"""COSE_Sign1 (RFC 9052) for the two algorithms DL1 allows: ES256 and EdDSA.

Parsing is strict in the ways that matter for a verifier: the algorithm and
key id must be in the *protected* (signed) header, unknown critical headers
are refused, and a label may not appear in both headers.  Parsing never
checks a signature; :func:`verify_signature` does, against a key the caller
chose from its trust store.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from verifier_app.dl1 import cbor
from verifier_app.errors import CborError
from verifier_app.errors import CoseFormatError as CoseFormatError  # re-exported: raised here

COSE_SIGN1_TAG = 18

# Header labels (RFC 9052 §3.1, RFC 9360 for x5chain).
ALG = 1
CRIT = 2
CONTENT_TYPE = 3
KID = 4
X5CHAIN = 33
_UNDERSTOOD = frozenset({ALG, CRIT, CONTENT_TYPE, KID, X5CHAIN})


class Algorithm(enum.IntEnum):
    ES256 = -7
    EDDSA = -8




@dataclass(frozen=True)
class Sign1:
    protected_bytes: bytes
    protected: dict[int, Any]
    unprotected: dict[int, Any]
    payload: bytes
    signature: bytes
    algorithm: Algorithm
    kid: bytes | None = field(default=None)

    def to_be_signed(self, external_aad: bytes = b"") -> bytes:
        return sig_structure(self.protected_bytes, self.payload, external_aad)


def sig_structure(protected_bytes: bytes, payload: bytes, external_aad: bytes = b"") -> bytes:
    return cbor.dumps(["Signature1", protected_bytes, external_aad, payload])


def parse_sign1(data: bytes) -> Sign1:
    try:
        item = cbor.loads(data)
    except CborError as exc:
        raise CoseFormatError(f"not valid CBOR: {exc.message}") from None
    if isinstance(item, cbor.Tag):
        if item.number != COSE_SIGN1_TAG:
            raise CoseFormatError(f"CBOR tag {item.number} is not COSE_Sign1 (18)", unsupported=True)
        item = item.value
    if not isinstance(item, list) or len(item) != 4:
        raise CoseFormatError("not a COSE_Sign1 array of four elements")
    protected_bytes, unprotected, payload, signature = item
    if not isinstance(protected_bytes, bytes):
        raise CoseFormatError("protected header is not a byte string")
    if not isinstance(unprotected, dict):
        raise CoseFormatError("unprotected header is not a map")
    if not isinstance(payload, bytes):
        # A detached (nil) payload is legal COSE but DL1 always embeds it.
        raise CoseFormatError("payload is not an embedded byte string")
    if not isinstance(signature, bytes):
        raise CoseFormatError("signature is not a byte string")
    if protected_bytes:
        try:
            protected = cbor.loads(protected_bytes)
        except CborError as exc:
            raise CoseFormatError(f"protected header is not valid CBOR: {exc.message}") from None
        if not isinstance(protected, dict):
            raise CoseFormatError("protected header is not a map")
    else:
        protected = {}

    both = set(protected) & set(unprotected)
    if both:
        raise CoseFormatError(f"header label(s) {sorted(both, key=repr)} appear in both headers")
    crit = protected.get(CRIT)
    if crit is not None:
        if not isinstance(crit, list) or not crit:
            raise CoseFormatError("crit header must be a non-empty array")
        if not all(isinstance(label, (int, str)) and not isinstance(label, bool) for label in crit):
            raise CoseFormatError("crit header labels must be integers or text")
        unknown = [label for label in crit if label not in _UNDERSTOOD]
        if unknown:
            raise CoseFormatError(f"unknown critical header(s) {unknown}", unsupported=True)
        absent = [label for label in crit if label not in protected]
        if absent:
            raise CoseFormatError(f"critical header(s) {absent} are listed but not present")
    if CRIT in unprotected:
        raise CoseFormatError("crit header must be protected", unsupported=True)

    if ALG not in protected:
        if ALG in unprotected:
            raise CoseFormatError("algorithm is not in the protected header", unsupported=True)
        raise CoseFormatError("no algorithm in the protected header")
    try:
        algorithm = Algorithm(protected[ALG])
    except (ValueError, TypeError):
        raise CoseFormatError(f"algorithm {protected[ALG]!r} is not ES256 or EdDSA", unsupported=True) from None

    # Only a protected kid is returned: an unprotected one could be swapped
    # by anyone.  Whether a kid is required at all is the caller's profile.
    kid = protected.get(KID)
    if kid is not None and not isinstance(kid, bytes):
        raise CoseFormatError("key id is not a byte string")
    return Sign1(protected_bytes, protected, unprotected, payload, signature, algorithm, kid)


def verify_signature(message: Sign1, public_key: Any, external_aad: bytes = b"") -> bool:
    """True when ``public_key`` made ``message``'s signature; never raises for bad input."""
    tbs = message.to_be_signed(external_aad)
    try:
        if message.algorithm is Algorithm.ES256:
            if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name != "secp256r1":
                return False
            if len(message.signature) != 64:
                return False
            r = int.from_bytes(message.signature[:32], "big")
            s = int.from_bytes(message.signature[32:], "big")
            public_key.verify(encode_dss_signature(r, s), tbs, ec.ECDSA(hashes.SHA256()))
            return True
        if message.algorithm is Algorithm.EDDSA:
            if not isinstance(public_key, ed25519.Ed25519PublicKey) or len(message.signature) != 64:
                return False
            public_key.verify(message.signature, tbs)
            return True
    except InvalidSignature:
        return False
    return False


def algorithm_for_key(private_key: Any) -> Algorithm:
    if isinstance(private_key, ec.EllipticCurvePrivateKey) and private_key.curve.name == "secp256r1":
        return Algorithm.ES256
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        return Algorithm.EDDSA
    raise ValueError("signing key must be ECDSA P-256 or Ed25519")


def sign1(
    payload: bytes,
    private_key: Any,
    *,
    kid: bytes | None = None,
    extra_protected: dict[int, Any] | None = None,
    unprotected: dict[int, Any] | None = None,
    tagged: bool = False,
) -> bytes:
    """Make a COSE_Sign1 over ``payload`` (the issuing side and tests use this)."""
    algorithm = algorithm_for_key(private_key)
    protected: dict[int, Any] = {ALG: int(algorithm)}
    if kid is not None:
        protected[KID] = kid
    protected.update(extra_protected or {})
    protected_bytes = cbor.dumps(protected)
    tbs = sig_structure(protected_bytes, payload)
    if algorithm is Algorithm.ES256:
        r, s = decode_dss_signature(private_key.sign(tbs, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = private_key.sign(tbs)
    message = [protected_bytes, dict(unprotected or {}), payload, signature]
    return cbor.dumps(cbor.Tag(COSE_SIGN1_TAG, message) if tagged else message)
