"""DL1's status deltas: a signed file that turns version N of a status list into N+1.

The draft has no deltas; this is ours (docs/format.md).  Payload: a CBOR map with ``format``
``DLSTATUSDELTA1``, the list's ``authority``, ``uri``, ``size`` and ``bits``, ``from_version``,
``to_version`` (= from + 1), ``iat``/``exp``/``ttl`` and ``changes`` = zlib( the number of changes
as a varint, the gaps between changed indices as varints (the first from 0), then the new statuses
packed as in a list ).  Gap coding keeps 50,000 changes to a 500-million-entry list near 100 kB,
where a compressed XOR of the two lists is more than twice that.  Signed like a list (its own
``typ``), by the authority's status-list key.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Iterable

from cryptography import x509

from verifier_app.dl1.status_list import (
    ALLOWED_BITS, MAX_ENTRIES, MAX_TOKEN_BYTES, TYP_DELTA, SignedStatusFile, check_shape, common_fields,
    inflate_bounded, open_signed, pack, packed_length, sign_payload, status_at, uint,
)
from verifier_app.errors import StatusListRejected

DELTA_FORMAT = "DLSTATUSDELTA1"


@dataclass(frozen=True)
class StatusDelta(SignedStatusFile):
    from_version: int = 0
    to_version: int = 0
    changes: tuple[tuple[int, int], ...] = ()


def open_status_delta(data: bytes, roots: tuple[x509.Certificate, ...]) -> StatusDelta:
    claims, signer, root = open_signed(data, roots, TYP_DELTA)
    if claims.get("format") != DELTA_FORMAT or not isinstance(claims.get("changes"), bytes):
        raise StatusListRejected("the file is not a DL1 status delta")
    bits = claims.get("bits")
    if bits not in ALLOWED_BITS or isinstance(bits, bool):
        raise StatusListRejected(f"bits is {bits!r}: a status list uses 1, 2, 4 or 8")
    common = common_fields(claims, signer, root, authority_key="authority", uri_key="uri", iat_key="iat", exp_key="exp",
                     ttl_key="ttl", size=uint(claims.get("size"), "list size", MAX_ENTRIES), bits=bits)
    old, new = uint(claims.get("from_version"), "old version", 2**53), uint(claims.get("to_version"), "new version", 2**53)
    if new != old + 1:
        raise StatusListRejected(f"the delta goes from version {old} to {new}, not to the next one")
    changes = decode_changes(claims["changes"], size=common["size"], bits=bits)
    return StatusDelta(**common, from_version=old, to_version=new, changes=changes)


# --- gap-coded changes ---------------------------------------------------------------------------

def _varint(n: int, out: bytearray) -> None:
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def encode_changes(changes: Iterable[tuple[int, int]], *, bits: int) -> bytes:
    ordered = sorted(dict(changes).items())
    raw = bytearray()
    _varint(len(ordered), raw)
    previous = 0
    for index, _status in ordered:
        _varint(index - previous, raw)
        previous = index
    raw += pack(max(len(ordered), 1), bits, enumerate(s for _i, s in ordered))[: packed_length(len(ordered), bits)]
    return zlib.compress(bytes(raw), 9)


def decode_changes(data: bytes, *, size: int, bits: int) -> tuple[tuple[int, int], ...]:
    # At most `size` changes: 10 bytes of varint each, plus their packed statuses and the count.
    limit = 10 + size * 10 + packed_length(size, bits)
    raw = bytearray()
    inflate_bounded(data, min(limit, MAX_TOKEN_BYTES * 4), raw.extend)
    pos = 0

    def varint() -> int:
        nonlocal pos
        value = shift = 0
        while True:
            if pos >= len(raw) or shift > 63:
                raise StatusListRejected("the delta's change list is truncated or damaged")
            byte = raw[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    count = varint()
    if count > size:
        raise StatusListRejected("the delta changes more entries than the list holds")
    indices, index = [], 0
    for n in range(count):
        gap = varint()
        if n and gap == 0:
            raise StatusListRejected("the delta names an entry twice")
        index += gap
        if index >= size:
            raise StatusListRejected(f"the delta changes index {index}, outside the list of {size} entries")
        indices.append(index)
    statuses = raw[pos:]
    if len(statuses) != packed_length(count, bits):
        raise StatusListRejected("the delta's statuses do not match its changes")
    return tuple((i, status_at(statuses, bits, n)) for n, i in enumerate(indices))


def sign_status_delta(*, changes: Iterable[tuple[int, int]], size: int, bits: int, authority: str, uri: str,
                      from_version: int, issued_at: int, expires_at: int, ttl_s: int | None, key: Any,
                      cert: x509.Certificate) -> bytes:
    check_shape(size, bits)
    payload: dict[Any, Any] = {"format": DELTA_FORMAT, "authority": authority, "uri": uri, "size": size,
                               "bits": bits, "from_version": from_version, "to_version": from_version + 1,
                               "iat": issued_at, "exp": expires_at,
                               "changes": encode_changes(changes, bits=bits)}
    if ttl_s is not None:
        payload["ttl"] = ttl_s
    return sign_payload(payload, TYP_DELTA, key, cert)


def diff(old: bytes, new: bytes, bits: int, size: int) -> list[tuple[int, int]]:
    """The entries whose status differs between two packed lists of the same shape.

    Halves that are equal are skipped whole (a C memcmp), so a day's 50,000 changes in a 125 MB list
    cost a few hundred thousand slice comparisons, not a Python loop over every byte.
    """
    if len(old) != len(new):
        raise ValueError("the two lists differ in size")
    old_view, new_view = memoryview(old), memoryview(new)
    per_byte = 8 // bits
    out: list[tuple[int, int]] = []
    pending = [(0, len(old))]
    while pending:
        start, end = pending.pop()
        if old_view[start:end] == new_view[start:end]:
            continue
        if end - start > 16:
            middle = (start + end) // 2
            pending.append((middle, end))  # popped after the lower half: indices come out in order
            pending.append((start, middle))
            continue
        for byte in range(start, end):
            if old[byte] != new[byte]:
                for k in range(per_byte):
                    index = byte * per_byte + k
                    if index < size and status_at(old, bits, index) != status_at(new, bits, index):
                        out.append((index, status_at(new, bits, index)))
    return out
