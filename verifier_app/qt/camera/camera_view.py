"""The live preview with its problem banner and frame rate."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from verifier_app.qt.camera.workers import CameraState, CameraStatus, PreviewFrame


class CameraView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mirror = True
        self.fps = 0.0
        self.state = CameraState.STARTING
        self.frames_shown = 0
        self.image = QLabel()
        self.image.setObjectName("preview")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(480, 270)
        self.image.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image.setStyleSheet("background: #1e272c; color: #cfd8dc;")
        self.banner = QLabel()
        self.banner.setObjectName("cameraBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3cd; color: #5d4037; padding: 8px; font-weight: 600;"
                                  "border: 2px solid #b26a00;")
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.image, 1)
        self.image.setAccessibleName(self.tr("Camera preview"))
        self.banner.setAccessibleName(self.tr("Camera problem"))
        self.retranslate()

    def retranslate(self) -> None:
        if self.image.pixmap() is None or self.image.pixmap().isNull():
            self.image.setText(self.tr("Starting camera…"))
        self.set_status(CameraStatus(self.state))

    def show_frame(self, preview: PreviewFrame) -> None:
        frame = preview.image
        if self.mirror:  # like a mirror, for the operator's hand-eye coordination; decoding sees the original
            frame = cv2.flip(frame, 1)
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        rgb = np.ascontiguousarray(rgb)
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
        pixmap = QPixmap.fromImage(image).scaled(self.image.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.FastTransformation)
        self.image.setPixmap(pixmap)
        self.fps = preview.fps
        self.frames_shown += 1

    def set_status(self, status: CameraStatus, detail: str = "") -> None:
        self.state = status.state
        messages = {
            CameraState.MISSING: self.tr("No camera: it is not connected, or another program is using it. "
                                         "Scanning with files, pasted images and a barcode scanner still works. "
                                         "Retrying automatically…"),
            CameraState.LOST: self.tr("The camera stopped sending pictures (unplugged?). Reconnecting automatically…"),
        }
        text = messages.get(status.state)
        if text:
            # The driver's own words ("OpenCV can't open camera 0") are for an administrator:
            # on hover, not in the officer's banner.
            self.banner.setText(text)
            self.banner.setToolTip(status.detail or detail)
            self.banner.show()
            self.image.clear()
            self.image.setText(self.tr("No camera picture"))
        elif status.state is CameraState.LIVE:
            self.banner.hide()
