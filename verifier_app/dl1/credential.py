"""The DL1 credential: what a QR code carries and how it is checked for form.

``DL1:`` + Base45( zlib( COSE_Sign1( CWT claims ) ) ).  The full
specification with test vectors is docs/format.md.  Parsing here proves only
that the text is well-formed; whether it is *genuine* is the engine's job.
Every defect becomes a :class:`CredentialFormatError` with a stable code,
never another exception.  The licence itself, as data, is in ``licence``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

from verifier_app.dl1 import cbor
from verifier_app.dl1.base45 import Base45Error, b45decode, b45encode
from verifier_app.dl1.cose import KID, CoseFormatError, Sign1, parse_sign1
from verifier_app.dl1.licence import DrivingPrivilege, Licence, LicenceStatus, Restriction
from verifier_app.errors import CborError, CredentialFormatError

# The licence's names are imported from here too (a code carries one licence).
__all__ = [
    "BARCODE_PREFIX", "CLAIM_CTI", "CLAIM_EXP", "CLAIM_IAT", "CLAIM_ISS", "CLAIM_LICENCE", "CLAIM_STATUS",
    "CTI_BYTES", "DOCUMENT_NUMBER", "DrivingPrivilege", "Licence", "LicenceStatus", "MAX_INFLATED_BYTES",
    "MAX_PORTRAIT_BYTES", "MAX_PRESENTATION_LIFETIME_S", "MAX_STATUS_INDEX", "MAX_TEXT_CHARS", "MAX_TIMESTAMP",
    "ParsedCredential", "Presentation", "QR_PREFIX", "Restriction", "StatusReference", "decode_qr_text",
    "encode_qr_text", "parse_barcode_text", "parse_claims", "parse_credential", "parse_licence",
    "parse_status_reference",
]

QR_PREFIX = "DL1:"
BARCODE_PREFIX = "DLN:"
MAX_TEXT_CHARS = 8192  # a version-40 QR holds 4296 alphanumeric characters
MAX_INFLATED_BYTES = 16 * 1024  # zlib bomb guard
MAX_PRESENTATION_LIFETIME_S = 300
MAX_PORTRAIT_BYTES = 4096
CTI_BYTES = 16
MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z

CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_CTI, CLAIM_LICENCE = 1, 4, 6, 7, -65537
CLAIM_STATUS = 65535  # draft-ietf-oauth-status-list: {"status_list": {"idx": uint, "uri": tstr}}
MAX_STATUS_INDEX = 2**33

_MAX_NAME = 150  # ISO/IEC 18013-5 limits names to 150 characters
_MAX_SHORT = 64
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DOCUMENT_NUMBER = re.compile(r"[0-9A-Z][0-9A-Z\-/]{0,63}")
_MALFORMED = "malformed"
_UNSUPPORTED = "unsupported_format"


@dataclass(frozen=True)
class StatusReference:
    """Where a code says its licence's status is listed: entry ``idx`` of the list at ``uri``."""

    idx: int
    uri: str

    def to_claim(self) -> dict[str, Any]:
        return {"status_list": {"idx": self.idx, "uri": self.uri}}


@dataclass(frozen=True)
class Presentation:
    """The claims of one generated QR code."""

    issuer: str
    issued_at: int
    expires_at: int
    presentation_id: bytes
    licence: Licence
    status_ref: StatusReference | None = None

    def to_claims(self) -> dict[int, Any]:
        claims = {
            CLAIM_ISS: self.issuer,
            CLAIM_IAT: self.issued_at,
            CLAIM_EXP: self.expires_at,
            CLAIM_CTI: self.presentation_id,
            CLAIM_LICENCE: self.licence.to_cbor_map(),
        }
        if self.status_ref is not None:
            claims[CLAIM_STATUS] = self.status_ref.to_claim()
        return claims


@dataclass(frozen=True)
class ParsedCredential:
    """A well-formed DL1 code whose signature has not been checked yet."""

    message: Sign1
    presentation: Presentation


# ----------------------------------------------------------------- encoding


def encode_qr_text(cose_sign1: bytes) -> str:
    return QR_PREFIX + b45encode(zlib.compress(cose_sign1, 9))


