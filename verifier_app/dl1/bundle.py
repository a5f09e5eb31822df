"""The signed trust bundle (``.dltrust``) a station imports while offline.

A bundle is a COSE_Sign1 whose protected header carries the bundle
signer's certificate (x5chain, label 33).  That certificate must be issued
by a root the station installed on purpose and must carry the
trust-bundle-signing usage.  The payload is a CBOR map:

    {"format": "DLTRUST1", "authority": tstr, "sequence": uint,
     "issued_at": uint, "next_update": uint,
     "signers": [bstr DER certificate, ...],
     "revoked_signers": [bstr kid, ...],
     "documents": [{"document_number": tstr, "status": tstr, "since": "YYYY-MM-DD"}, ...]}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from verifier_app.dl1 import cbor, certs
from verifier_app.dl1.times import utc_from_timestamp
from verifier_app.dl1.cose import X5CHAIN, CoseFormatError, parse_sign1, sign1, verify_signature
from verifier_app.dl1.credential import DOCUMENT_NUMBER, LicenceStatus
from verifier_app.errors import BundleRejected, BundleRootMissing, CborError

FORMAT = "DLTRUST1"
MAX_BUNDLE_BYTES = 8 * 1024 * 1024
# Bounds on the payload's numbers.  CBOR carries integers up to 2^64 - 1, far past what a date or a
# counter can mean here (and past SQLite's integers, time_t and the year 9999): a signed bundle
# outside them is refused as malformed, by name, not left to overflow later.
MAX_SEQUENCE = 2**32 - 1  # one bundle a minute for 8,000 years
MAX_BUNDLE_TIME = 32503680000  # 3000-01-01T00:00:00Z, as for --now (cli/_common.LATEST_TIME)
_FIX_ACTION = ("The bundle was signed, but by an issuer that wrote an impossible value: ask your issuing authority "
               "for a corrected trust bundle. Nothing on this station was changed.")


@dataclass(frozen=True)
class DocumentStatus:
    status: LicenceStatus
    since: dt.date


@dataclass(frozen=True)
class BundleContent:
    authority: str
    sequence: int
    issued_at: int
    next_update: int
    signers: tuple[x509.Certificate, ...]
    revoked_kids: frozenset[bytes] = frozenset()
    documents: Mapping[str, DocumentStatus] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", MappingProxyType(dict(self.documents)))

    @property
    def issued_at_utc(self) -> dt.datetime:
        return utc_from_timestamp(self.issued_at)

    @property
    def next_update_utc(self) -> dt.datetime:
        return utc_from_timestamp(self.next_update)

    def to_payload(self) -> bytes:
        return cbor.dumps(
            {
                "format": FORMAT,
                "authority": self.authority,
                "sequence": self.sequence,
                "issued_at": self.issued_at,
                "next_update": self.next_update,
                "signers": [c.public_bytes(serialization.Encoding.DER) for c in self.signers],
                "revoked_signers": sorted(self.revoked_kids),
                "documents": [
                    {"document_number": n, "status": d.status.value, "since": d.since.isoformat()}
                    for n, d in sorted(self.documents.items())
                ],
            }
        )


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle whose signature and chain were checked against installed roots."""

    content: BundleContent
    bundle_signer: x509.Certificate
    root: x509.Certificate
    raw: bytes

    @property
    def root_fingerprint(self) -> str:
        return certs.fingerprint(self.root)


def sign_bundle(content: BundleContent, signer_key: Any, signer_cert: x509.Certificate) -> bytes:
    der = signer_cert.public_bytes(serialization.Encoding.DER)
    return sign1(
        content.to_payload(),
        signer_key,
        kid=certs.kid_of(signer_cert),
        extra_protected={X5CHAIN: der},
        tagged=True,
    )


