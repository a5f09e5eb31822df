"""Token Status List (draft-ietf-oauth-status-list, CWT form) and DL1's signed daily deltas.

A licence code may point into its authority's status list (``credential.StatusReference``)::

    claims[65535] = {"status_list": {"idx": 1234, "uri": "https://dl.example/status/cn-bj"}}

The *status list token* is a COSE_Sign1 (``typ`` = ``application/statuslist+cwt``) over CWT claims:
``sub`` (2) the list's URI, ``iat`` (6), ``exp`` (4), ``ttl`` (65534) and ``status_list`` (65533) =
``{"bits": 1|2|4|8, "lst": zlib(packed statuses)}``, the status of entry *i* in the ``bits`` bits
starting at bit ``i * bits`` counted from the least significant bit of the first byte (the draft's
§4.1).  Three claims are DL1's own (text keys, which the draft allows): ``dl1_authority`` (whose
list), ``dl1_version`` (counts up with every change, for deltas) and ``dl1_size`` (the number of
entries: an inflated ``lst`` longer than ``ceil(size * bits / 8)`` is refused *before* it is
inflated past that, so a few kB can't expand into gigabytes).

A *delta* (ours: the draft has none, see ``status_delta``) turns version N of a list into N+1.

Both are signed by a certificate in the protected header (x5chain), issued by the authority's root
and carrying the status-list usage (``certs.EKU_STATUS_LIST_SIGNING``).  This module parses and
checks signatures; which roots are trusted and which version a station holds is the station's.
Nothing here imports numpy: a lookup is one byte read from the packed bytes (or a memory map).
"""

from __future__ import annotations

import datetime as dt
import enum
import zlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from verifier_app.dl1 import cbor, certs
from verifier_app.dl1.cose import X5CHAIN, parse_sign1, sign1, verify_signature
from verifier_app.dl1.credential import LicenceStatus, StatusReference as StatusReference  # re-exported
from verifier_app.dl1.times import utc_from_timestamp
from verifier_app.errors import CborError, CoseFormatError, StatusListRejected

TYP = 16  # COSE header parameter "typ" (RFC 9596)
TYP_LIST = "application/statuslist+cwt"
TYP_DELTA = "application/vnd.dl1.statusdelta+cwt"
CLAIM_SUB, CLAIM_EXP, CLAIM_IAT, CLAIM_TTL, CLAIM_STATUS_LIST, CLAIM_STATUS = 2, 4, 6, 65534, 65533, 65535
ALLOWED_BITS = (1, 2, 4, 8)
MAX_ENTRIES = 2**33  # 8.6 billion: more than any country's licences, small enough for a file
MAX_TOKEN_BYTES = 64 * 1024 * 1024
MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z


class ListedStatus(enum.IntEnum):
    """The draft's status values (§7.1) as DL1 reads them."""

    VALID = 0
    INVALID = 1  # DL1: revoked
    SUSPENDED = 2
    APPLICATION_SPECIFIC = 3  # DL1: cancelled

    @property
    def licence_status(self) -> LicenceStatus:
        return _AS_LICENCE[self]


_AS_LICENCE = {
    ListedStatus.VALID: LicenceStatus.VALID,
    ListedStatus.INVALID: LicenceStatus.REVOKED,
    ListedStatus.SUSPENDED: LicenceStatus.SUSPENDED,
    ListedStatus.APPLICATION_SPECIFIC: LicenceStatus.CANCELLED,
}
_FROM_LICENCE = {v: k for k, v in _AS_LICENCE.items()}


def listed_status_of(status: LicenceStatus | str) -> ListedStatus:
    """The list value an authority writes for a licence status (refuses one a list can't carry)."""
    try:
        return _FROM_LICENCE[LicenceStatus(status)]
    except (KeyError, ValueError):
        raise ValueError(f"{status!r} has no status-list value (valid, revoked, suspended, cancelled)") from None


# --- packed statuses -----------------------------------------------------------------------------

def packed_length(size: int, bits: int) -> int:
    return (size * bits + 7) // 8


def pack(size: int, bits: int, entries: Iterable[tuple[int, int]]) -> bytearray:
    """Packed statuses for ``size`` entries, all valid except ``entries`` (index, status)."""
    check_shape(size, bits)
    packed = bytearray(packed_length(size, bits))
    set_entries(packed, bits, entries, size=size)
    return packed


def set_entries(packed: Any, bits: int, entries: Iterable[tuple[int, int]], *, size: int) -> None:
    """Write statuses in place (a bytearray or a writable memory map)."""
    mask = (1 << bits) - 1
    for index, status in entries:
        if not 0 <= index < size:
            raise StatusListRejected(f"index {index} is outside the list of {size} entries")
        if not 0 <= status <= mask:
            raise StatusListRejected(f"status {status} does not fit in {bits} bits")
        bit = index * bits
        shift = bit & 7
        byte = bit >> 3
        packed[byte] = (packed[byte] & ~(mask << shift) & 0xFF) | (status << shift)


