"""The holder's licence page as the phone app shows it, and a camera that films it.

``HolderDisplay`` paints the page: licence fields, portrait, a QR code
re-issued every 30 s, the barcode, the generation time and a running clock.
It is the demo's simulated phone and, as a window of its own
(``verifier-present``), a screen a pilot can hold up to a real webcam.

``PhoneCamera`` is a FrameSource: it composes the newest rendering of the
page into webcam-like frames (the phone held close, slightly tilted, sensor
noise), so the demo exercises the very same decode path as a real camera.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Callable

import cv2
import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from verifier_app.qt.timers import make_timer

from verifier_app.services import BARCODE_PREFIX, Licence
from verifier_app.demo.holder_page import barcode_picture, qr_picture

REFRESH_S = 30
PAGE_W, PAGE_H = 400, 820


def _qimage(grey: np.ndarray) -> QImage:
    grey = np.ascontiguousarray(grey)
    h, w = grey.shape
    return QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def qimage_to_bgr(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    rgb = data.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


class HolderDisplay(QWidget):
    """The licence page of the holder's app. ``issue(at)`` returns a fresh DL1 text."""

    def __init__(self, licence: Licence, issue: Callable[[dt.datetime], str], *, demo: bool = True,
                 clock: Callable[[], dt.datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.licence = licence
        self._issue = issue
        self._clock = clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.demo = demo
        self.setMinimumSize(PAGE_W, PAGE_H)
        self.resize(PAGE_W, PAGE_H)
        self.setAccessibleName(self.tr("Electronic driving licence (holder display)"))
        self._portrait = QPixmap()
        if licence.portrait:
            self._portrait.loadFromData(licence.portrait, "JPG")
        barcode = barcode_picture(BARCODE_PREFIX + licence.document_number, module_px=2, height_px=60)
        self._barcode = _qimage(barcode)
        self.text = ""
        self.generated_at = self._clock()
        self._qr = QImage()
        self.refresh()
        self._refresh_timer = make_timer(self, self.refresh, interval_ms=REFRESH_S * 1000)
        self._refresh_timer.start()
        self._tick = make_timer(self, self.update, interval_ms=1000)
        self._tick.start()

    def refresh(self) -> None:
        """Generate a new signed code, as the app does every 30 s."""
        self.generated_at = self._clock()
        self.text = self._issue(self.generated_at)
        self._qr = _qimage(qr_picture(self.text, module_px=4, quiet_modules=4))
        self.update()

    def render_page(self) -> QImage:
        image = QImage(PAGE_W, PAGE_H, QImage.Format.Format_RGB888)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._paint(painter, PAGE_W, PAGE_H)
        painter.end()
        return image

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        scale = min(self.width() / PAGE_W, self.height() / PAGE_H)
        painter.fillRect(self.rect(), QColor("#263238"))
        painter.translate((self.width() - PAGE_W * scale) / 2, (self.height() - PAGE_H * scale) / 2)
        painter.scale(scale, scale)
        self._paint(painter, PAGE_W, PAGE_H)
        painter.end()

    def _paint(self, p: QPainter, w: int, h: int) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.fillRect(0, 0, w, h, QColor("white"))
        p.fillRect(0, 0, w, 64, QColor("#0d47a1"))
        p.setPen(QColor("white"))
        font = QFont(p.font())
        font.setPointSize(15)
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(16, 6, w - 32, 30), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   "电子驾驶证")
        font.setPointSize(10)
        font.setBold(False)
        p.setFont(font)
        p.drawText(QRectF(16, 34, w - 32, 22), Qt.AlignmentFlag.AlignLeft, "Electronic Driving Licence")
        if self.demo:
            p.fillRect(QRectF(w - 92, 16, 76, 32), QColor("#ffeb3b"))
            font.setBold(True)
            font.setPointSize(13)
            p.setFont(font)
            p.setPen(QColor("black"))
            p.drawText(QRectF(w - 92, 16, 76, 32), Qt.AlignmentFlag.AlignCenter, "DEMO")

        lic = self.licence
        if not self._portrait.isNull():
            p.drawPixmap(QRectF(16, 78, 84, 105), self._portrait, QRectF(self._portrait.rect()))
        p.setPen(QColor("#111"))
        font.setBold(True)
        font.setPointSize(17)
        p.setFont(font)
        p.drawText(QRectF(114, 76, w - 130, 32), Qt.AlignmentFlag.AlignLeft, f"{lic.family_name}{lic.given_name}")
        font.setBold(False)
        font.setPointSize(10)
        p.setFont(font)
        rows = [
            f"证号 No.  {lic.document_number}",
            "准驾车型 Class  " + " ".join(lic.categories),
            f"有效期 Valid  {lic.issue_date} – {lic.expiry_date}",
            f"{lic.issuing_authority}",
        ]
        for i, row in enumerate(rows):
            p.drawText(QRectF(114, 112 + i * 19, w - 124, 19), Qt.AlignmentFlag.AlignLeft, row)

        qr_side = w - 40
        p.drawImage(QRectF(20, 200, qr_side, qr_side), self._qr)
        p.drawImage(QRectF(40, 210 + qr_side, w - 80, 60), self._barcode)
        now = self._clock().astimezone()
        generated = self.generated_at.astimezone()
        font.setPointSize(11)
        p.setFont(font)
        p.drawText(QRectF(16, 282 + qr_side, w - 32, 22), Qt.AlignmentFlag.AlignHCenter,
                   f"二维码生成 Generated {generated:%H:%M:%S}")
        font.setPointSize(22)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#0d47a1"))
        p.drawText(QRectF(16, 306 + qr_side, w - 32, 40), Qt.AlignmentFlag.AlignHCenter, f"{now:%H:%M:%S}")
        font.setPointSize(9)
        font.setBold(False)
        p.setFont(font)
        p.setPen(QColor("#555"))
        p.drawText(QRectF(16, h - 30, w - 32, 20), Qt.AlignmentFlag.AlignHCenter,
                   "每30秒自动刷新 · refreshes every 30 s")


class PageSlot:
    """The newest rendering of the phone page, shared with the camera thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._page: np.ndarray | None = None

    def put(self, page: np.ndarray) -> None:
        with self._lock:
            self._page = page

    def get(self) -> np.ndarray | None:
        with self._lock:
            return self._page


class PagePublisher:
    """Renders the display into a PageSlot a few times a second (on the GUI thread)."""

    def __init__(self, display: HolderDisplay, slot: PageSlot, interval_ms: int = 250) -> None:
        self.display, self.slot = display, slot
        self.timer = make_timer(display, self.publish, interval_ms=interval_ms)
        self.timer.start()
        self.publish()

    def publish(self) -> None:
        self.slot.put(qimage_to_bgr(self.display.render_page()))


class PhoneCamera:
    """A FrameSource filming the phone page: what the demo's 'webcam' sees."""

    def __init__(self, slot: PageSlot, *, size: tuple[int, int] = (1280, 720), fps: float = 15.0,
                 seed: int = 1) -> None:
        self.slot, self.size, self.period = slot, size, 1.0 / fps
        self._rng = np.random.default_rng(seed)
        self._noise = self._make_noise()
        self._frame = 0
        self._next = time.monotonic()
        self._closed = False

    def read(self) -> np.ndarray | None:
        if self._closed:
            return None
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next = max(self._next + self.period, time.monotonic())
        page = self.slot.get()
        return self.compose(page)

    def compose(self, page: np.ndarray | None) -> np.ndarray:
        w, h = self.size
        room = np.full((h, w, 3), (96, 104, 110), np.uint8)
        if page is not None:
            # The phone held close to the camera, tilted a little: its QR fills the middle of the view.
            scale = h * 1.35 / page.shape[0]
            ph, pw = page.shape[0] * scale, page.shape[1] * scale
            cx, cy = w / 2, h / 2 + ph * 0.08
            tilt = 0.03 * np.sin(time.monotonic() / 3)
            src = np.array([[0, 0], [page.shape[1], 0], [page.shape[1], page.shape[0]], [0, page.shape[0]]],
                           np.float32)
            dst = np.array([
                [cx - pw / 2 * (1 + tilt), cy - ph / 2],
                [cx + pw / 2 * (1 - tilt), cy - ph / 2 + ph * tilt],
                [cx + pw / 2 * (1 + tilt), cy + ph / 2],
                [cx - pw / 2 * (1 - tilt), cy + ph / 2 - ph * tilt],
            ], np.float32)
            matrix = cv2.getPerspectiveTransform(src, dst)
            cv2.warpPerspective(page, matrix, (w, h), room, borderMode=cv2.BORDER_TRANSPARENT)
        # Sensor noise from a few patterns made once: drawing fresh Gaussian noise for every frame was
        # most of the demo's CPU.  Saturating uint8 adds keep it cheap.
        lift, drop = self._noise[self._frame % len(self._noise)]
        self._frame += 1
        return cv2.subtract(cv2.add(room, lift), drop)

    def _make_noise(self, count: int = 3) -> list[tuple[np.ndarray, np.ndarray]]:
        w, h = self.size
        patterns = []
        for _ in range(count):
            noise = self._rng.normal(0, 4, (h, w, 1)).round().clip(-255, 255).astype(np.int16)
            noise = np.repeat(noise, 3, axis=2)
            patterns.append((noise.clip(0, 255).astype(np.uint8), (-noise).clip(0, 255).astype(np.uint8)))
        return patterns

    def close(self) -> None:
        self._closed = True
