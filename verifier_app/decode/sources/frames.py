"""Where frames come from: a camera, a video file, an image, or a test.

Every source implements :class:`FrameSource`.  :class:`OpenCvSource` wraps
``cv2.VideoCapture`` for both cameras and video files, so tests drive the
same code path as a webcam by writing a video file first.

Files are bounded before they are decoded.  What a file is comes from its
first bytes (``decode/sources/filetypes.py``): only a picture we can size and a real
video container are ever decoded; other pictures (SGI, TGA, PCX...) and
unknown files are refused unread.  A picture's size is read from its
header (PNG, JPEG, GIF, BMP, WebP, TIFF, PNM; ``decode/sources/headers.py``), a picture bigger than
:data:`MAX_IMAGE_PIXELS` is refused without decoding it, a big but plausible
phone photo is decoded reduced (``cv2.IMREAD_REDUCED_COLOR_2/4/8``) to about
:data:`WORKING_PIXELS`, and a video is streamed frame by frame and read for
at most :data:`MAX_VIDEO_SECONDS` / :data:`MAX_VIDEO_FRAMES`, its frame size
checked before the first frame is read (``decode/sources/containers.py``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator, Protocol, Sequence

import cv2
import numpy as np

# ImageHeader is offered here too, with read_image_header.
from verifier_app.decode.sources.headers import HEAD_BYTES as _HEAD_BYTES, ImageHeader, read_image_header  # noqa: F401
from verifier_app.decode.sources.headers import sniff_image_format
from verifier_app.decode.sources.containers import read_video_size
from verifier_app.decode.sources.filetypes import HEAD_BYTES, FileKind, FileType, codec_name, identify, identify_file
from verifier_app.decode.sources.filetypes import is_video_codec, restrict_ffmpeg
from verifier_app.errors import InputTooLarge, InputUnreadable


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm"}
MAX_IMAGE_PIXELS = 60_000_000  # above any phone camera's normal photo: refused before decoding
WORKING_PIXELS = 13_000_000  # bigger photos are decoded reduced to about this (a 12 MP phone photo stays whole)
MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024  # an image file is read whole; a 60 MP PNG fits in this
MAX_VIDEO_SECONDS = 120.0  # a phone clip of someone showing a code; longer videos stop here
MAX_VIDEO_FRAMES = 120 * 60  # two minutes at 60 frames per second
_ASSUMED_FPS = 30.0  # when a video doesn't say (or says nonsense)

restrict_ffmpeg()  # FFmpeg opens containers with video and audio codecs only (decode/sources/filetypes.py)


class FrameSource(Protocol):
    def read(self) -> np.ndarray | None:
        """The next frame, or None at the end (or when the device stops)."""
        ...

    def close(self) -> None: ...


class OpenCvSource:
    """A camera index or a video file path, read through cv2.VideoCapture."""

    def __init__(self, source: int | str, api: int = cv2.CAP_ANY) -> None:
        self.source = source
        self._capture = cv2.VideoCapture(source, api)
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
    check_picture_size(p.name, header.width, header.height, max_pixels)
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


def check_picture_size(name: str, width: int, height: int, max_pixels: int = MAX_IMAGE_PIXELS) -> None:
    """InputTooLarge for a picture over ``max_pixels``, said before anything decodes it."""
    pixels = width * height
    if pixels > max_pixels:
        raise InputTooLarge(
            f"{name} is {width} x {height} pixels ({_megapixels(pixels)} megapixels), "
            f"larger than any phone camera's normal photo; the verifier reads pictures of up to "
            f"{_megapixels(max_pixels)} megapixels and did not decode it",
            "Scan the phone's own photo or a screenshot of the code, or shrink the picture first.")


def load_image_bytes(data: bytes, label: str, *, max_pixels: int = MAX_IMAGE_PIXELS,
                     working_pixels: int = WORKING_PIXELS) -> np.ndarray:
    """An encoded picture held in memory (a paste, a drop) as a BGR array, bounded like a file:
    its size read from its header, refused over ``max_pixels``, decoded reduced over ``working_pixels``."""
    kind = identify(data[:HEAD_BYTES])
    if kind.kind is not FileKind.PICTURE:
        what = f"a picture in {kind.format} format" if kind.kind is FileKind.OTHER_PICTURE else "not a picture"
        raise InputUnreadable(f"{label} is {what} this verifier can read (PNG, JPEG, BMP, GIF, WebP, TIFF or PNM)",
                              "Save the picture as PNG or JPEG and open that file.")
    header = read_image_header(io.BytesIO(data))
    if header is None:
        raise InputUnreadable(f"{label} is not a picture this verifier can read (a damaged {kind.format}).")
    check_picture_size(label, header.width, header.height, max_pixels)
    if len(data) > MAX_IMAGE_FILE_BYTES:
        raise InputTooLarge(f"{label} is {len(data) // (1024 * 1024)} MB, too big for a picture of a code",
                            "Scan the phone's own photo or a screenshot of the code.")
    factor = reduction_for(header.width, header.height, working_pixels)
    image = _decode_image_bytes(np.frombuffer(data, np.uint8), _REDUCED[factor])
    if image is None or image.shape[0] * image.shape[1] > max_pixels:
        raise InputUnreadable(f"{label} is not a picture this verifier can read (a damaged {kind.format}).")
    return image


def _decode_image_bytes(data: np.ndarray, flags: int = cv2.IMREAD_COLOR) -> np.ndarray | None:
    if data.size == 0:
        return None
    try:
        return cv2.imdecode(data, flags)
    except cv2.error:
        return None


# -------------------------------------------------------------------- videos


def iter_file_frames(path: str | Path, *, max_seconds: float | None = None,
                     max_frames: int | None = None) -> Iterator[np.ndarray]:
    """An image file yields one frame; a video yields its frames, streamed.

    What a file is comes from its first bytes, never its name or a decoder's guess
    (``decode/sources/filetypes.py``): a picture whose size we read from its header is
    decoded after that check, a real video container is opened by FFmpeg with its
    frame size checked before any frame is read, anything else is refused unread.
    A video is read for at most ``max_seconds`` of video and ``max_frames`` frames
    (default :data:`MAX_VIDEO_SECONDS`, :data:`MAX_VIDEO_FRAMES`); past that it
    raises InputTooLarge.
    """
    p = Path(path)
    kind = file_type(p)
    if kind.kind is FileKind.PICTURE:
        yield load_image(p)
        return
    yield from _video_frames(p, MAX_VIDEO_SECONDS if max_seconds is None else max_seconds,
                             MAX_VIDEO_FRAMES if max_frames is None else max_frames)


def file_type(p: Path) -> FileType:
    """A picture or a video this verifier reads; InputUnreadable (with what to do) for anything else."""
    if not p.exists():
        raise InputUnreadable(f"{p}: no such file.")
    if p.is_dir():
        raise InputUnreadable(f"{p}: is a folder, not an image or video.")
    try:
        kind = identify_file(p)
    except OSError as exc:
        raise InputUnreadable(f"{p}: can't be read ({exc.strerror or exc}).") from None
    if kind.kind is FileKind.OTHER_PICTURE:
        raise InputUnreadable(f"{p.name} is a picture in {kind.format} format; this verifier reads PNG, JPEG, BMP, "
                              f"GIF, WebP, TIFF and PNM pictures and did not open it",
                              "Save the picture as PNG or JPEG and scan that file.")
    if kind.kind is FileKind.UNKNOWN and p.suffix.lower() in IMAGE_SUFFIXES:  # the name only picks the words
        raise InputUnreadable(f"{p}: is not a picture this verifier can read (its bytes are not PNG, JPEG, BMP, GIF, "
                              f"WebP, TIFF or PNM, whatever its name says).",
                              "Save the picture as PNG or JPEG and scan that file.")
    if kind.kind is FileKind.UNKNOWN:
        raise InputUnreadable(f"{p}: is neither a picture nor a video this verifier can read (pictures: PNG, JPEG, "
                              f"BMP, GIF, WebP, TIFF, PNM; videos: MP4, MOV, AVI, MKV, WebM, MPEG, Ogg, FLV, WMV).",
                              "Save the picture as PNG or JPEG, or the video as MP4, and scan that file.")
    return kind


def open_video_file(p: Path, max_pixels: int = MAX_IMAGE_PIXELS) -> "OpenCvSource":
    """A video container opened by FFmpeg alone, its codec and frame size checked before any frame is read.

    The size the container's header declares is checked before FFmpeg opens the file (it
    decodes a frame while probing); the codec and the size FFmpeg reports, right after opening
    (a picture codec inside a container would allocate the size its own header declares).
    """
    declared = read_video_size(p)
    if declared is not None:
        _check_frame_size(p, *declared, max_pixels)
    try:
        source = OpenCvSource(str(p), cv2.CAP_FFMPEG)  # never OpenCV's image-sequence or MJPEG fallbacks
    except InputUnreadable:
        raise InputUnreadable(f"{p}: is neither a picture nor a video this verifier can read.") from None
    try:
        fourcc = source.get(cv2.CAP_PROP_FOURCC)
        if not is_video_codec(fourcc):
            raise InputUnreadable(f"{p.name}: its frames are pictures in the {codec_name(fourcc)!r} format, which this "
                                  f"verifier doesn't read inside a video",
                                  "Save the video as MP4 (H.264), or each picture as PNG or JPEG.")
        _check_frame_size(p, int(source.get(cv2.CAP_PROP_FRAME_WIDTH)), int(source.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                          max_pixels)
    except InputUnreadable:
        source.close()
        raise
    return source


def _check_frame_size(p: Path, width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise InputTooLarge(f"{p.name}: its frames are {width} x {height} pixels, larger than any phone camera films",
                            "Scan the phone's own video of the code.")


def _video_frames(p: Path, max_seconds: float, max_frames: int) -> Iterator[np.ndarray]:
    with open_video_file(p) as source:
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
