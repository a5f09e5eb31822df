"""Picture bombs through the window (issue 19, point 3): Open, drag and drop and paste refuse tiny
SGI/TGA/PCX files that declare 16000 x 16000 pixels, and pasted picture bytes, before any decoder."""

from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np
import pytest

from verifier_app.errors import InputUnreadable
from verifier_app.issuer.render import qr_image
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.bombs import BOMBS
from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401 - fixtures

pytest.importorskip("pytestqt")


@pytest.fixture
def no_decoder(monkeypatch):
    """Fail if a file reaches OpenCV's VideoCapture (FFmpeg decodes while probing) or a picture is decoded."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"decoder called with {args[:1]}")

    monkeypatch.setattr(cv2, "VideoCapture", refuse)
    monkeypatch.setattr(cv2, "imdecode", refuse)


def _last_box(qtbot, window):
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=10000)
    box = window.findChildren(QMessageBox)[-1]
    return box.text(), box.informativeText()


def _file_mime(path):
    from PySide6.QtCore import QMimeData, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


@pytest.mark.parametrize("fmt", sorted(BOMBS))
@pytest.mark.parametrize("how", ["open", "drop", "paste"])
def test_each_bomb_is_refused_by_name_through_every_window_path(qtbot, tmp_path, live, fmt, how, no_decoder):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QDropEvent, QGuiApplication

    _, store = live
    write, suffix = BOMBS[fmt]
    path = write(tmp_path / f"bomb{suffix}")
    window = make_window(qtbot, store, Cameras(InputUnreadable("x")))
    if how == "open":  # what File > Open does with the chosen path
        window.scan_file(path)
    elif how == "drop":
        mime = _file_mime(path)  # kept alive: the event doesn't own it
        window.dropEvent(QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                    Qt.KeyboardModifier.NoModifier))
    else:  # a file copied in the file manager, pasted into the window
        QGuiApplication.clipboard().setMimeData(_file_mime(path))
        window.paste()
    text, action = _last_box(qtbot, window)
    assert f"picture in {fmt}" in text and "PNG or JPEG" in action
    assert window.last_event is None


def _png_header_only(width: int, height: int) -> bytes:
    """The first bytes of a PNG declaring width x height (a 4 GB picture once decoded), and nothing else."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
            + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + b"\x00" * 64)


def test_pasted_picture_bytes_declaring_a_huge_size_are_refused_from_the_header(qtbot, tmp_path, live, no_decoder):
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    _, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("x")))
    mime = QMimeData()
    mime.setData("image/png", _png_header_only(32000, 32000))
    QGuiApplication.clipboard().setMimeData(mime)
    window.paste()
    text, _ = _last_box(qtbot, window)
    assert "32000 x 32000 pixels" in text and window.last_event is None


def test_pasted_picture_bytes_are_decoded_by_the_bounded_path(qtbot, tmp_path, live, licence):
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    authority, store = live
    ok, png = cv2.imencode(".png", qr_image(authority.issue(licence, at=SystemClock().now())))
    assert ok
    window = make_window(qtbot, store, Cameras(InputUnreadable("x")))
    mime = QMimeData()
    mime.setData("image/png", png.tobytes())
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(window.verdict_shown, timeout=10000) as blocker:
        window.paste()
    assert blocker.args[0].verdict is Verdict.VALID and window.last_event.source == "paste"


def test_a_big_decoded_picture_is_shrunk_before_it_is_scanned(qtbot):
    from PySide6.QtGui import QImage

    from verifier_app.qt.window.pasted import qimage_to_array, shrink

    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(0x808080)
    assert qimage_to_array(shrink(image, working_pixels=30_000)).shape == (150, 200, 3)
    assert shrink(image) is image  # under the working size: untouched
    assert np.all(qimage_to_array(image) == 128)


def test_pasted_picture_bytes_in_a_format_we_dont_size_are_refused(qtbot, tmp_path, live):
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QGuiApplication

    _, store = live
    window = make_window(qtbot, store, Cameras(InputUnreadable("x")))
    tga = BOMBS["TGA"][0](tmp_path / "small.tga", side=64)  # small: Qt's TGA reader would decode it
    mime = QMimeData()
    mime.setData("image/x-tga", tga.read_bytes())
    QGuiApplication.clipboard().setMimeData(mime)
    window.paste()
    text, action = _last_box(qtbot, window)
    assert "image/x-tga" in text and "PNG" in action and window.last_event is None
