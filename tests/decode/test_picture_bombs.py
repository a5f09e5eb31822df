"""Pictures that bomb through the video path (issue 19, point 3): tiny SGI, TGA and PCX files that
declare 16000 x 16000 pixels are refused from their first bytes, before any decoder allocates; only a
real video container reaches FFmpeg, its declared frame size checked first."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from verifier_app.decode.sources import frames
from verifier_app.decode.sources.containers import read_video_size
from verifier_app.decode.sources.filetypes import FileKind, FileType, identify_file
from verifier_app.decode.sources.frames import iter_file_frames
from verifier_app.decode.sources.video import probe_video
from verifier_app.errors import InputTooLarge, InputUnreadable

from tests.bombs import BOMBS, sgi_bomb
from tests.conftest import ROOT
from tests.videos import phone_frame, write_video

LIMIT_MB = 150


@pytest.fixture
def no_video_capture(monkeypatch):
    """Fail the test if anything hands a file to OpenCV's VideoCapture (FFmpeg decodes while probing)."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"VideoCapture opened {args}")

    monkeypatch.setattr(cv2, "VideoCapture", refuse)
    monkeypatch.setattr(cv2, "imdecode", refuse)


@pytest.mark.parametrize("fmt", sorted(BOMBS))
@pytest.mark.parametrize("named", [True, False], ids=["with-suffix", "bare"])
def test_a_picture_bomb_is_refused_by_name_before_any_decoder(tmp_path, fmt, named, no_video_capture):
    write, suffix = BOMBS[fmt]
    path = write(tmp_path / (f"bomb{suffix}" if named else "bomb"))
    assert path.stat().st_size < 11_000
    with pytest.raises(InputUnreadable) as info:
        list(iter_file_frames(path))
    if named or fmt != "TGA":  # a TGA has no magic bytes: without its suffix it is just unknown
        assert f"picture in {fmt}" in info.value.message
        assert "Save the picture as PNG or JPEG" in str(info.value)
    else:
        assert "neither a picture nor a video" in info.value.message
    assert probe_video(path) is None


def test_a_picture_bomb_renamed_as_a_video_is_still_a_picture(tmp_path, no_video_capture):
    path = sgi_bomb(tmp_path / "holiday.mp4")
    with pytest.raises(InputUnreadable, match="picture in SGI format"):
        list(iter_file_frames(path))


def test_a_file_with_unknown_bytes_never_reaches_ffmpeg(tmp_path, no_video_capture):
    path = tmp_path / "clip.mp4"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputUnreadable) as info:
        list(iter_file_frames(path))
    assert "neither a picture nor a video" in info.value.message and "MP4" in info.value.message
    assert probe_video(path) is None


_MEASURED_CLI = """
import atexit, os

def peak():  # VmHWM: this program's own peak, not the parent's pages counted at exec as ru_maxrss does
    with open("/proc/self/status") as f, open(os.environ["PEAK_TO"], "w") as out:
        out.write(next(line.split()[1] for line in f if line.startswith("VmHWM:")))

atexit.register(peak)
from verifier_app.cli.verifier import entry_point
entry_point()
"""


