"""The geometry of a barcode held at an angle: the bars' direction, and the maps that stand them upright.

Shared by the rectified views (``decode/bars/barcodes.py``) and the profile reader (``decode/bars/bar_profile.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Below this ratio of the structure tensor's eigenvalues the region's edges all run one way: bars.
BAR_ANISOTROPY = 0.3


@dataclass(frozen=True)
class BarDirection:
    across_deg: float  # the gradients' direction (across the bars), degrees from the x axis, image y down
    anisotropy: float  # smallest over largest eigenvalue: 0 = all edges one way


def bar_direction(grey: np.ndarray) -> BarDirection:
    """The direction across the bars, from the gradients' structure tensor (on a copy of at most 400 px)."""
    scale = min(1.0, 400 / max(1, *grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    f = small.astype(np.float32)
    gx = cv2.Sobel(f, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(f, cv2.CV_32F, 0, 1)
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    half_trace = (jxx + jyy) / 2
    spread = float(np.sqrt(max(half_trace * half_trace - (jxx * jyy - jxy * jxy), 0.0)))
    largest = half_trace + spread
    anisotropy = (half_trace - spread) / largest if largest > 0 else 1.0
    return BarDirection(0.5 * float(np.degrees(np.arctan2(2 * jxy, jxx - jyy))), anisotropy)


def looks_like_bars(grey: np.ndarray) -> bool:
    return grey.size > 0 and min(grey.shape) >= 8 and bar_direction(grey).anisotropy < BAR_ANISOTROPY


def upright(grey: np.ndarray, across_deg: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The rotation (3x3) that stands the bars upright, and the size of the turned image."""
    h, w = grey.shape
    matrix = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), across_deg, 1.0), [0, 0, 1]])
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos) + 1, int(h * cos + w * sin) + 1
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return matrix, (nw, nh)


def axis_slope(turned: np.ndarray, valid: np.ndarray | None = None, power: int = 1) -> float:
    """How the code's middle line climbs across the upright bars (dy/dx).

    Seen at a slant, the bars stand upright once turned but the code runs uphill: its far end is
    shifted along the bars.  The middle of each column's bar edges, fitted with a straight line.
    ``valid``: where ``turned`` shows the region (not its replicated border, whose streaks look like bars);
    ``power`` > 1 favours the strong edges of the bars over a noisy background's.
    """
    energy = cv2.blur(np.abs(cv2.Sobel(turned.astype(np.float32), cv2.CV_32F, 1, 0)), (5, 5))
    if valid is not None:
        energy *= valid
    if power > 1:
        energy = energy ** power
    weights = energy.sum(axis=0)
    if weights.max() <= 0:
        return 0.0
    ys = np.arange(turned.shape[0], dtype=np.float32)
    centres = (energy * ys[:, None]).sum(axis=0) / np.maximum(weights, 1e-6)
    keep = weights > 0.3 * weights.max()
    if keep.sum() < 10:
        return 0.0
    xs = np.arange(turned.shape[1], dtype=np.float32)[keep]
    slope, _ = np.polyfit(xs, centres[keep], 1, w=weights[keep])
    return float(np.clip(slope, -1.5, 1.5))


def levelling(grey: np.ndarray, across_deg: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The affine map (3x3) that stands the bars upright and levels the code (as :func:`rectified`,
    unstretched), and the size of its image."""
    rotation, (nw, nh) = upright(grey, across_deg)
    turned = cv2.warpAffine(grey, rotation[:2], (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    valid = cv2.warpAffine(np.ones(grey.shape, np.float32), rotation[:2], (nw, nh), flags=cv2.INTER_NEAREST)
    slope = axis_slope(turned, cv2.erode(valid, np.ones((7, 7), np.uint8)), power=3)
    rise = abs(slope) * nw
    shear = np.array([[1.0, 0, 0], [-slope, 1, rise / 2 + slope * nw / 2], [0, 0, 1]])
    return shear @ rotation, (nw, int(nh + rise))