def open_bundle(data: bytes, roots: tuple[x509.Certificate, ...]) -> VerifiedBundle:
    """Check a bundle file's signature and chain, then parse it.

    Raises :class:`BundleRejected` with a plain reason; never anything else.
    """
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleRejected(f"the file is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MiB: not a trust bundle")
    try:
        message = parse_sign1(data)
    except CoseFormatError as exc:
        raise BundleRejected(f"not a trust bundle ({exc})", "Check that you chose the .dltrust file your authority sent.") from None
    try:
        signer_cert = certs.leaf_from_x5chain(message.protected.get(X5CHAIN))
    except LookupError:
        raise BundleRejected("the bundle carries no signer certificate") from None
    except ValueError:
        raise BundleRejected("the bundle's signer certificate is damaged") from None
    root = certs.find_issuer(signer_cert, roots)
    if root is None:
        raise BundleRootMissing(
            "the bundle was not signed under any root certificate installed on this station",
            "An administrator must first install the authority's root certificate (verifier trust install-root).",
        )
    if not certs.has_usage(signer_cert, certs.EKU_TRUST_BUNDLE_SIGNING):
        raise BundleRejected("the bundle's signer certificate is not allowed to sign trust bundles")
    if not verify_signature(message, signer_cert.public_key()):
        raise BundleRejected(
            "the bundle's signature is not valid: the file was altered or damaged",
            "Get a fresh copy of the bundle from your issuing authority.",
        )
    content = _parse_payload(message.payload)
    if content.authority != certs.authority_code(signer_cert):
        raise BundleRejected(
            f"the bundle claims authority {content.authority} but was signed by "
            f"{certs.authority_code(signer_cert) or 'an unnamed signer'}")
    if not certs.valid_at(signer_cert, content.issued_at_utc) or not certs.valid_at(root, content.issued_at_utc):
        raise BundleRejected("the bundle's signer certificate was not valid when the bundle was issued")
    return VerifiedBundle(content, signer_cert, root, bytes(data))


def _parse_payload(payload: bytes) -> BundleContent:
    bad = BundleRejected("the bundle's content is damaged or of an unknown version", _FIX_ACTION)
    try:
        data = cbor.loads(payload)
    except CborError as exc:
        raise BundleRejected(f"the bundle's content is not valid CBOR ({exc.message})", _FIX_ACTION) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad
    try:
        authority = data["authority"]
        sequence, issued_at, next_update = data["sequence"], data["issued_at"], data["next_update"]
        if not isinstance(authority, str):
            raise bad
        _check_number("sequence", sequence, 1, MAX_SEQUENCE)
        _check_number("issued_at", issued_at, 0, MAX_BUNDLE_TIME)
        _check_number("next_update", next_update, 0, MAX_BUNDLE_TIME)
        if next_update <= issued_at:
            raise BundleRejected("the bundle's next update is not after its issue time", _FIX_ACTION)
        signers = tuple(x509.load_der_x509_certificate(der) for der in data["signers"])
        revoked = data.get("revoked_signers", [])
        if not all(isinstance(k, bytes) and len(k) == certs.KID_BYTES for k in revoked):
            raise bad
        documents = {}
        for entry in data.get("documents", []):
            number, since = entry["document_number"], entry["since"]
            if not isinstance(number, str) or not DOCUMENT_NUMBER.fullmatch(number) or number in documents:
                raise bad
            if not isinstance(since, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
                raise bad
            documents[number] = DocumentStatus(LicenceStatus(entry["status"]), dt.date.fromisoformat(since))
    except BundleRejected:
        raise
    except (KeyError, TypeError, ValueError, OverflowError):
        raise bad from None
    return BundleContent(authority, sequence, issued_at, next_update, signers, frozenset(revoked), documents)


def _check_number(name: str, value: Any, low: int, high: int) -> None:
    """An integer field of the payload within [low, high], else a refusal that names it."""
    if isinstance(value, cbor.Tag) and value.number in (2, 3):  # a CBOR bignum: 2^64 and beyond
        raise BundleRejected(f"the bundle's {name} is a number too large for any bundle (a CBOR bignum)",
                             _FIX_ACTION)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BundleRejected(f"the bundle's {name} is not a whole number", _FIX_ACTION)
    if not low <= value <= high:
        shown = str(value) if len(str(value)) <= 24 else f"a {len(str(value))}-digit number"
        raise BundleRejected(f"the bundle's {name} ({shown}) is out of range: it must be between {low} and {high}",
                             _FIX_ACTION)
