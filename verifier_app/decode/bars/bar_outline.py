"""Where a barcode held at an angle is: its outline in the levelled picture (bars upright, code level).

The outline is the code's top and bottom (where the bars' darkness ends above and below) and its first
and last bars' outer edges, each a line fitted through many columns or rows with the outliers refitted
away.  Apart from the profile reader (``bar_profile``), which uses it as the homography to the flat
code: finding the code is image geometry, reading the symbols is fitting Code 128's patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


def _first_reach(profiles: np.ndarray, thr: np.ndarray) -> np.ndarray:
    """For each column of ``profiles`` (walked from row 0 down), the sub-pixel row at which it first
    reaches ``thr`` (that column's); NaN where it never does."""
    hit = profiles >= thr[None, :]
    first = np.argmax(hit, axis=0)
    found = hit[first, np.arange(profiles.shape[1])] & (first > 0)
    cols = np.arange(profiles.shape[1])
    a = profiles[np.maximum(first - 1, 0), cols]
    b = profiles[first, cols]
    t = np.where(b != a, (thr - a) / np.where(b != a, b - a, 1), 0.5)
    return np.where(found, first - 1 + t, np.nan)


def _steepest(slopes: np.ndarray) -> np.ndarray:
    """For each column, the sub-pixel row of its largest value (a parabola through its neighbours)."""
    at = np.clip(np.argmax(slopes, axis=0), 1, slopes.shape[0] - 2)
    cols = np.arange(slopes.shape[1])
    a, b, c = slopes[at - 1, cols], slopes[at, cols], slopes[at + 1, cols]
    bend = a - 2 * b + c
    return at + np.where(bend < 0, 0.5 * (a - c) / np.where(bend < 0, bend, -1), 0.0)


def _fit_line(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float] | None:
    """y = a x + b through the points, twice refitted without the outliers."""
    keep = np.isfinite(ys)
    for _ in range(3):
        if keep.sum() < 8:
            return None
        a, b = np.polyfit(xs[keep], ys[keep], 1)
        residual = np.abs(ys - (a * xs + b))
        spread = 1.4826 * float(np.median(residual[keep])) + 0.05
        keep = np.isfinite(ys) & (residual < 3 * spread)
    return float(a), float(b)


@dataclass(frozen=True)
class Outline:
    """The code's outline in the levelled image: its top and bottom (rows as lines y = a x + b) and its
    first and last bars' outer edges (columns as lines x = a y + b)."""

    top: tuple[float, float]
    bottom: tuple[float, float]
    left: tuple[float, float]
    right: tuple[float, float]

    def corners(self) -> np.ndarray:
        """Top left, top right, bottom right, bottom left."""
        def meet(row: tuple[float, float], col: tuple[float, float]) -> tuple[float, float]:
            (a, b), (c, d) = row, col  # y = a x + b, x = c y + d
            y = (a * d + b) / (1 - a * c)
            return c * y + d, y
        return np.array([meet(self.top, self.left), meet(self.top, self.right), meet(self.bottom, self.right),
                         meet(self.bottom, self.left)], np.float64)


def rough_band(level: np.ndarray, valid: np.ndarray) -> tuple[int, int, int] | None:
    """The code's middle row and its first and last columns, roughly, in ``level`` (bars upright,
    code level; ``valid`` where it shows the region, not its replicated border)."""
    f = level.astype(np.float32)
    w = f.shape[1]
    energy = cv2.blur(np.abs(cv2.Sobel(f, cv2.CV_32F, 1, 0)), (9, 9)) * valid
    rows = (energy ** 3).sum(axis=1)
    mid = int(np.argmax(cv2.GaussianBlur(rows.reshape(-1, 1), (1, 0), 3).ravel()))
    # Columns: the code's rough extent along its middle rows, where it is darker than the quiet zone.
    middle = cv2.blur(f[max(0, mid - 3) : mid + 4].mean(axis=0).reshape(1, -1), (15, 1)).ravel()
    bars = energy[max(0, mid - 3) : mid + 4].mean(axis=0)
    centre = int(np.argmax(cv2.blur(bars.reshape(1, -1), (max(3, w // 8), 1)).ravel()))
    white = float(np.percentile(middle, 95))
    dark = float(np.median(middle[bars > 0.3 * bars.max()]))
    inside = middle < (white + dark) / 2
    x0, x1 = centre, centre
    gap = 6  # a wide space between bars may look as white as the quiet zone for a few pixels
    while x0 > 0 and inside[max(0, x0 - gap) : x0].any():
        x0 -= 1
    while x1 < w - 1 and inside[x1 + 1 : x1 + 1 + gap].any():
        x1 += 1
    return (mid, x0, x1) if x1 - x0 >= 30 else None


def find_outline(level: np.ndarray, band: tuple[int, int, int]) -> Outline | None:
    """The code's outline in ``level`` (bars upright, code level; ``band`` from :func:`rough_band`):
    where the bars' mean darkness ends above and below, and where the first and last bars begin."""
    f = level.astype(np.float32)
    h, w = f.shape
    mid, x0, x1 = band
    # Top and bottom: in each column's darkness (averaged over several modules), the steepest fall
    # into the code above its middle and the steepest rise out of it below.
    smooth = cv2.blur(f, (15, 1))
    cols = np.arange(x0 + 8, x1 - 7)
    if cols.size < 16 or not 2 < mid < h - 3:
        return None
    slope = smooth[1:, cols] - smooth[:-1, cols]  # row y: between rows y and y + 1
    top = _steepest(-slope[:mid]) + 0.5
    bottom = mid + _steepest(slope[mid:]) + 0.5
    top_line, bottom_line = _fit_line(cols.astype(np.float64), top), _fit_line(cols.astype(np.float64), bottom)
    if top_line is None or bottom_line is None:
        return None
    # The first and last bars' outer edges, row by row in the code's middle 70 %: where the row, lightly
    # smoothed along the bars, falls half way from the quiet zone's white to its first bar's darkest.
    ys = np.arange(h, dtype=np.float64)
    tops, bottoms = top_line[0] * x0 + top_line[1], bottom_line[0] * x0 + bottom_line[1]
    tops_r, bottoms_r = top_line[0] * x1 + top_line[1], bottom_line[0] * x1 + bottom_line[1]
    lo = int(np.ceil(max(tops, tops_r) + 0.15 * (min(bottoms, bottoms_r) - max(tops, tops_r))))
    hi = int(np.floor(min(bottoms, bottoms_r) - 0.15 * (min(bottoms, bottoms_r) - max(tops, tops_r))))
    if hi - lo < 6:
        return None
    vert = cv2.blur(f, (1, 3))[lo:hi]
    reach = 12
    edges = []
    for side in (0, 1):
        if side == 0:
            a0 = max(0, x0 - reach)
            seg = vert[:, a0 : x0 + reach]
        else:
            a0 = min(w, x1 + reach + 1)
            seg = vert[:, max(0, x1 - reach) : a0][:, ::-1]
        quiet = np.percentile(seg[:, :6], 50, axis=1)
        darkest = seg.min(axis=1)
        thr = quiet - 0.3 * (quiet - darkest)
        at = _first_reach(-seg.T, -thr)  # walking in from the quiet zone: first fall to thr
        edges.append(a0 + at if side == 0 else a0 - 1 - at)
    left_line = _fit_line(ys[lo:hi], edges[0])
    right_line = _fit_line(ys[lo:hi], edges[1])
    if left_line is None or right_line is None:
        return None
    return Outline(top_line, bottom_line, left_line, right_line)
