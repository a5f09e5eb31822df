"""Picture sizes read from file headers, without decoding the picture.

PNG, JPEG (walking its segments), GIF, BMP, WebP, TIFF and PNM: enough to
refuse a picture too big to decode, or to decode a big phone photo reduced
(``decode/sources/frames.py:load_image``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

@dataclass(frozen=True)
class ImageHeader:
    """What a picture's header says, read without decoding it."""

    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


HEAD_BYTES = 64  # enough of a file to tell its format


def sniff_image_format(head: bytes) -> str | None:
    """The picture format the first bytes announce (None: not a picture we can size)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head.startswith(b"BM"):
        return "BMP"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    if len(head) >= 3 and head[0:1] == b"P" and head[1:2] in b"123456" and head[2:3] in b" \t\r\n#":
        return "PNM"
    return None


def read_image_header(f: BinaryIO) -> ImageHeader | None:
    """Width and height from an open picture file's header; None if it has none we can read.

    Reads a few hundred bytes at most (JPEG: walks its segments by seeking).
    """
    f.seek(0)
    head = f.read(HEAD_BYTES)
    kind = sniff_image_format(head)
    try:
        size = _SIZERS[kind](f, head) if kind else None
    except (struct.error, ValueError, IndexError, OSError):
        size = None
    if size is None:
        return None
    width, height = size
    if width <= 0 or height <= 0:
        return None
    return ImageHeader(kind, width, height)  # type: ignore[arg-type]


def _png_size(f: BinaryIO, head: bytes) -> tuple[int, int] | None:
    if head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(f: BinaryIO, head: bytes) -> tuple[int, int] | None:
    f.seek(2)
    for _ in range(4096):  # segments before the frame header (EXIF, ICC, thumbnails...)
        byte = f.read(1)
        while byte and byte != b"\xff":  # garbage between segments, as libjpeg skips it
            byte = f.read(1)
        while byte == b"\xff":  # fill bytes
            byte = f.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame header
            return None
        (length,) = struct.unpack(">H", f.read(2))
        if marker in _SOF:
            _precision, height, width = struct.unpack(">BHH", f.read(5))
            return width, height
        if length < 2:
            return None
        f.seek(length - 2, 1)
    return None


def _gif_size(f: BinaryIO, head: bytes) -> tuple[int, int]:
    return struct.unpack("<HH", head[6:10])


def _bmp_size(f: BinaryIO, head: bytes) -> tuple[int, int]:
    (dib,) = struct.unpack("<I", head[14:18])
    if dib == 12:
        width, height = struct.unpack("<hh", head[18:22])
    else:
        width, height = struct.unpack("<ii", head[18:26])
    return width, abs(height)


def _webp_size(f: BinaryIO, head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


_TIFF_TYPES = {3: ("H", 2), 4: ("I", 4), 16: ("Q", 8)}


def _tiff_size(f: BinaryIO, head: bytes) -> tuple[int, int] | None:
    e = "<" if head[:2] == b"II" else ">"
    big = struct.unpack(e + "H", head[2:4])[0] == 43
    if big:
        (offset,) = struct.unpack(e + "Q", head[8:16])
    else:
        (offset,) = struct.unpack(e + "I", head[4:8])
    f.seek(offset)
    count_fmt, entry_size = ("Q", 20) if big else ("H", 12)
    (count,) = struct.unpack(e + count_fmt, f.read(struct.calcsize(count_fmt)))
    found: dict[int, int] = {}
    for _ in range(min(count, 1000)):
        entry = f.read(entry_size)
        tag, typ = struct.unpack(e + "HH", entry[:4])
        if tag in (256, 257) and typ in _TIFF_TYPES:
            code, size = _TIFF_TYPES[typ]
            value_at = 12 if big else 8
            (found[tag],) = struct.unpack(e + code, entry[value_at : value_at + size])
    if 256 in found and 257 in found:
        return found[256], found[257]
    return None


def _pnm_size(f: BinaryIO, head: bytes) -> tuple[int, int] | None:
    f.seek(2)
    data = f.read(1024)
    tokens: list[int] = []
    i = 0
    while len(tokens) < 2 and i < len(data):
        c = data[i : i + 1]
        if c == b"#":
            while i < len(data) and data[i : i + 1] not in (b"\n", b"\r"):
                i += 1
        elif c.isdigit():
            j = i
            while j < len(data) and data[j : j + 1].isdigit():
                j += 1
            tokens.append(int(data[i:j]))
            i = j
            continue
        elif not c.isspace():
            return None
        i += 1
    return (tokens[0], tokens[1]) if len(tokens) == 2 else None


_SIZERS = {"PNG": _png_size, "JPEG": _jpeg_size, "GIF": _gif_size, "BMP": _bmp_size, "WebP": _webp_size,
           "TIFF": _tiff_size, "PNM": _pnm_size}
