"""The frame size a video container declares, read from its header before FFmpeg opens it.

FFmpeg decodes a frame while it probes a file, so a frame size checked only
after ``cv2.VideoCapture`` opened the file has already been paid for.  The
sizes the common containers declare (AVI's main and stream headers, MP4/MOV's
track headers and sample descriptions, Matroska/WebM's video track) are read
here by walking a bounded number of boxes or chunks, seeking past the media
data.  A codec stream can still declare a size its container doesn't; FFmpeg's
reported size is checked right after opening too (``decode/sources/frames.py``).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

_MAX_ITEMS = 4096  # boxes, chunks or elements walked before giving up (a normal header has dozens)

Size = tuple[int, int]


def read_video_size(path: str | Path) -> Size | None:
    """The largest frame size (width, height) the container's header declares; None when it has
    none we read (another container, a damaged header), or can't be read."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if head[:4] == b"RIFF" and head[8:12] in (b"AVI ", b"AVIX"):
                sizes = _avi_sizes(f)
            elif head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
                sizes = _iso_sizes(f)
            elif head[:4] == b"\x1a\x45\xdf\xa3":
                sizes = _mkv_sizes(f)
            else:
                return None
    except (OSError, struct.error, ValueError, IndexError):
        return None
    return max(sizes, key=lambda s: s[0] * s[1], default=None)


def _avi_sizes(f: BinaryIO) -> list[Size]:
    """avih's dwWidth/dwHeight and every stream format's biWidth/biHeight in the 'hdrl' list."""
    sizes: list[Size] = []
    f.seek(12)
    end = f.seek(0, 2)
    stack = [end]
    at = 12
    for _ in range(_MAX_ITEMS):
        while stack and at + 8 > stack[-1]:
            stack.pop()
        if not stack:
            break
        f.seek(at)
        kind, size = struct.unpack("<4sI", f.read(8))
        if kind == b"LIST":
            (form,) = struct.unpack("4s", f.read(4))
            if form == b"movi":  # the frames: the headers are all before them
                break
            stack.append(at + 8 + size)
            at += 12
            continue
        if kind == b"avih":
            width, height = struct.unpack("<II", f.read(40)[32:40])
            sizes.append((width, height))
        elif kind == b"strf":
            data = f.read(min(size, 12))
            if len(data) == 12:
                _bi_size, width, height = struct.unpack("<Iii", data)
                sizes.append((abs(width), abs(height)))
        at += 8 + size + (size & 1)
    return sizes


_ISO_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _iso_sizes(f: BinaryIO) -> list[Size]:
    """Every track header's width/height and every visual sample description's (MP4, MOV, 3GP)."""
    sizes: list[Size] = []
    end = f.seek(0, 2)
    todo = [(0, end)]
    walked = 0
    while todo and walked < _MAX_ITEMS:
        at, stop = todo.pop()
        while at + 8 <= stop and walked < _MAX_ITEMS:
            walked += 1
            f.seek(at)
            size, kind = struct.unpack(">I4s", f.read(8))
            header = 8
            if size == 1:
                (size,) = struct.unpack(">Q", f.read(8))
                header = 16
            elif size == 0:
                size = stop - at
            if size < header:
                break
            body = at + header
            if kind in _ISO_CONTAINERS:
                todo.append((body, min(at + size, stop)))
            elif kind == b"tkhd":
                data = f.read(min(size - header, 104))
                width, height = struct.unpack(">II", data[-8:])
                sizes.append((width >> 16, height >> 16))  # 16.16 fixed point
            elif kind == b"stsd":
                f.seek(body + 4)
                (count,) = struct.unpack(">I", f.read(4))
                entry = body + 8
                for _ in range(min(count, 16)):
                    f.seek(entry)
                    entry_size, _fmt = struct.unpack(">I4s", f.read(8))
                    if entry_size >= 36:  # a visual sample entry: width, height at 32
                        data = f.read(28)
                        sizes.append(struct.unpack(">HH", data[24:28]))
                    entry += max(entry_size, 8)
            at += size
    return sizes


_SEGMENT, _TRACKS, _TRACK, _VIDEO, _CLUSTER = 0x18538067, 0x1654AE6B, 0xAE, 0xE0, 0x1F43B675
_WIDTH, _HEIGHT = 0xB0, 0xBA


def _vint(f: BinaryIO, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-length integer: (value, bytes read, all ones = unknown size)."""
    first = f.read(1)[0]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        raise ValueError("bad EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in f.read(length - 1):
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _mkv_sizes(f: BinaryIO) -> list[Size]:
    """PixelWidth/PixelHeight of every video track in the first Segment's Tracks (Matroska, WebM)."""
    sizes: list[Size] = []
    end = f.seek(0, 2)
    todo = [(0, end)]
    walked = 0
    width = height = 0
    while todo and walked < _MAX_ITEMS:
        at, stop = todo.pop()
        while at < stop and walked < _MAX_ITEMS:
            walked += 1
            f.seek(at)
            ident, id_len, _ = _vint(f, keep_marker=True)
            size, size_len, unknown = _vint(f, keep_marker=False)
            body = at + id_len + size_len
            if unknown:
                size = stop - body
            if ident == _CLUSTER:  # the frames: the tracks are described before them
                return sizes
            if ident in (_SEGMENT, _TRACKS, _TRACK, _VIDEO):  # depth first: the tracks before any cluster
                todo.append((body + size, stop))
                todo.append((body, min(body + size, stop)))
                if ident == _VIDEO:
                    width = height = 0
                break
            if ident in (_WIDTH, _HEIGHT) and size <= 8:
                value = int.from_bytes(f.read(size), "big")
                width, height = (value, height) if ident == _WIDTH else (width, value)
                if width and height:
                    sizes.append((width, height))
            at = body + size
    return sizes
