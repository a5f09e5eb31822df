"""Files are bounded before they are decoded: picture sizes from headers, videos streamed and capped."""

from __future__ import annotations

import resource
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from verifier_app.decode.sources import frames
from verifier_app.decode.sources.frames import iter_file_frames, load_image, read_image_header, reduction_for
from verifier_app.decode.factory import create_reader
from verifier_app.errors import InputTooLarge, InputUnreadable
from verifier_app.issuer.render import qr_image

from tests.conftest import NOW
from tests.videos import phone_frame, write_video


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_flat_png(path: Path, width: int, height: int) -> Path:
    """A valid one-colour grey PNG of any size, compressed row block by row block (never the whole picture)."""
    comp = zlib.compressobj(1)
    block = (b"\x00" + b"\xff" * width) * 64
    parts = [comp.compress(block) for _ in range(height // 64)]
    parts += [comp.compress((b"\x00" + b"\xff" * width) * (height % 64)), comp.flush()]
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts))
                     + _chunk(b"IEND", b""))
    return path


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if anything reads a whole file into memory or decodes a picture."""
    def refuse(*args, **kwargs):
        raise AssertionError("decoded or read whole")

    monkeypatch.setattr(np, "fromfile", refuse)
    monkeypatch.setattr(cv2, "imdecode", refuse)
    monkeypatch.setattr(cv2, "imread", refuse)


def test_a_32000_pixel_square_png_is_refused_from_its_header(tmp_path, no_decoding):
    path = write_flat_png(tmp_path / "photo.png", 32000, 32000)
    assert path.stat().st_size < 8_000_000  # small on disk, 3 GB once decoded
    start = time.perf_counter()
    with pytest.raises(InputTooLarge) as info:
        list(iter_file_frames(path))
    assert time.perf_counter() - start < 1.0
    assert "photo.png is 32000 x 32000 pixels" in info.value.message
    assert isinstance(info.value, InputUnreadable)  # every caller that handles unreadable files handles this


def test_refusing_a_huge_png_stays_small_in_memory(tmp_path):
    """Peak memory of a fresh process refusing a 20000 x 20000 PNG (1.2 GB decoded): under 300 MB."""
    path = write_flat_png(tmp_path / "big.png", 20000, 20000)
    # VmHWM, the process's own peak: ru_maxrss also counts the parent's pages still mapped at exec, so a
    # test run after the Qt tests (a big parent) read 188 MB for a 60 MB child.
    code = ("import sys\n"
            "from verifier_app.decode.sources.frames import iter_file_frames\n"
            "from verifier_app.errors import InputTooLarge\n"
            "try:\n    list(iter_file_frames(sys.argv[1]))\nexcept InputTooLarge:\n    pass\n"
            "else:\n    sys.exit('not refused')\n"
            "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.strip()) / 1024  # VmHWM is in kB
    assert peak_mb < 300, peak_mb


@pytest.mark.parametrize("ext", [".png", ".jpg", ".bmp", ".webp", ".tif", ".pgm", ".ppm", ".gif"])
@pytest.mark.parametrize("shape", [(77, 123), (1, 300), (301, 2)])
def test_header_sizes_match_what_opencv_decodes(tmp_path, ext, shape):
    rng = np.random.default_rng(1)
    picture = rng.integers(0, 255, size=shape if ext == ".pgm" else (*shape, 3), dtype=np.uint8)
    path = tmp_path / f"p{ext}"
    assert cv2.imwrite(str(path), picture)
    with open(path, "rb") as f:
        header = read_image_header(f)
    assert header is not None and (header.height, header.width) == shape
    assert load_image(path).shape[:2] == shape


def test_jpeg_size_is_found_after_a_large_exif_segment(tmp_path):
    ok, data = cv2.imencode(".jpg", np.zeros((50, 70, 3), np.uint8))
    app1 = b"\xff\xe1" + struct.pack(">H", 60000) + b"Exif\x00\x00" + b"\xff\xc0" * 29996  # fake frame headers inside
    path = tmp_path / "exif.jpg"
    path.write_bytes(data[:2].tobytes() + app1 + data[2:].tobytes())
    with open(path, "rb") as f:
        header = read_image_header(f)
    assert header is not None and (header.width, header.height) == (70, 50)


def test_a_lying_or_truncated_header_is_not_an_image(tmp_path):
    (tmp_path / "cut.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00")
    (tmp_path / "cut.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    for name in ("cut.png", "cut.jpg"):
        with pytest.raises(InputUnreadable) as info:
            list(iter_file_frames(tmp_path / name))
        assert "not a picture" in info.value.message and "OpenCV" not in info.value.message


def test_reduction_keeps_phone_photos_near_twelve_megapixels():
    assert reduction_for(4032, 3024) == 1  # a 12 MP phone photo stays whole
    assert reduction_for(8160, 6144) == 2  # 50 MP: 4080 x 3072
    assert reduction_for(8000, 6000) == 2  # 48 MP: 4000 x 3000
    assert reduction_for(9000, 6600) == 4  # 59 MP: 2250 x 1650
    assert reduction_for(8000, 6000, working_pixels=500_000) == 8  # never more than 8


def test_a_48_megapixel_photo_is_decoded_reduced_and_its_code_still_reads(tmp_path, authority, licence):
    text = authority.issue(licence, at=NOW)
    qr = qr_image(text, module_px=16)
    canvas = np.full((6000, 8000), 200, np.uint8)  # one grey plane: 48 MB to make, not 144
    y, x = 2500, 3100
    canvas[y : y + qr.shape[0], x : x + qr.shape[1]] = qr
    path = tmp_path / "phone.jpg"
    assert cv2.imwrite(str(path), canvas, [cv2.IMWRITE_JPEG_QUALITY, 90])
    del canvas
    [frame] = list(iter_file_frames(path))
    assert frame.shape == (3000, 4000, 3)
    assert text in {s.text for s in create_reader().decode(frame)}


def test_the_pixel_limit_is_a_parameter(tmp_path):
    path = tmp_path / "p.png"
    cv2.imwrite(str(path), np.zeros((100, 100, 3), np.uint8))
    with pytest.raises(InputTooLarge, match="100 x 100 pixels"):
        load_image(path, max_pixels=9_999)
    assert load_image(path, working_pixels=2_500).shape == (50, 50, 3)


# -------------------------------------------------------------------- videos


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return write_video(tmp_path_factory.mktemp("video") / "clip.avi", [phone_frame(None, seed=i % 3) for i in range(45)], fps=30)


def test_a_video_is_streamed_not_read_whole(clip, no_decoding):
    count = sum(1 for _ in iter_file_frames(clip))
    assert count == 45


def test_a_video_without_a_suffix_is_told_by_its_header(clip, tmp_path, no_decoding):
    bare = tmp_path / "clip"
    bare.write_bytes(clip.read_bytes())
    assert sum(1 for _ in iter_file_frames(bare)) == 45


def test_a_scan_stops_at_its_frame_cap_with_a_clear_message(clip):
    seen = []
    with pytest.raises(InputTooLarge) as info:
        for frame in iter_file_frames(clip, max_frames=10):
            seen.append(frame)
    assert len(seen) == 10
    assert "stopped after 10 frames" in info.value.message and "Trim the video" in str(info.value)


def test_a_scan_stops_at_its_seconds_of_video(clip):
    seen = []
    with pytest.raises(InputTooLarge) as info:
        for frame in iter_file_frames(clip, max_seconds=0.5):
            seen.append(frame)
    assert len(seen) == 15  # 30 frames/s
    assert "stopped after 15 frames (0.5 s)" in info.value.message and "at most 0.5 s" in info.value.message


def test_the_default_caps_fit_a_phone_clip():
    assert frames.MAX_VIDEO_SECONDS == 120
    assert frames.MAX_VIDEO_FRAMES >= 120 * 30
