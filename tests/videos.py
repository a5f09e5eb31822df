"""Frames and video files a webcam might give, made from real code images."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def phone_frame(code: np.ndarray | None, size=(1280, 720), *, dark_mode: bool = False, seed: int = 0) -> np.ndarray:
    """A grey room with a phone screen in the middle; the code (if any) on the screen."""
    width, height = size
    rng = np.random.default_rng(seed)
    frame = np.clip(rng.normal(110, 12, (height, width)), 0, 255).astype(np.uint8)
    screen_h = int(height * 0.9)
    screen_w = int(screen_h * 0.5)
    top, left = (height - screen_h) // 2, (width - screen_w) // 2
    frame[top : top + screen_h, left : left + screen_w] = 25 if dark_mode else 245
    if code is not None:
        side = int(screen_w * 0.9)
        scaled = cv2.resize(code, (side, int(code.shape[0] * side / code.shape[1])), interpolation=cv2.INTER_AREA)
        if dark_mode:
            scaled = 255 - scaled
        y, x = top + screen_h // 6, left + (screen_w - side) // 2
        frame[y : y + scaled.shape[0], x : x + scaled.shape[1]] = scaled[: screen_h - screen_h // 6]
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def write_video(path: Path, frames: list[np.ndarray], fps: int = 30) -> Path:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "OpenCV can't write MJPG video here"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path