def status_at(packed: Any, bits: int, index: int) -> int:
    bit = index * bits
    return (packed[bit >> 3] >> (bit & 7)) & ((1 << bits) - 1)


def deflate(data: bytes, *, level: int = 9, chunk: int = 1 << 23, workers: int = 2) -> bytes:
    """zlib (RFC 1950) of ``data``, compressed in chunks on ``workers`` threads (zlib releases the GIL).

    Each chunk is raw DEFLATE ended by a sync flush (byte-aligned, no final bit), the last one by a
    finish; their concatenation behind one zlib header, with the Adler-32 of the whole, is one valid
    zlib stream (pigz does the same).  On a national 2-bit list, chunks of 8 MiB lose nothing to the
    fresh dictionary (measured: 0.1 % smaller than one stream), and two threads halve level 9's time
    (level 8 would halve it again but is 2.8 % larger, past the 5 % margin a snapshot is allowed).
    """
    from concurrent.futures import ThreadPoolExecutor

    view = memoryview(data)
    pieces = [view[i:i + chunk] for i in range(0, len(view), chunk)] or [view]

    def one(k: int) -> bytes:
        raw = zlib.compressobj(level, zlib.DEFLATED, -15, 9)
        return raw.compress(pieces[k]) + raw.flush(zlib.Z_FINISH if k == len(pieces) - 1 else zlib.Z_SYNC_FLUSH)

    with ThreadPoolExecutor(max(1, workers)) as pool:
        body = b"".join(pool.map(one, range(len(pieces))))
    return b"\x78\xda" + body + zlib.adler32(data).to_bytes(4, "big")


def inflate_bounded(data: bytes, limit: int, write: Callable[[bytes], Any], *, chunk: int = 1 << 20) -> int:
    """Inflate zlib ``data`` into ``write`` in chunks, refusing output past ``limit`` bytes.

    Returns the number of bytes written.  A bomb is stopped after at most ``limit + 1`` bytes.
    """
    inflater = zlib.decompressobj()
    written = 0
    pending = data
    try:
        while True:
            out = inflater.decompress(pending, min(chunk, limit - written + 1))
            pending = inflater.unconsumed_tail
            if written + len(out) > limit:
                raise StatusListRejected(f"the list inflates to more than the {limit} bytes its size allows")
            if out:
                write(out)
                written += len(out)
            if inflater.eof:
                break
            if not pending and not out:
                raise StatusListRejected("the list's compressed data is truncated")
    except zlib.error:
        raise StatusListRejected("the list's compressed data is damaged") from None
    if inflater.unused_data:
        raise StatusListRejected("the list's compressed data has bytes after its end")
    return written


# --- signed files --------------------------------------------------------------------------------

class Validity:
    """``issued_at``/``expires_at`` (seconds) as aware UTC datetimes: a signed file's, an installed list's."""

    issued_at: int
    expires_at: int

    @property
    def issued_at_utc(self) -> dt.datetime:
        return utc_from_timestamp(self.issued_at)

    @property
    def expires_at_utc(self) -> dt.datetime:
        return utc_from_timestamp(self.expires_at)


@dataclass(frozen=True)
class SignedStatusFile(Validity):
    """What a list or delta shares: who signed it, for which list, and its times."""

    authority: str
    uri: str
    size: int
    bits: int
    issued_at: int
    expires_at: int
    ttl_s: int | None
    signer: x509.Certificate
    root: x509.Certificate


@dataclass(frozen=True)
class StatusListToken(SignedStatusFile):
    version: int = 0
    lst: bytes = b""

    def inflate_into(self, write: Callable[[bytes], Any]) -> None:
        """Write the packed statuses (exactly ``packed_length(size, bits)`` bytes) to ``write``."""
        expected = packed_length(self.size, self.bits)
        got = inflate_bounded(self.lst, expected, write)
        if got != expected:
            raise StatusListRejected(f"the list holds {got} bytes where {self.size} entries need {expected}")

    def packed(self) -> bytearray:
        out = bytearray()
        self.inflate_into(out.extend)
        return out


def check_shape(size: int, bits: int) -> None:
    if bits not in ALLOWED_BITS:
        raise StatusListRejected(f"bits is {bits!r}: a status list uses 1, 2, 4 or 8")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_ENTRIES:
        raise StatusListRejected("the list's size is not a whole number in range")


def uint(value: Any, what: str, top: int = MAX_TIMESTAMP) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
        raise StatusListRejected(f"the {what} is missing or out of range")
    return value


