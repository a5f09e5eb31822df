"""Where frames come from: a camera, a video file, an image, or a test.

Every source implements :class:`FrameSource`.  :class:`OpenCvSource` wraps
``cv2.VideoCapture`` for both cameras and video files, so tests drive the
same code path as a webcam by writing a video file first.

Files are bounded before they are decoded: a picture's size is read from its
header (PNG, JPEG, GIF, BMP, WebP, TIFF, PNM; ``decode/sources/headers.py``), a picture bigger than
:data:`MAX_IMAGE_PIXELS` is refused without decoding it, a big but plausible
phone photo is decoded reduced (``cv2.IMREAD_REDUCED_COLOR_2/4/8``) to about
:data:`WORKING_PIXELS`, and a video is streamed frame by frame and read for
at most :data:`MAX_VIDEO_SECONDS` / :data:`MAX_VIDEO_FRAMES`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Protocol, Sequence

import cv2
import numpy as np

# ImageHeader is offered here too, with read_image_header.
from verifier_app.decode.sources.headers import HEAD_BYTES as _HEAD_BYTES, ImageHeader, read_image_header  # noqa: F401
from verifier_app.decode.sources.headers import sniff_image_format
from verifier_app.errors import InputTooLarge, InputUnreadable


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm"}
MAX_IMAGE_PIXELS = 60_000_000  # above any phone camera's normal photo: refused before decoding
WORKING_PIXELS = 13_000_000  # bigger photos are decoded reduced to about this (a 12 MP phone photo stays whole)
MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024  # an image file is read whole; a 60 MP PNG fits in this
MAX_VIDEO_SECONDS = 120.0  # a phone clip of someone showing a code; longer videos stop here
MAX_VIDEO_FRAMES = 120 * 60  # two minutes at 60 frames per second
_ASSUMED_FPS = 30.0  # when a video doesn't say (or says nonsense)


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
            raise InputUnreadable(f"{what} can't be opened.")

    def read(self) -> np.ndarray | None:
        ok, frame = self._capture.read()
        return frame if ok else None

    def get(self, prop: int) -> float:
        """A ``cv2.CAP_PROP_*`` value (0 when the backend doesn't know it)."""
        return float(self._capture.get(prop))

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


def reduction_for(width: int, height: int, working_pixels: int = WORKING_PIXELS) -> int:
    """The smallest of 1, 2, 4, 8 that brings a picture down to ``working_pixels`` (8 at most)."""
    for factor in (1, 2, 4):
        if -(-width // factor) * -(-height // factor) <= working_pixels:
            return factor
    return 8


_REDUCED = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4,
            8: cv2.IMREAD_REDUCED_COLOR_8}


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1e6:.0f}" if pixels >= 10e6 else f"{pixels / 1e6:.1f}"


# -------------------------------------------------------------------- images


def load_image(path: str | Path, *, max_pixels: int = MAX_IMAGE_PIXELS,
               working_pixels: int = WORKING_PIXELS) -> np.ndarray:
    """An image file as a BGR array; InputUnreadable with a plain reason otherwise.

    The size is read from the header first: a picture over ``max_pixels`` is
    refused (InputTooLarge) without being decoded; one over ``working_pixels``
    is decoded reduced by 2, 4 or 8.
    """
    p = Path(path)
    try:
        with open(p, "rb") as f:
            header = read_image_header(f)
            size = f.seek(0, 2)
            if header is None:
                f.seek(0)
                known = sniff_image_format(f.read(_HEAD_BYTES)) is not None
    except OSError as exc:
        raise InputUnreadable(f"{p}: can't be read ({exc.strerror or exc}).") from None
    if header is None:
        if not known and cv2.haveImageReader(str(p)):
            raise InputUnreadable(f"{p}: is a picture format whose size can't be checked before decoding it.",
                                  "Save it as PNG or JPEG and scan that file.")
        raise InputUnreadable(f"{p}: is not a picture this verifier can read (PNG, JPEG, BMP, WebP or TIFF).")
    if header.pixels > max_pixels:
        raise InputTooLarge(
            f"{p.name} is {header.width} x {header.height} pixels ({_megapixels(header.pixels)} megapixels), "
            f"larger than any phone camera's normal photo; the verifier reads pictures of up to "
            f"{_megapixels(max_pixels)} megapixels and did not decode it",
            "Scan the phone's own photo or a screenshot of the code, or shrink the picture first.")
    if size > MAX_IMAGE_FILE_BYTES:
        raise InputTooLarge(f"{p.name} is a {size // (1024 * 1024)} MB file, too big for a picture of a code",
                            "Scan the phone's own photo or a screenshot of the code.")
    factor = reduction_for(header.width, header.height, working_pixels)
    try:
        data = np.fromfile(p, dtype=np.uint8)
    except OSError as exc:
        raise InputUnreadable(f"{p}: can't be read ({exc.strerror or exc}).") from None
    image = _decode_image_bytes(data, _REDUCED[factor])
    if image is None or image.shape[0] * image.shape[1] > max_pixels:
        raise InputUnreadable(f"{p}: is not a picture this verifier can read (PNG, JPEG, BMP, WebP or TIFF).")
    return image


