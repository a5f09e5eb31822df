"""A strict, small CBOR (RFC 8949) codec for untrusted input.

Why our own instead of a general library: a verifier must *refuse* what a
general decoder accepts silently — duplicate map keys (which value would the
signer have meant?), indefinite lengths, floats and undefined in a format
that has none, nesting deep enough to exhaust the stack, and lengths that
claim more bytes than the input holds (a cheap memory bomb).  Every refusal
is a :class:`CborError` with a plain message; nothing else escapes.

The encoder writes core deterministic encoding (RFC 8949 §4.2.1): shortest
arguments, definite lengths, map keys sorted by their encoded bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verifier_app.errors import CborError

MAX_DEPTH = 16


@dataclass(frozen=True)
class Tag:
    """A tagged item; only the caller knows which tags it accepts."""

    number: int
    value: Any


# --------------------------------------------------------------------- decode


def loads(data: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Decode exactly one CBOR item that fills ``data`` completely."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise CborError("CBOR input must be bytes")
    decoder = _Decoder(bytes(data), max_depth)
    value = decoder.item(0)
    if decoder.pos != len(decoder.data):
        raise CborError(f"{len(decoder.data) - decoder.pos} unexpected bytes after the CBOR item")
    return value


class _Decoder:
    def __init__(self, data: bytes, max_depth: int) -> None:
        self.data = data
        self.pos = 0
        self.max_depth = max_depth

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise CborError("CBOR data is truncated")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def argument(self, info: int) -> int:
        if info < 24:
            return info
        if info in (24, 25, 26, 27):
            return int.from_bytes(self.take(1 << (info - 24)), "big")
        if info == 31:
            raise CborError("indefinite-length CBOR items are not accepted")
        raise CborError(f"reserved CBOR additional information {info}")

    def length(self, info: int, unit: int = 1) -> int:
        n = self.argument(info)
        # Each element needs at least one byte: refuse a length the rest of
        # the input can't hold before allocating anything for it.
        if n * unit > len(self.data) - self.pos:
            raise CborError("CBOR length runs past the end of the data")
        return n

    def item(self, depth: int) -> Any:
        if depth > self.max_depth:
            raise CborError(f"CBOR nesting deeper than {self.max_depth} levels")
        initial = self.take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        if major == 0:
            return self.argument(info)
        if major == 1:
            return -1 - self.argument(info)
        if major == 2:
            return self.take(self.length(info))
        if major == 3:
            raw = self.take(self.length(info))
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CborError("CBOR text string is not valid UTF-8") from None
        if major == 4:
            return [self.item(depth + 1) for _ in range(self.length(info))]
        if major == 5:
            result: dict[Any, Any] = {}
            for _ in range(self.length(info, unit=2)):
                key = self.item(depth + 1)
                if not isinstance(key, (int, str, bytes)) or isinstance(key, bool):
                    raise CborError("CBOR map keys must be integers, text or bytes")
                if key in result:
                    raise CborError(f"duplicate CBOR map key {key!r}")
                result[key] = self.item(depth + 1)
            return result
        if major == 6:
            number = self.argument(info)
            return Tag(number, self.item(depth + 1))
        # major 7: simple values and floats
        if info == 20:
            return False
        if info == 21:
            return True
        if info == 22:
            return None
        if info in (25, 26, 27):
            raise CborError("floating-point numbers are not accepted")
        raise CborError(f"CBOR simple value {info} is not accepted")


# --------------------------------------------------------------------- encode


def dumps(value: Any) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _head(major: int, n: int, out: bytearray) -> None:
    if n < 24:
        out.append(major << 5 | n)
    elif n < 1 << 8:
        out += bytes((major << 5 | 24, n))
    elif n < 1 << 16:
        out.append(major << 5 | 25)
        out += n.to_bytes(2, "big")
    elif n < 1 << 32:
        out.append(major << 5 | 26)
        out += n.to_bytes(4, "big")
    elif n < 1 << 64:
        out.append(major << 5 | 27)
        out += n.to_bytes(8, "big")
    else:
        raise CborError("integer too large for CBOR")


def _encode(value: Any, out: bytearray) -> None:
    if value is False:
        out.append(0xF4)
    elif value is True:
        out.append(0xF5)
    elif value is None:
        out.append(0xF6)
    elif isinstance(value, int):
        if value >= 0:
            _head(0, value, out)
        else:
            _head(1, -1 - value, out)
    elif isinstance(value, (bytes, bytearray)):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, (list, tuple)):
        _head(4, len(value), out)
        for element in value:
            _encode(element, out)
    elif isinstance(value, dict):
        items = sorted((dumps(k), dumps(v)) for k, v in value.items())
        _head(5, len(items), out)
        for key, encoded in items:
            out += key
            out += encoded
    elif isinstance(value, Tag):
        _head(6, value.number, out)
        _encode(value.value, out)
    else:
        raise CborError(f"can't encode {type(value).__name__} as CBOR")
