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
   are several parallel lines across the code;
4. when that fails (at 60 degrees of tilt in a 640x480 picture the far end's
   modules are 0.6-1.2 px wide, under the lens's blur), the code is read from
   its profile by ourselves: its outline (the bars' ends above and below, the
   first and last bars) gives the homography to the flat code, every pixel
   is binned by where it falls along the code (many phases: a profile finer
   than the pixels), and each symbol is the Code 128 pattern that, blurred
   alike, fits its stretch best; the checksum, the code sets and a margin
   between each symbol's best and next best fit guard the read, which is
   drawn clean for the decoders (``decode/bars/bar_profile.py``).
"""

from __future__ import annotations

from typing import Callable, Sequence

import cv2
import numpy as np

from verifier_app.decode.bars.bar_geometry import BAR_ANISOTROPY, BarDirection, axis_slope, bar_direction, looks_like_bars, upright
from verifier_app.decode.bars.bar_profile import code128_text, drawn_code128, read_profile_values
from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import CodeReader, DecodedSymbol, Symbology

__all__ = ["BAR_ANISOTROPY", "BarDirection", "bar_direction", "code128_text", "drawn_code128", "looks_like_bars",
           "oblique_views", "read_oblique_barcodes", "read_profile_values", "rectified"]


RECTIFIED_WIDTH = 1400


def rectified(grey: np.ndarray, across_deg: float, *, stretch: float = 2.0, band: int = 7) -> np.ndarray:
    """``grey`` turned so the bars stand upright, sheared along them so the code runs level, stretched
    ``stretch`` times across the bars, and each row averaged over ``band`` rows along the bars: each
    row is then a scan line along the code's middle line or parallel to it.  A wide region is stretched
    less (at most :data:`RECTIFIED_WIDTH` px across): its modules are wide already, and a 1000-px region
    stretched twice cost 40 ms to make and pyzbar 50 ms to read."""
    rotation, (nw, nh) = upright(grey, across_deg)
    stretch = min(stretch, max(1.0, RECTIFIED_WIDTH / nw))
    turned = cv2.warpAffine(grey, rotation[:2], (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    slope = axis_slope(turned)
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
    bars, then (when the decoders read neither) the code as read from its profile (step 4), drawn
    clean; each made when called; none when the region does not look like bars."""
    direction = bar_direction(grey) if grey.size and min(grey.shape) >= 8 else None
    if direction is None or direction.anisotropy >= BAR_ANISOTROPY:
        return []
    made: list[np.ndarray] = []

    def plain() -> np.ndarray:
        if not made:
            made.append(rectified(grey, direction.across_deg, stretch=2.0, band=7))
        return made[0]

    def profiled() -> np.ndarray:
        if len(made) < 2:  # made once, whoever asks (each decoder is an attempt of its own)
            made.append(plain())
            values = read_profile_values(grey, direction.across_deg)
            made.append(drawn_code128(values) if values is not None else np.full((8, 8), 255, np.uint8))
        return made[2]

    return [plain, lambda: _sharpened_across(plain(), 1.6), profiled]


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
