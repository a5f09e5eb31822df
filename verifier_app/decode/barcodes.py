"""Code 128 barcodes held at an angle: rectified along the bars, then read line by line.

A barcode photographed at a slant defeats the decoders' line scanners in two
ways: a scan line that crosses the bars at an angle leaves the code through
its top or bottom before it has crossed them all (rotation), and the bars'
widths shrink towards the far side, to a pixel or less (tilt).  So:

1. the bars' direction is measured from the region itself: the structure
   tensor of its gradients (a barcode's edges all run one way, so it is
   strongly anisotropic, unlike a QR code or text);
2. the region is turned so that the bars stand upright, and scaled across
   them so that the narrowest module gets two pixels or more;
3. each row is averaged with its neighbours along the bars (noise and JPEG
   blocks fall, the bars stay), and the decoders scan this image, whose rows
   are several parallel lines across the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import cv2
import numpy as np

from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import CodeReader, DecodedSymbol, Symbology

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


def _upright(grey: np.ndarray, across_deg: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The rotation (3x3) that stands the bars upright, and the size of the turned image."""
    h, w = grey.shape
    matrix = np.vstack([cv2.getRotationMatrix2D((w / 2, h / 2), across_deg, 1.0), [0, 0, 1]])
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos) + 1, int(h * cos + w * sin) + 1
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return matrix, (nw, nh)


def _axis_slope(turned: np.ndarray) -> float:
    """How the code's middle line climbs across the upright bars (dy/dx).

    Seen at a slant, the bars stand upright once turned but the code runs uphill: its far end is
    shifted along the bars.  The middle of each column's bar edges, fitted with a straight line.
    """
    energy = cv2.blur(np.abs(cv2.Sobel(turned.astype(np.float32), cv2.CV_32F, 1, 0)), (5, 5))
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


def rectified(grey: np.ndarray, across_deg: float, *, stretch: float = 2.0, band: int = 7) -> np.ndarray:
    """``grey`` turned so the bars stand upright, sheared along them so the code runs level, stretched
    ``stretch`` times across the bars, and each row averaged over ``band`` rows along the bars: each
    row is then a scan line along the code's middle line or parallel to it."""
    rotation, (nw, nh) = _upright(grey, across_deg)
    turned = cv2.warpAffine(grey, rotation[:2], (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    slope = _axis_slope(turned)
    rise = abs(slope) * nw
    shear = np.array([[stretch, 0, 0], [-slope, 1, rise / 2 + slope * nw / 2], [0, 0, 1]])
    size = (int(nw * stretch), int(nh + rise))
    out = cv2.warpAffine(grey, (shear @ rotation)[:2], size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return cv2.blur(out, (1, band))


def _sharpened_across(image: np.ndarray, sigma: float) -> np.ndarray:
    """Unsharp masking across the bars only: the far end's narrow bars get their contrast back."""
    blurred = cv2.GaussianBlur(image, (0, 0), sigmaX=sigma, sigmaY=0.1)
    return cv2.addWeighted(image, 2.5, blurred, -1.5, 0)


def oblique_views(grey: np.ndarray) -> list[Callable[[], np.ndarray]]:
    """The region rectified along its bars (see the module docstring), plain and sharpened across the
    bars, each made when called; none when the region does not look like bars."""
    direction = bar_direction(grey) if grey.size and min(grey.shape) >= 8 else None
    if direction is None or direction.anisotropy >= BAR_ANISOTROPY:
        return []
    made: list[np.ndarray] = []

    def plain() -> np.ndarray:
        if not made:
            made.append(rectified(grey, direction.across_deg, stretch=2.0, band=7))
        return made[0]

    return [plain, lambda: _sharpened_across(plain(), 1.6)]


def read_oblique_barcodes(grey: np.ndarray, decoders: Sequence[CodeReader], rect: Rect) -> tuple[DecodedSymbol, ...]:
    """The Code 128 barcodes in a region ``rect`` whose pixels are ``grey``, read across the bars.

    The codes are placed at the whole region (the rectified image is not the frame's geometry).
    """
    found: dict[str, DecodedSymbol] = {}
    for view in oblique_views(grey):
        image = view()
        for decoder in decoders:
            for s in decoder.decode(image):
                if s.symbology is Symbology.CODE128:
                    found.setdefault(s.text, DecodedSymbol(s.symbology, s.text, rect, s.inverted))
        if found:
            break
    return tuple(found.values())
