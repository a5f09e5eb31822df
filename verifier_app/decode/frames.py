"""Where frames come from: a camera, a video file, an image, or a test.

Every source implements :class:`FrameSource`.  :class:`OpenCvSource` wraps
``cv2.VideoCapture`` for both cameras and video files, so tests drive the
same code path as a webcam by writing a video file first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Protocol, Sequence

import cv2
import numpy as np

from verifier_app.errors import InputUnreadable

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm"}
MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs before decoding them


class FrameSource(Protocol):
    def read(self) -> np.ndarray | None:
        """The next frame, or None at the end (or when the device stops)."""
        ...

    def close(self) -> None: ...


class OpenCvSource:
    """A camera index or a video file path, read through cv2.VideoCapture."""

    def __init__(self, source: int | str) -> None:
        self.source = source
        self._capture = cv2.VideoCapture(source)
        if not self._capture.isOpened():
            self._capture.release()
            what = f"camera {source}" if isinstance(source, int) else f"video {source}"
            raise InputUnreadable(f"OpenCV can't open {what}.")

    def read(self) -> np.ndarray | None:
        ok, frame = self._capture.read()
        return frame if ok else None

    def close(self) -> None:
        self._capture.release()

    def __enter__(self) -> "OpenCvSource":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FakeFrameSource:
    """Frames from a list; a ``None`` in the list reads as a dropped device."""

    def __init__(self, frames: Sequence[np.ndarray | None]) -> None:
        self._frames = list(frames)
        self.closed = False

    def read(self) -> np.ndarray | None:
        return self._frames.pop(0) if self._frames else None

    def close(self) -> None:
        self.closed = True


def load_image(path: str | Path) -> np.ndarray:
    """An image file as a BGR array; InputUnreadable with a plain reason otherwise."""
    p = Path(path)
    try:
        data = np.fromfile(p, dtype=np.uint8)
    except OSError as exc:
        raise InputUnreadable(f"{p}: can't be read ({exc.strerror or exc}).") from None
    image = _decode_image_bytes(data)
    if image is None:
        raise InputUnreadable(f"{p}: is not an image OpenCV can read.")
    return image


def _decode_image_bytes(data: np.ndarray) -> np.ndarray | None:
    if data.size == 0:
        return None
    try:
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    except cv2.error:
        return None
    if image is None or image.size > MAX_IMAGE_PIXELS * 3:
        return None
    return image


def iter_file_frames(path: str | Path) -> Iterator[np.ndarray]:
    """An image file yields one frame; a video yields each of its frames."""
    p = Path(path)
    if not p.exists():
        raise InputUnreadable(f"{p}: no such file.")
    if p.is_dir():
        raise InputUnreadable(f"{p}: is a folder, not an image or video.")
    if p.suffix.lower() in IMAGE_SUFFIXES:
        yield load_image(p)
        return
    try:
        data = np.fromfile(p, dtype=np.uint8)
    except OSError as exc:
        raise InputUnreadable(f"{p}: can't be read ({exc.strerror or exc}).") from None
    image = _decode_image_bytes(data)
    if image is not None:
        yield image
        return
    try:
        source = OpenCvSource(str(p))
    except InputUnreadable:
        raise InputUnreadable(f"{p}: is neither an image nor a video OpenCV can read.") from None
    with source:
        first = source.read()
        if first is None:
            raise InputUnreadable(f"{p}: has no frames OpenCV can read.")
        yield first
        yield from frames_of(source)


def frames_of(source: FrameSource) -> Iterator[np.ndarray]:
    """Every frame of ``source`` until it ends (``iter(read, None)`` can't compare arrays)."""
    while (frame := source.read()) is not None:
        yield frame


class PacedSource:
    """Plays another source at a camera's pace (a video file read as if live)."""

    def __init__(self, source: FrameSource, fps: float = 30.0) -> None:
        import time

        self._source, self._period, self._time = source, 1.0 / fps, time
        self._next = time.monotonic()

    def read(self) -> np.ndarray | None:
        delay = self._next - self._time.monotonic()
        if delay > 0:
            self._time.sleep(delay)
        self._next = max(self._next + self._period, self._time.monotonic())
        return self._source.read()

    def close(self) -> None:
        self._source.close()
