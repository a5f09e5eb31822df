"""What a paste or a drop hands over, bounded like a file before anything decodes it.

A clipboard or a drop carries mime data: file URLs (a file copied in a file
manager), encoded picture bytes (``image/png``... from another program), or a
picture Qt already holds decoded (``application/x-qt-image``, a copy inside
this program).  File URLs go through the file checks (``scan_file``); encoded
bytes are sized from their header and decoded reduced by OpenCV, as a file is
(``frames.load_image_bytes``), so Qt's own image readers never see them;
picture bytes only in other formats (TGA, ICO...) are refused; only a picture
no ``image/...`` format describes (one Qt holds decoded) is taken from Qt,
whose readers refuse to allocate more than a picture of ``MAX_IMAGE_PIXELS``
would need (``QImageReader.setAllocationLimit``), checked and shrunk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QImage, QImageReader

from verifier_app.services import MAX_IMAGE_PIXELS, WORKING_PIXELS, check_picture_size, load_image_bytes
from verifier_app.errors import InputUnreadable

# The encoded formats read from the mime data ourselves, in order of preference (lossless first).
RAW_FORMATS = ("image/png", "image/bmp", "image/x-bmp", "image/tiff", "image/webp", "image/jpeg", "image/gif",
               "image/x-portable-pixmap", "image/x-portable-graymap")
_QT_LIMIT_MB = math.ceil(MAX_IMAGE_PIXELS * 4 / 2**20)  # 4 bytes a pixel: Qt's readers decode to ARGB32


def bound_qt_image_readers() -> None:
    """Qt's image readers refuse, before allocating, any picture over the verifier's pixel limit
    (Qt's own default is 256 MB; a declared size over it costs nothing either way)."""
    QImageReader.setAllocationLimit(_QT_LIMIT_MB)


@dataclass(frozen=True)
class Handed:
    """What the mime data holds, nothing decoded yet."""

    files: tuple[Path, ...] = ()
    frames: Callable[[], list[np.ndarray]] | None = None  # decodes the picture (on a worker thread)


def handed_over(mime: QMimeData, label: str) -> Handed:
    """Local files first (the same checks as Open); else the picture, bounded; else nothing."""
    files = tuple(Path(url.toLocalFile()) for url in mime.urls() if isinstance(url, QUrl) and url.isLocalFile())
    if files:
        return Handed(files=files)
    formats = set(mime.formats())
    for fmt in RAW_FORMATS:
        if fmt in formats:
            data = bytes(mime.data(fmt).data())
            if data:
                return Handed(frames=lambda: [load_image_bytes(data, label)])
    others = sorted(f for f in formats if f.startswith("image/") and f not in RAW_FORMATS)
    if others:  # only formats whose size we don't read (TGA, ICO...): Qt's readers would decode them
        raise InputUnreadable(f"{label} is a picture in a format this verifier doesn't read ({others[0]})",
                              "Copy the picture as PNG, or save it as PNG or JPEG and open that file.")
    if mime.hasImage():  # a picture this program holds decoded already (a copy inside the window)
        bound_qt_image_readers()
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            check_picture_size(label, image.width(), image.height())  # what Qt holds, before a copy is made
            return Handed(frames=lambda: [qimage_to_array(shrink(image))])
    return Handed()


def shrink(image: QImage, working_pixels: int = WORKING_PIXELS) -> QImage:
    """A big picture brought down to about ``working_pixels``, as a big file is decoded reduced."""
    pixels = image.width() * image.height()
    if pixels <= working_pixels:
        return image
    scale = math.sqrt(working_pixels / pixels)
    return image.scaled(max(1, int(image.width() * scale)), max(1, int(image.height() * scale)),
                        Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)


def qimage_to_array(image: QImage) -> np.ndarray:
    from verifier_app.qt.holder.holder_display import qimage_to_bgr

    return qimage_to_bgr(image)