def _run_measured(args: list[str], tmp_path: Path) -> tuple[int, str, float]:
    """Run the command line in a child; (exit code, stderr, the child's peak memory in MB)."""
    peak_to = tmp_path / "peak"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PEAK_TO=str(peak_to))
    done = subprocess.run([sys.executable, "-c", _MEASURED_CLI, *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    return done.returncode, done.stderr, int(peak_to.read_text()) / 1024  # kB


@pytest.mark.parametrize("fmt", sorted(BOMBS))
def test_the_command_line_refuses_each_bomb_small_in_memory(tmp_path, station, fmt):
    write, suffix = BOMBS[fmt]
    path = write(tmp_path / f"bomb{suffix}")
    for command in (["decode", str(path)], ["--data-dir", str(station.data_dir), "verify", str(path)]):
        code, err, peak_mb = _run_measured(command, tmp_path)
        assert peak_mb < LIMIT_MB, (command[-2], peak_mb)
        assert code == 2, err
        assert f"picture in {fmt}" in err and "Save the picture as PNG or JPEG" in err and "Traceback" not in err


# -------------------------------------------------------------------- videos


def _patch_avi_size(path: Path, width: int, height: int) -> None:
    """Rewrite the frame size an AVI declares (main header and stream format), leaving its frames."""
    data = bytearray(path.read_bytes())
    at = data.index(b"avih") + 8
    data[at + 32 : at + 40] = struct.pack("<II", width, height)
    at = data.index(b"strf") + 8
    data[at + 4 : at + 12] = struct.pack("<ii", width, height)
    path.write_bytes(bytes(data))


def test_a_video_declaring_huge_frames_is_refused_before_ffmpeg_opens_it(tmp_path, no_video_capture):
    path = write_video(tmp_path / "clip.avi", [phone_frame(None, seed=i) for i in range(3)], fps=30)
    _patch_avi_size(path, 16000, 16000)
    with pytest.raises(InputTooLarge) as info:
        list(iter_file_frames(path))
    assert "16000 x 16000 pixels" in info.value.message
    assert probe_video(path) is None


@pytest.mark.parametrize("name,fourcc", [("v.avi", "MJPG"), ("v.mp4", "mp4v"), ("v.mov", "mp4v"), ("v.mkv", "MJPG")])
def test_real_videos_are_told_by_their_bytes_sized_from_their_header_and_read(tmp_path, name, fourcc):
    path = tmp_path / name
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 30, (320, 240))
    if not writer.isOpened():
        pytest.skip(f"OpenCV can't write {fourcc} into {name} here")
    for i in range(4):
        writer.write(np.full((240, 320, 3), 40 * i, np.uint8))
    writer.release()
    assert identify_file(path).kind is FileKind.VIDEO
    assert read_video_size(path) == (320, 240)
    bare = tmp_path / "no-suffix"
    bare.write_bytes(path.read_bytes())
    assert sum(1 for _ in iter_file_frames(bare)) == 4


def test_ffmpeg_itself_opens_no_picture_format(tmp_path):
    """Defence in depth: even a caller that bypasses the checks can't make FFmpeg decode an SGI picture
    (its demuxers and decoders are whitelisted once decode/sources/frames.py is imported)."""
    path = sgi_bomb(tmp_path / "small.sgi", side=64, data=64 * 64 * 4 * 2)  # a whole, valid picture
    assert frames.restrict_ffmpeg is not None  # imported: the whitelists are set
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    try:
        assert not capture.isOpened()
    finally:
        capture.release()


def test_a_video_of_picture_frames_declaring_huge_sizes_is_refused_by_its_codec(tmp_path):
    """A MOV whose PNG frames declare 16000 x 16000 (its track says 64 x 48): PNG's decoder would allocate
    what the frame's own header says (1.5 GB).  Picture codecs inside a video are refused before a frame is read."""
    path = tmp_path / "frames.mov"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"png "), 30, (64, 48))
    if not writer.isOpened():
        pytest.skip("OpenCV can't write PNG frames into a MOV here")
    for i in range(3):
        writer.write(np.full((48, 64, 3), 60 * i, np.uint8))
    writer.release()
    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"IHDR", at)) >= 0:
        data[at + 4 : at + 12] = struct.pack(">II", 16000, 16000)
        data[at + 17 : at + 21] = struct.pack(">I", zlib.crc32(bytes(data[at : at + 17])))
        at += 4
    path.write_bytes(bytes(data))
    assert read_video_size(path) == (64, 48)  # the container's header can't tell
    code, err, peak_mb = _run_measured(["decode", str(path)], tmp_path)
    assert peak_mb < LIMIT_MB, peak_mb
    assert code == 2 and "'MPNG' format" in err and "Save the video as MP4" in err


@pytest.mark.parametrize("head,name,kind,fmt", [
    (b"8BPS\x00\x01", "x", FileKind.OTHER_PICTURE, "Photoshop (PSD)"),
    (b"v/1\x01\x02\x00", "x", FileKind.OTHER_PICTURE, "OpenEXR"),
    (b"#?RADIANCE\n", "x", FileKind.OTHER_PICTURE, "Radiance HDR"),
    (b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00", "x", FileKind.OTHER_PICTURE, "HEIF/AVIF"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", "x.mp4", FileKind.OTHER_PICTURE, "HEIF/AVIF"),
    (b"\x00\x00\x00\x1cftypisom\x00\x00\x00\x00", "x", FileKind.VIDEO, "MP4/MOV"),
    (b"\x00\x00\x00\x08wide\x00\x00", "x", FileKind.VIDEO, "MP4/MOV"),
    (b"RIFF\x00\x00\x00\x00AVI LIST", "x", FileKind.VIDEO, "AVI"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "x", FileKind.PICTURE, "WebP"),
    ((b"\x47" + b"\x00" * 187) * 3, "x", FileKind.VIDEO, "MPEG-TS"),
    (b"OggS\x00\x02", "x", FileKind.VIDEO, "Ogg"),
    (b"\x00\x00\x01\x00\x01\x00", "x.ico", FileKind.OTHER_PICTURE, "Windows icon (ICO)"),
    (b"\x00\x00\x02\x00\x00\x00", "x", FileKind.UNKNOWN, ""),  # a TGA or a cursor: neither has magic bytes
    (b"hello, world", "notes.txt", FileKind.UNKNOWN, ""),
])
def test_files_are_told_by_their_first_bytes(head, name, kind, fmt):
    from verifier_app.decode.sources.filetypes import identify

    assert identify(head, name) == FileType(kind, fmt)


def test_a_tga_2_is_told_by_its_footer():
    from verifier_app.decode.sources.filetypes import identify

    assert identify(b"\x00\x00\x02\x00", "", tail=b"\x00" * 8 + b"TRUEVISION-XFILE.\x00").format == "TGA (Targa)"
