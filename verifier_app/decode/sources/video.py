"""What a file is before it is read: a picture, or a video with a frame rate and a length.

A scan of a video doesn't decode every frame: a code shown to a phone stays
in view for a second or more, so a few frames per second of video find it
while the scan runs many times faster than the clip plays.  The frame rate
and frame count read here decide that sampling and the progress shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2

from verifier_app.errors import InputUnreadable, VerifierError

from verifier_app.decode.sources.filetypes import FileKind, identify_file
from verifier_app.decode.sources.frames import PacedSource, file_type, open_video_file

ASSUMED_FPS = 30.0  # when a video doesn't say, or says nonsense


@dataclass(frozen=True)
class VideoInfo:
    fps: float
    frame_count: int | None  # None when the container doesn't say

    @property
    def duration_s(self) -> float | None:
        return None if self.frame_count is None else self.frame_count / self.fps


def probe_video(path: str | Path) -> VideoInfo | None:
    """The frame rate and length of a video file; None for a picture, a file that isn't a video
    container, or one FFmpeg can't open or whose frames are too big (reading it then gives the real
    error).  Only a real video container reaches FFmpeg, its size checked first (``open_video_file``)."""
    p = Path(path)
    try:
        if identify_file(p).kind is not FileKind.VIDEO:
            return None
        source = open_video_file(p)
    except (OSError, VerifierError):
        return None
    with source:
        fps = source.get(cv2.CAP_PROP_FPS)
        count = int(source.get(cv2.CAP_PROP_FRAME_COUNT))
    if not 1.0 <= fps <= 1000.0:
        fps = ASSUMED_FPS
    return VideoInfo(fps, count if count > 0 else None)


class LoopingVideoSource:
    """A video file played over and over at its own pace, as if it were a webcam
    (``verifier-gui --camera-video``: training, demonstrations, benchmarks)."""

    def __init__(self, path: str | Path) -> None:
        p = Path(path)
        if file_type(p).kind is not FileKind.VIDEO:  # a picture, or not a file we read: say which
            raise InputUnreadable(f"{p}: is a picture, not a video.", "Give a video file (MP4, AVI, MKV...).")
        info = probe_video(p)
        self._fps = info.fps if info is not None else ASSUMED_FPS
        self._open = lambda: PacedSource(open_video_file(p), fps=self._fps)
        self._source = self._open()

    def read(self):  # -> np.ndarray | None
        frame = self._source.read()
        if frame is None:  # the end of the clip: start again, like a phone held up for ever
            self._source.close()
            self._source = self._open()
            frame = self._source.read()
        return frame

    def close(self) -> None:
        self._source.close()
