"""Draws resources/sample-portrait.jpg: a made-up face, no real person.

Kept small (grey, 60x75, low JPEG quality) because the portrait travels
inside the QR code and every byte makes the code denser.  Rerun it to
regenerate the file: python scripts/make_sample_portrait.py
"""

from pathlib import Path

import cv2
import numpy as np

W, H = 60, 75


def draw() -> np.ndarray:
    img = np.full((H * 4, W * 4), 215, np.uint8)  # draw big, then shrink: smooth edges
    cx = W * 2
    cv2.ellipse(img, (cx, 330), (115, 90), 0, 180, 360, 70, -1)  # shoulders
    cv2.rectangle(img, (cx - 28, 170), (cx + 28, 250), 160, -1)  # neck
    cv2.ellipse(img, (cx, 130), (62, 78), 0, 0, 360, 175, -1)  # face
    cv2.ellipse(img, (cx, 92), (66, 50), 0, 180, 360, 45, -1)  # hair
    for dx in (-24, 24):
        cv2.circle(img, (cx + dx, 128), 7, 40, -1)  # eyes
    cv2.ellipse(img, (cx, 178), (20, 9), 0, 0, 180, 90, 3)  # smile
    return cv2.resize(img, (W, H), interpolation=cv2.INTER_AREA)


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "resources" / "sample-portrait.jpg"
    ok, data = cv2.imencode(".jpg", draw(), [cv2.IMWRITE_JPEG_QUALITY, 40, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    assert ok
    out.write_bytes(data.tobytes())
    print(f"{out}: {len(data)} bytes")


if __name__ == "__main__":
    main()