def _decode_image_bytes(data: np.ndarray, flags: int = cv2.IMREAD_COLOR) -> np.ndarray | None:
    if data.size == 0:
        return None
    try:
        return cv2.imdecode(data, flags)
    except cv2.error:
        return None


# -------------------------------------------------------------------- videos


def _file_head(p: Path) -> bytes:
    try:
        with open(p, "rb") as f:
            return f.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputUnreadable(f"{p}: can't be read ({exc.strerror or exc}).") from None


def iter_file_frames(path: str | Path, *, max_seconds: float | None = None,
                     max_frames: int | None = None) -> Iterator[np.ndarray]:
    """An image file yields one frame; a video yields its frames, streamed.

    Pictures are told from videos by their first bytes, never by reading the
    whole file.  A video is read for at most ``max_seconds`` of video and
    ``max_frames`` frames (default :data:`MAX_VIDEO_SECONDS`,
    :data:`MAX_VIDEO_FRAMES`); past that it raises InputTooLarge.
    """
    p = Path(path)
    if not p.exists():
        raise InputUnreadable(f"{p}: no such file.")
    if p.is_dir():
        raise InputUnreadable(f"{p}: is a folder, not an image or video.")
    head = _file_head(p)
    if sniff_image_format(head) is not None or p.suffix.lower() in IMAGE_SUFFIXES:
        yield load_image(p)
        return
    if cv2.haveImageReader(str(p)):  # a picture format we can't size first (JPEG 2000, HDR...)
        yield load_image(p)
        return
    yield from _video_frames(p, MAX_VIDEO_SECONDS if max_seconds is None else max_seconds,
                             MAX_VIDEO_FRAMES if max_frames is None else max_frames)


def _video_frames(p: Path, max_seconds: float, max_frames: int) -> Iterator[np.ndarray]:
    try:
        source = OpenCvSource(str(p))
    except InputUnreadable:
        raise InputUnreadable(f"{p}: is neither a picture nor a video this verifier can read.") from None
    with source:
        width, height = source.get(cv2.CAP_PROP_FRAME_WIDTH), source.get(cv2.CAP_PROP_FRAME_HEIGHT)
        if width * height > MAX_IMAGE_PIXELS:
            raise InputTooLarge(f"{p.name}: its frames are {width:.0f} x {height:.0f} pixels, larger than any "
                                f"phone camera films", "Scan the phone's own video of the code.")
        fps = source.get(cv2.CAP_PROP_FPS)
        if not 1.0 <= fps <= 1000.0:
            fps = _ASSUMED_FPS
        count = 0
        while (frame := source.read()) is not None:
            count += 1
            at_s = source.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
            at_s = max(at_s, (count - 1) / fps) if at_s > 0 else (count - 1) / fps
            if count > max_frames or at_s >= max_seconds:
                raise InputTooLarge(
                    f"{p.name}: stopped after {count - 1} frames ({min(at_s, max_seconds):.1f} s) of video: "
                    f"a scan reads at most {max_seconds:g} s or {max_frames} frames of a video",
                    "Trim the video to the moment the code is shown, or take a photo of the code.")
            if frame.shape[0] * frame.shape[1] > MAX_IMAGE_PIXELS:
                raise InputTooLarge(f"{p.name}: its frames are {frame.shape[1]} x {frame.shape[0]} pixels, larger "
                                    f"than any phone camera films", "Scan the phone's own video of the code.")
            yield frame
        if count == 0:
            raise InputUnreadable(f"{p}: has no pictures this verifier can read (a damaged or unusual video).")


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
