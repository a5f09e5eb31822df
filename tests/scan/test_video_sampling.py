"""A video is sampled, not decoded frame by frame: it reads many times faster than it plays."""

from __future__ import annotations

import numpy as np

from verifier_app.decode.readers import DecodedSymbol, QuickLook, Symbology
from verifier_app.decode.sources.video import probe_video
from verifier_app.scan import VideoSampling, scan_frames, video_sampling
from verifier_app.verify.engine import Verdict

from tests.conftest import NOW, verifier_for
from tests.videos import phone_frame, write_video


class CountingReader:
    """A live reader that finds ``text`` in frames from ``code_from`` on, and counts each kind of decode."""

    def __init__(self, text: str = "", code_from: int = 10**9) -> None:
        self.text, self.code_from = text, code_from
        self.still = self.live = 0

    def _found(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        index = int(image[0, 0])
        if self.text and index >= self.code_from:
            return (DecodedSymbol(Symbology.QR, self.text, None),)  # type: ignore[arg-type]
        return ()

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        self.still += 1
        return self._found(image)

    def decode_live(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        self.live += 1
        return self._found(image)

    def decode_quick(self, image: np.ndarray) -> QuickLook:
        raise AssertionError("a file scan never glances")


def _frames(n: int):
    for i in range(n):
        yield np.full((4, 4), i % 256 if i < 256 else 255, np.uint8)


def test_a_30_second_clip_without_a_code_gets_a_few_decodes_per_second(station):
    reader = CountingReader()
    seen: list[int] = []
    outcome = scan_frames(_frames(900), reader=reader, verifier=verifier_for(station),
                          sampling=VideoSampling(fps=30.0), progress=seen.append)
    assert outcome.result is None and outcome.frames_read == 900
    assert reader.still == 10  # one full decode every 3 s of video
    assert reader.still + reader.live == 150  # five frames per second of video, not thirty
    assert seen[-1] == 900 and seen == sorted(seen)


def test_every_frame_of_a_still_sequence_gets_the_full_decode(station):
    reader = CountingReader()
    scan_frames(_frames(12), reader=reader, verifier=verifier_for(station))
    assert (reader.still, reader.live) == (12, 0)


def test_a_sampled_video_still_finds_a_code_shown_for_half_a_second(station, authority, licence):
    text = authority.issue(licence, at=NOW)
    reader = CountingReader(text, code_from=200)  # frames 200.. (6.7 s in) hold the code
    outcome = scan_frames(_frames(215), reader=reader, verifier=verifier_for(station),
                          sampling=VideoSampling(fps=30.0))
    assert outcome.result is not None and outcome.result.verdict is Verdict.VALID
    assert outcome.frames_read <= 207  # stopped at the first verifying code


def test_probe_tells_a_video_from_a_picture(tmp_path):
    import cv2

    frame = phone_frame(np.full((60, 60), 255, np.uint8))
    video = write_video(tmp_path / "clip.avi", [frame] * 24, fps=12)
    info = probe_video(video)
    assert info is not None and info.fps == 12 and info.frame_count == 24 and info.duration_s == 2.0
    assert video_sampling(video) == (VideoSampling(fps=12.0), 24)
    picture = tmp_path / "still.png"
    cv2.imwrite(str(picture), frame)
    assert probe_video(picture) is None and video_sampling(picture) == (None, None)
