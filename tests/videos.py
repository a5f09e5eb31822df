"""Video files a webcam might give, made from real code images."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from verifier_app.issuer.scenes import phone_frame

__all__ = ["phone_frame", "write_video"]


def write_video(path: Path, frames: list[np.ndarray], fps: int = 30) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "OpenCV can't write MJPG video here"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path
