"""Tiny picture files that declare huge sizes (issue 19, point 3): a few KB on disk, gigabytes once
a decoder allocates the picture they announce.  Nothing here ever decodes them."""

from __future__ import annotations

import struct
from pathlib import Path

SIDE = 16000  # 256 megapixels: 2 GB as 16-bit RGBA, 1 GB as 32-bit, 768 MB as 24-bit


def sgi_bomb(path: Path, side: int = SIDE, data: int = 10240) -> Path:
    """SGI, uncompressed 16-bit RGBA, header plus 10 KB of data (10.5 KB; 2.1 GB once allocated)."""
    header = struct.pack(">HBBHHHHII4s80sI", 474, 0, 2, 3, side, side, 4, 0, 65535, b"", b"bomb", 0)
    path.write_bytes(header.ljust(512, b"\0") + b"\x80" * data)
    return path


def tga_bomb(path: Path, side: int = SIDE) -> Path:
    """TGA, run-length 32-bit truecolour, 5 KB (1.1 GB once allocated); TGA has no magic bytes."""
    header = struct.pack("<BBB5sHHHHBB", 0, 0, 10, b"", 0, 0, side, side, 32, 8)
    path.write_bytes(header + (b"\xff" + b"\x00" * 4) * 960)
    return path


def pcx_bomb(path: Path, side: int = SIDE) -> Path:
    """PCX, run-length 3 x 8-bit planes, 4 KB (0.8 GB once allocated)."""
    header = struct.pack("<BBBBHHHHHH48sBBHH", 10, 5, 1, 8, 0, 0, side - 1, side - 1, 72, 72, b"", 0, 3, side, 1)
    path.write_bytes(header.ljust(128, b"\0") + b"\xc1\x00" * 2000)
    return path


BOMBS = {"SGI": (sgi_bomb, ".sgi"), "TGA": (tga_bomb, ".tga"), "PCX": (pcx_bomb, ".pcx")}
