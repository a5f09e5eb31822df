"""Synthetic camera frames: a phone screen showing a code, as a webcam sees it.

Used by tests (written to real video files), benchmarks and demos.
"""

from __future__ import annotations

import cv2
import numpy as np


def phone_frame(code: np.ndarray | None, size: tuple[int, int] = (1280, 720), *, dark_mode: bool = False,
                seed: int = 0, noise: float = 12.0) -> np.ndarray:
    """A noisy grey room with a phone screen in the middle, the code (if any) on it. BGR."""
    width, height = size
    rng = np.random.default_rng(seed)
    frame = np.clip(rng.normal(110, noise, (height, width)), 0, 255).astype(np.uint8)
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
        room = screen_h - screen_h // 6
        frame[y : y + min(room, scaled.shape[0]), x : x + side] = scaled[:room]
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