def decode_qr_text(text: str) -> bytes:
    """``DL1:...`` text -> COSE_Sign1 bytes, with every limit enforced."""
    if len(text) > MAX_TEXT_CHARS:
        raise CredentialFormatError(_MALFORMED, f"code text is too long ({len(text)} characters)")
    if not text.startswith(QR_PREFIX):
        version = re.match(r"DL([0-9]{1,4}):", text)
        if version:
            raise CredentialFormatError(_UNSUPPORTED, f"format version DL{version.group(1)} is not DL1")
        raise CredentialFormatError(_MALFORMED, "the text does not start with DL1:")
    try:
        compressed = b45decode(text[len(QR_PREFIX) :])
    except Base45Error as exc:
        raise CredentialFormatError(_MALFORMED, f"bad Base45: {exc}") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_INFLATED_BYTES)
        if inflater.unconsumed_tail:
            raise CredentialFormatError(
                _MALFORMED, f"compressed data inflates beyond {MAX_INFLATED_BYTES} bytes"
            )
        if not inflater.eof:
            raise CredentialFormatError(_MALFORMED, "compressed data is truncated")
        if inflater.unused_data:
            raise CredentialFormatError(_MALFORMED, "unexpected bytes after the compressed data")
    except zlib.error as exc:
        raise CredentialFormatError(_MALFORMED, f"bad zlib data: {exc}") from None
    return raw


def parse_credential(text: str) -> ParsedCredential:
    raw = decode_qr_text(text)
    try:
        message = parse_sign1(raw)
    except CoseFormatError as exc:
        raise CredentialFormatError(_UNSUPPORTED if exc.unsupported else _MALFORMED, str(exc)) from None
    if message.kid is None:
        if KID in message.unprotected:
            raise CredentialFormatError(_UNSUPPORTED, "key id is only in the unprotected header")
        raise CredentialFormatError(_MALFORMED, "no key id in the protected header")
    if len(message.kid) != 8:
        raise CredentialFormatError(_MALFORMED, "key id is not 8 bytes")
    try:
        claims = cbor.loads(message.payload)
    except CborError as exc:
        raise CredentialFormatError(_MALFORMED, f"claims are not valid CBOR: {exc.message}") from None
    return ParsedCredential(message, parse_claims(claims))


def parse_barcode_text(text: str) -> str:
    """``DLN:<number>`` -> the document number."""
    number = text[len(BARCODE_PREFIX) :]
    if not DOCUMENT_NUMBER.fullmatch(number):
        raise CredentialFormatError(_MALFORMED, "the barcode does not hold a licence number")
    return number


# ------------------------------------------------------------------ claims


