"""Code images a camera can read: QR (via segno) and Code 128 (our own encoder).

Images are numpy arrays (black on white, one channel), so they can be
written with OpenCV, shown by Qt or composed into test video frames.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import segno

from verifier_app.atomic import atomic_write
from verifier_app.code128 import CODE_B, CODE_C, PATTERNS, START_B, START_C, STOP
from verifier_app.errors import IssuerError



def code128_values(text: str) -> list[int]:
    """Symbol values (with start, checksum and stop) for printable ASCII text.

    Runs of four or more digits use code set C (two digits a symbol), which
    keeps a licence number's barcode short enough for a phone screen.
    """
    if not text or any(not 32 <= ord(ch) <= 126 for ch in text):
        raise ValueError("Code 128 here encodes printable ASCII only")
    values: list[int] = []
    mode = None
    i = 0
    while i < len(text):
        run = 0
        while i + run < len(text) and text[i + run].isdigit():
            run += 1
        if run >= 4 or (run >= 2 and mode == "C"):
            run -= run % 2
            if mode != "C":
                values.append(START_C if mode is None else CODE_C)
                mode = "C"
            values += [int(text[j : j + 2]) for j in range(i, i + run, 2)]
            i += run
            continue
        if mode != "B":
            values.append(START_B if mode is None else CODE_B)
            mode = "B"
        values.append(ord(text[i]) - 32)
        i += 1
    checksum = (values[0] + sum(pos * v for pos, v in enumerate(values[1:], start=1))) % 103
    return values + [checksum, STOP]


def code128_image(text: str, *, module_px: int = 3, height_px: int = 120, quiet_modules: int = 12) -> np.ndarray:
    modules: list[int] = [0] * quiet_modules
    for value in code128_values(text):
        for index, width in enumerate(PATTERNS[value]):
            modules += [1 if index % 2 == 0 else 0] * int(width)
    modules += [0] * quiet_modules
    row = np.where(np.array(modules, dtype=np.uint8) == 1, 0, 255).astype(np.uint8)
    row = np.repeat(row, module_px)
    return np.tile(row, (height_px, 1))


def qr_image(text: str, *, module_px: int = 6, quiet_modules: int = 4, error: str = "L") -> np.ndarray:
    """A QR code for ``text``.  DL1 text is all QR-alphanumeric, so segno picks that mode.

    Error correction L by default: a phone screen is flat, sharp and
    self-lit, so the larger modules of a lower version read better than
    the redundancy of a higher level.
    """
    qr = segno.make_qr(text, error=error, boost_error=False)
    matrix = np.array([list(row) for row in qr.matrix], dtype=np.uint8)
    matrix = np.pad(matrix, quiet_modules, constant_values=0)
    image = np.where(matrix == 1, 0, 255).astype(np.uint8)
    return np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))


def qr_version(text: str, error: str = "L") -> int:
    return int(segno.make_qr(text, error=error, boost_error=False).version)


def write_png(path: str | Path, image: np.ndarray) -> None:
    """Write ``image`` as PNG atomically (a half-written image never replaces a good one)."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise IssuerError(f"{path}: the image could not be encoded")
    try:
        atomic_write(path, data.tobytes())
    except OSError as exc:
        raise IssuerError(f"{path}: can't be written ({exc.strerror}).") from None
