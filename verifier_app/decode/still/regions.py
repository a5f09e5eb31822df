"""Where codes may be in a frame: blobs of high local contrast, found on a small copy in about a millisecond."""

from __future__ import annotations

import cv2
import numpy as np

from verifier_app.decode.geometry import Rect
from verifier_app.decode.scaling import shrink


# A region narrower than this (frame pixels) can't hold a readable code: a version-1 QR code is 21
# modules across, a Code 128 barcode a few dozen pixels tall on any screen.
MIN_REGION_SIDE = 24


def find_code_regions(grey: np.ndarray, *, work_width: int = 320, max_regions: int = 3,
                      full: Rect | None = None) -> tuple[list[Rect], bool]:
    """Blobs of high local contrast, well above the sensor's noise, largest first.

    On a 320-px-wide copy: the local standard deviation (a code's modules
    swing between black and white) against a noise level estimated from the
    frame itself (median absolute high-pass), so a dark, noisy room finds no
    "code" while a dim phone screen still does.  Also says whether contrast is
    nearly everywhere (a textured scene, or a code filling the view).

    ``full`` is the frame ``grey`` was reduced from (the regions are given in
    its pixels); by default ``grey`` itself.
    """
    h, w = grey.shape
    full = full or Rect.of_image(grey)
    scale = work_width / w
    small = shrink(grey, (work_width, max(1, int(h * scale))))
    scale = work_width / full.width  # small copy pixels per frame pixel
    mask = _contrast_mask(small)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    regions = []
    busy = False  # contrast nearly everywhere: a textured scene, or a code filling the view
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:max_regions]:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch > 0.8 * small.size:
            busy = True
            continue
        if cw * ch < 150:  # specks
            continue
        m = 0.1
        if min(cw, ch) * (1 + 2 * m) / scale < MIN_REGION_SIDE:
            continue
        regions.append(Rect.from_corners(max(0, int((x - m * cw) / scale)), max(0, int((y - m * ch) / scale)),
                                         min(full.width, int((x + cw * (1 + m)) / scale)),
                                         min(full.height, int((y + ch * (1 + m)) / scale))))
    return regions, busy


def _contrast_mask(small: np.ndarray) -> np.ndarray:
    """Where the local standard deviation stands well above the frame's own noise level."""
    f = small.astype(np.float32)
    mean = cv2.blur(f, (9, 9))
    std = np.sqrt(np.maximum(cv2.blur(f * f, (9, 9)) - mean * mean, 0))
    noise = 1.4826 * _median_of_bytes(cv2.absdiff(small, cv2.medianBlur(small, 3)))
    mask = (std > max(14.0, 5.0 * noise)).astype(np.uint8) * 255
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))


def _median_of_bytes(values: np.ndarray) -> float:
    """The median of uint8 values, from their histogram (np.median sorts: most of a millisecond per frame)."""
    counts = np.cumsum(np.bincount(values.ravel(), minlength=256))
    return float(np.searchsorted(counts, (counts[-1] + 1) // 2))