class _Fields:
    """Typed access to a CBOR map that turns every defect into a format error."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise CredentialFormatError(_MALFORMED, f"{where} is not a map")
        self.data = data
        self.where = where

    def _get(self, key: Any, kind: type | tuple[type, ...], required: bool) -> Any:
        if key not in self.data:
            if required:
                raise CredentialFormatError(_MALFORMED, f"{self.where} lacks {key!r}")
            return None
        value = self.data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} has the wrong type")
        return value

    def text(self, key: Any, *, required: bool = True, max_len: int = _MAX_SHORT) -> Any:
        value = self._get(key, str, required)
        if value is None:
            return None
        if not value.strip() or len(value) > max_len:
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} is empty or too long")
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for ch in value):
            # Control and format characters (bidi overrides among them) could
            # make a name display as something other than what was signed.
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} has control characters")
        return value

    def integer(self, key: Any, *, required: bool = True) -> Any:
        value = self._get(key, int, required)
        if value is not None and not -(2**63) <= value < 2**63:
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} is out of range")
        return value

    def date(self, key: Any, *, required: bool = True) -> Any:
        value = self._get(key, str, required)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} is not a YYYY-MM-DD date")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} is not a real date") from None

    def bstr(self, key: Any, *, required: bool = True) -> Any:
        return self._get(key, bytes, required)

    def array(self, key: Any, *, required: bool = True, max_items: int = 32) -> Any:
        value = self._get(key, list, required)
        if value is not None and len(value) > max_items:
            raise CredentialFormatError(_MALFORMED, f"{self.where}: {key!r} has too many entries")
        return value


def parse_claims(claims: Any) -> Presentation:
    f = _Fields(claims, "claims")
    issuer = f.text(CLAIM_ISS)
    iat = f.integer(CLAIM_IAT)
    exp = f.integer(CLAIM_EXP)
    cti = f.bstr(CLAIM_CTI)
    if len(cti) != CTI_BYTES:
        raise CredentialFormatError(_MALFORMED, f"presentation id is not {CTI_BYTES} bytes")
    for name, value in (("generation time", iat), ("expiry time", exp)):
        # Bounded so a crafted code can't overflow date conversions before its signature is checked.
        if not 0 <= value <= MAX_TIMESTAMP:
            raise CredentialFormatError(_MALFORMED, f"the {name} is out of range")
    if exp < iat:
        raise CredentialFormatError(_MALFORMED, "the code expires before it was generated")
    if exp - iat > MAX_PRESENTATION_LIFETIME_S:
        raise CredentialFormatError(
            _MALFORMED, f"the code claims a lifetime over {MAX_PRESENTATION_LIFETIME_S} s"
        )
    if CLAIM_LICENCE not in claims:
        raise CredentialFormatError(_MALFORMED, "the code carries no licence")
    status_ref = parse_status_reference(claims[CLAIM_STATUS]) if CLAIM_STATUS in claims else None
    return Presentation(issuer, iat, exp, cti, parse_licence(claims[CLAIM_LICENCE]), status_ref)


def parse_status_reference(value: Any) -> StatusReference:
    """A code's ``status`` claim (draft-ietf-oauth-status-list §6.3)."""
    ref = _Fields(_Fields(value, "status").data.get("status_list"), "status list reference")
    idx = ref.integer("idx")
    if not 0 <= idx < MAX_STATUS_INDEX:
        raise CredentialFormatError(_MALFORMED, "the status list index is out of range")
    return StatusReference(idx, ref.text("uri", max_len=1024))


def parse_licence(data: Any) -> Licence:
    f = _Fields(data, "licence")
    number = f.text("document_number")
    if not DOCUMENT_NUMBER.fullmatch(number):
        raise CredentialFormatError(_MALFORMED, "licence number has characters outside 0-9 A-Z - /")
    country = f.text("issuing_country")
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise CredentialFormatError(_MALFORMED, "issuing_country is not a two-letter country code")
    sex = f.integer("sex", required=False)
    if sex is not None and sex not in (0, 1, 2, 9):
        raise CredentialFormatError(_MALFORMED, "sex is not an ISO 5218 code")
    try:
        status = LicenceStatus(f.text("status"))
    except ValueError:
        raise CredentialFormatError(_MALFORMED, "status is not one of the DL1 statuses") from None
    portrait = f.bstr("portrait", required=False)
    if portrait is not None:
        if len(portrait) > MAX_PORTRAIT_BYTES:
            raise CredentialFormatError(_MALFORMED, f"portrait is larger than {MAX_PORTRAIT_BYTES} bytes")
        if not portrait.startswith(b"\xff\xd8"):
            raise CredentialFormatError(_MALFORMED, "portrait is not a JPEG image")
    privileges = tuple(_parse_privilege(p) for p in f.array("driving_privileges"))
    if not privileges:
        raise CredentialFormatError(_MALFORMED, "the licence lists no vehicle category")
    return Licence(
        document_number=number,
        family_name=f.text("family_name", max_len=_MAX_NAME),
        given_name=f.text("given_name", max_len=_MAX_NAME),
        birth_date=f.date("birth_date"),
        issuing_country=country,
        issuing_authority=f.text("issuing_authority", max_len=_MAX_NAME),
        issue_date=f.date("issue_date"),
        expiry_date=f.date("expiry_date"),
        driving_privileges=privileges,
        status=status,
        sex=sex,
        portrait=portrait,
    )


def _parse_privilege(data: Any) -> DrivingPrivilege:
    f = _Fields(data, "driving privilege")
    codes = []
    for item in f.array("codes", required=False) or ():
        c = _Fields(item, "restriction code")
        codes.append(Restriction(c.text("code"), c.text("sign", required=False), c.text("value", required=False)))
    category = f.text("vehicle_category_code", max_len=8)
    return DrivingPrivilege(
        vehicle_category_code=category,
        issue_date=f.date("issue_date", required=False),
        expiry_date=f.date("expiry_date", required=False),
        codes=tuple(codes),
    )