def open_signed(data: bytes, roots: tuple[x509.Certificate, ...], typ: str) -> tuple[Any, x509.Certificate, x509.Certificate]:
    if len(data) > MAX_TOKEN_BYTES:
        raise StatusListRejected(f"the file is larger than {MAX_TOKEN_BYTES // (1024 * 1024)} MiB")
    try:
        message = parse_sign1(data)
    except CoseFormatError as exc:
        raise StatusListRejected(f"not a signed status file ({exc.message})") from None
    if message.protected.get(TYP) != typ:
        raise StatusListRejected(f"not a {'status list' if typ == TYP_LIST else 'status delta'} (type "
                                 f"{message.protected.get(TYP)!r})")
    try:
        signer = certs.leaf_from_x5chain(message.protected.get(X5CHAIN))
    except LookupError:
        raise StatusListRejected("the file carries no signer certificate") from None
    except ValueError:
        raise StatusListRejected("the file's signer certificate is damaged") from None
    root = certs.find_issuer(signer, roots)
    if root is None:
        raise StatusListRejected("the file was not signed under any root certificate installed on this station",
                                 "An administrator must first install the authority's root certificate.")
    if not certs.has_usage(signer, certs.EKU_STATUS_LIST_SIGNING):
        raise StatusListRejected("the file's signer is not allowed to sign status lists")
    if not verify_signature(message, signer.public_key()):
        raise StatusListRejected("the file's signature is not valid: it was altered or damaged",
                                 "Get a fresh copy from your issuing authority.")
    try:
        claims = cbor.loads(message.payload)
    except CborError:
        raise StatusListRejected("the file's content is not valid CBOR") from None
    if not isinstance(claims, dict):
        raise StatusListRejected("the file's content is not a map")
    return claims, signer, root


def common_fields(claims: dict[Any, Any], signer: x509.Certificate, root: x509.Certificate, *,
            authority_key: Any, uri_key: Any, iat_key: Any, exp_key: Any, ttl_key: Any,
            size: int, bits: int) -> dict[str, Any]:
    authority, uri = claims.get(authority_key), claims.get(uri_key)
    if not isinstance(authority, str) or not isinstance(uri, str) or not uri:
        raise StatusListRejected("the file does not name its authority and list")
    if authority != certs.authority_code(signer):
        raise StatusListRejected(f"the file claims authority {authority} but was signed by "
                                 f"{certs.authority_code(signer) or 'an unnamed signer'}")
    check_shape(size, bits)
    issued_at, expires_at = uint(claims.get(iat_key), "issue time"), uint(claims.get(exp_key), "expiry time")
    if expires_at <= issued_at:
        raise StatusListRejected("the file expires before it was issued")
    ttl = claims.get(ttl_key)
    if ttl is not None:
        ttl = uint(ttl, "time to live")
    if not certs.valid_at(signer, utc_from_timestamp(issued_at)):
        raise StatusListRejected("the signer's certificate was not valid when the file was issued")
    return dict(authority=authority, uri=uri, size=size, bits=bits, issued_at=issued_at,
                expires_at=expires_at, ttl_s=ttl, signer=signer, root=root)


def open_status_list(data: bytes, roots: tuple[x509.Certificate, ...]) -> StatusListToken:
    """Check a status list token's signature and claims (the list itself is inflated on demand)."""
    claims, signer, root = open_signed(data, roots, TYP_LIST)
    body = claims.get(CLAIM_STATUS_LIST)
    if not isinstance(body, dict) or not isinstance(body.get("lst"), bytes):
        raise StatusListRejected("the token carries no status list")
    bits, size = body.get("bits"), claims.get("dl1_size")
    if bits not in ALLOWED_BITS or isinstance(bits, bool):
        raise StatusListRejected(f"bits is {bits!r}: a status list uses 1, 2, 4 or 8")
    common = common_fields(claims, signer, root, authority_key="dl1_authority", uri_key=CLAIM_SUB, iat_key=CLAIM_IAT,
                     exp_key=CLAIM_EXP, ttl_key=CLAIM_TTL, size=uint(size, "list size", MAX_ENTRIES), bits=bits)
    return StatusListToken(**common, version=uint(claims.get("dl1_version"), "list version", 2**53),
                           lst=body["lst"])


# --- issuing (the issuer toolkit and tests) ------------------------------------------------------

def sign_payload(payload: dict[Any, Any], typ: str, key: Any, cert: x509.Certificate) -> bytes:
    der = cert.public_bytes(serialization.Encoding.DER)
    return sign1(cbor.dumps(payload), key, kid=certs.kid_of(cert), extra_protected={TYP: typ, X5CHAIN: der},
                 tagged=True)


def sign_status_list(*, packed: bytes, size: int, bits: int, authority: str, uri: str, version: int,
                     issued_at: int, expires_at: int, ttl_s: int | None, key: Any, cert: x509.Certificate) -> bytes:
    check_shape(size, bits)
    if len(packed) != packed_length(size, bits):
        raise ValueError("packed statuses do not match size and bits")
    claims: dict[Any, Any] = {CLAIM_SUB: uri, CLAIM_IAT: issued_at, CLAIM_EXP: expires_at,
                              CLAIM_STATUS_LIST: {"bits": bits, "lst": deflate(bytes(packed))},
                              "dl1_authority": authority, "dl1_version": version, "dl1_size": size}
    if ttl_s is not None:
        claims[CLAIM_TTL] = ttl_s
    return sign_payload(claims, TYP_LIST, key, cert)
