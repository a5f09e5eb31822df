"""Tight regions around QR codes from their finder patterns, for a still whose loose regions failed.

The code-like regions (``decode/still/regions.py``) are blobs of local contrast: in a dim photo with a bright
specular streak, one blob holds a sheet, the streak and a code, and the hard cases (CLAHE, the local
contrast normalisation, the adaptive threshold) fail on it where they read a crop cut tight around the
code.  A QR code announces itself by its three finder patterns (a dark 7x7-module square ring around a
light 5x5 ring around a dark 3x3 centre: the 1:1:3:1:1 runs).  Here they are found on a copy
thresholded against its own local mean, so a dim code next to a glare spot binarises like a lit one:

1. the finder candidates: a light hole (the 5x5 ring's inside edge) holding one dark blob (the centre)
   about 9/25 of its area, both square-ish and centred on each other (OpenCV's contour tree);
2. three candidates of about the same module size forming an L (two legs of about equal length at
   about a right angle, legs 14 to 170 modules long: versions 1 to 40), best-shaped first, each
   candidate in one L at most;
3. each L's code rectangle: its three centres and the fourth corner they imply, padded by the finder's
   half width and a quiet zone of a few modules (perspective makes the fourth corner approximate);
4. finders left over in pairs (a glare spot on the third): a rectangle holding every square the pair
   can belong to (as a side, on either side of it, or as a diagonal).

The pipeline (a still's step, after the zoomed regions) reads each tight region, then its CLAHE and
local-contrast copies made with modules of 4-8 px (:func:`tight_attempts`), and puts the regions first
in line for the hard cases.  Looking for the finders costs about 15-30 ms on a 3-megapixel working copy
(most of it OpenCV's contour tree) and 3-10 ms on a 1280x720 picture, so it is taken only when the
cheaper steps failed.  A pixel is dark only well below the picture's own noise too (its noise floor):
a noisy empty frame's thousands of speckle contours were most of the cost of finding nothing there.
The pipeline makes the working copy's search and the finer one (``Frame.finer_finder_codes``) apart,
each when its own predicted cost fits.  OpenCV's own
QR detectors, tried as proposers on the BoofCV bright_spots photos, found 8 (``QRCodeDetector``) and 16
(``QRCodeDetectorAruco``) of the 36 labelled codes, in 130-300 ms; this finds 33.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import cv2
import numpy as np

from verifier_app.decode.still.attempts import STILL_PIXELS, VARIANTS, Attempt, Region, up
from verifier_app.decode.still.regions import _median_of_bytes
from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import CodeReader
from verifier_app.decode.scaling import shrink_by

# The finder patterns are looked for on a copy no longer than this on its longer side (a 12-megapixel
# photo's 4032 px would cost four times as much and its codes' modules are several pixels wide anyway).
SEARCH_SIDE = 2016
# The local mean the copy is thresholded against is taken over windows of these sides (pixels of the
# copy): a window must be wider than a finder's 3x3-module centre, or the centre thresholds hollow;
# two sizes cover modules of about 1.5 to 12 px in the copy.
_WINDOWS = (15, 45)
# A pixel counts as dark this much below its local mean (a share of it, and a grey level): the same
# contrast in a dim corner as beside a glare spot, and above a smoothed photo's noise.
_DARKER = 0.12
# ... and by more than the noise: this many times the median of what a 3x3 median filter takes away
# from the picture (about 0.6 of white noise's sigma), which puts the floor at about 3.5 sigmas of
# the noise left after the smoothing.  A noisy empty frame's speckles are darker than their mean by
# 12 % too, by thousands (sensor noise of sigma 22: 5,000 contours; photos' floors are 1 to 3).
_NOISE_FLOOR = 1.6
# The centre's area as a share of the hole's: 9/25 for a square seen straight on.
_CENTRE_SHARE = (0.18, 0.6)
# At most this many finder candidates are paired up (the largest first) and this many codes returned.
_MAX_CANDIDATES = 60
_MAX_CODES = 6
# The three finders of one code measure modules within this ratio of each other (perspective, blur).
_SAME_MODULE = 1.6
# Padding around an L's four corners, in modules: the finder's half width (3.5) and a quiet zone.
_PAD_MODULES = 7.5


@dataclass(frozen=True)
class Finder:
    """One finder pattern candidate: its centre and module size, in the searched copy's pixels."""

    x: float
    y: float
    module: float


def find_finders(grey: np.ndarray) -> list[Finder]:
    """The finder pattern candidates in ``grey`` (dark patterns on a lighter ground), largest first.

    A pixel counts as dark only when it also lies well below the picture's own noise (the noise floor,
    measured on a sample), and the thresholds are taken in 8-bit arithmetic: the thousands of
    speckle contours of a noisy empty frame, and a float copy of the picture, were most of the cost
    (1280x720 sensor noise: 23 ms before, 3 ms now)."""
    found: list[Finder] = []
    smooth = cv2.GaussianBlur(grey, (0, 0), 1.0)  # the sensor's and the JPEG's specks are no finders
    floor = _noise_floor(grey)
    smooth100 = cv2.multiply(smooth, 100, dtype=cv2.CV_16U)
    for window in _WINDOWS:
        if window >= min(grey.shape):
            continue
        for f in _candidates(_dark(smooth, smooth100, window, floor)):
            if not any(abs(f.x - g.x) < 2 * g.module and abs(f.y - g.y) < 2 * g.module for g in found):
                found.append(f)
    found.sort(key=lambda f: -f.module)
    return found[:_MAX_CANDIDATES]


def _dark(smooth: np.ndarray, smooth100: np.ndarray, window: int, floor: int) -> np.ndarray:
    """255 where a pixel is darker than its window's (8-bit) mean by :data:`_DARKER` of it and a grey
    level, and by ``floor`` grey levels.  In 16-bit integers, hundredths of a grey level
    (``smooth100``): exactly the float comparison this replaced, without a float copy of the picture
    (which cost more than the search on a 3-megapixel picture)."""
    mean = cv2.blur(smooth, (window, window))
    relative = cv2.addWeighted(mean, round(100 * (1 - _DARKER)), mean, 0, -100, dtype=cv2.CV_16U)
    absolute = cv2.addWeighted(mean, 100, mean, 0, -100 * floor, dtype=cv2.CV_16U)
    return cv2.compare(smooth100, cv2.min(relative, absolute), cv2.CMP_LT)


def _noise_floor(grey: np.ndarray) -> int:
    """How far below its neighbourhood a pixel of the smoothed picture strays by noise alone, in grey
    levels: :data:`_NOISE_FLOOR` times the median of what a 3x3 median filter takes away from the
    picture (edges and texture survive a median filter: what it removes is noise), on bands of
    neighbouring rows (about :data:`_NOISE_SAMPLE` pixels).  A finder's centre lies far deeper."""
    h, w = grey.shape
    period = max(4 * _BAND_ROWS, _BAND_ROWS * h * w // _NOISE_SAMPLE)
    sample = grey[: h // period * period].reshape(-1, period, w)[:, :_BAND_ROWS].reshape(-1, w) if h >= period else grey
    if sample.shape[0] < 3 or w < 3:
        return 1
    sample = np.ascontiguousarray(sample)
    return max(1, round(_NOISE_FLOOR * _median_of_bytes(cv2.absdiff(sample, cv2.medianBlur(sample, 3)))))


_BAND_ROWS = 8
_NOISE_SAMPLE = 200_000


def _candidates(dark: np.ndarray) -> list[Finder]:
    """Light holes holding one dark centre of the right share, both square-ish and concentric."""
    contours, hierarchy = cv2.findContours(dark, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tree = hierarchy[0]
    parents = tree[:, 3]
    # Holes (a dark blob's inside edges) are at odd depths of the tree; a finder's holds its centre.
    depth = np.zeros(len(tree), np.int32)
    up = parents.copy()
    while (up >= 0).any():
        depth += up >= 0
        up = np.where(up >= 0, parents[np.maximum(up, 0)], -1)
    out = []
    for i in np.flatnonzero((depth % 2 == 1) & (tree[:, 2] >= 0)).tolist():
        if len(contours[i]) < 4:  # a hole this simple is a speck's
            continue
        hole_area = cv2.contourArea(contours[i])
        if hole_area < 16:
            continue
        # The biggest dark blob in the hole is the centre; specks beside it are allowed, not rivals.
        kids = []
        k = int(tree[i][2])
        while k >= 0:
            kids.append(k)
            k = int(tree[k][0])
        areas = [cv2.contourArea(contours[k]) for k in kids]
        best = int(np.argmax(areas))
        centre_area = areas[best]
        if sum(areas) - centre_area > 0.25 * centre_area:
            continue
        if not _CENTRE_SHARE[0] <= centre_area / hole_area <= _CENTRE_SHARE[1]:
            continue
        if not (_square(contours[i], hole_area) and _square(contours[kids[best]], centre_area)):
            continue
        hm, cm = cv2.moments(contours[i]), cv2.moments(contours[kids[best]])
        if hm["m00"] <= 0 or cm["m00"] <= 0:
            continue
        hx, hy = hm["m10"] / hm["m00"], hm["m01"] / hm["m00"]
        cx, cy = cm["m10"] / cm["m00"], cm["m01"] / cm["m00"]
        side = hole_area ** 0.5  # five modules
        if abs(hx - cx) > 0.2 * side or abs(hy - cy) > 0.2 * side:
            continue
        out.append(Finder(cx, cy, side / 5))
    return out


def _square(contour: np.ndarray, area: float) -> bool:
    """Square-ish, maybe seen at an angle: fills most of its rotated bounding box, sides within 1:2.5."""
    (_, _), (w, h), _ = cv2.minAreaRect(contour)
    if w <= 0 or h <= 0:
        return False
    return area >= 0.6 * w * h and max(w, h) <= 2.5 * min(w, h)


def _l_shapes(finders: list[Finder]) -> list[tuple[float, Finder, Finder, Finder]]:
    """(badness, corner, a, b) for each three finders (largest first) forming a plausible L, best first."""
    out = []
    n = len(finders)
    for i in range(n):
        for j in range(i + 1, n):
            if finders[i].module > _SAME_MODULE * finders[j].module:
                break  # the rest are smaller still
            for k in range(j + 1, n):
                if finders[i].module > _SAME_MODULE * finders[k].module:
                    break
                trio = (finders[i], finders[j], finders[k])
                modules = [f.module for f in trio]
                module = sum(modules) / 3
                # The corner is the finder opposite the longest side.
                sides = [(_dist(trio[(m + 1) % 3], trio[(m + 2) % 3]), m) for m in range(3)]
                longest, m = max(sides)
                corner, a, b = trio[m], trio[(m + 1) % 3], trio[(m + 2) % 3]
                la, lb = _dist(corner, a), _dist(corner, b)
                if min(la, lb) < 12 * module or max(la, lb) > 180 * module:
                    continue
                if max(la, lb) > 1.5 * min(la, lb):
                    continue
                cos = ((a.x - corner.x) * (b.x - corner.x) + (a.y - corner.y) * (b.y - corner.y)) / (la * lb)
                if abs(cos) > 0.4:  # about 66 to 114 degrees: a square seen at an angle
                    continue
                badness = abs(cos) + abs(la - lb) / max(la, lb) + (max(modules) / min(modules) - 1)
                out.append((badness, corner, a, b))
    out.sort(key=lambda t: t[0])
    return out


def _dist(p: Finder, q: Finder) -> float:
    return float(np.hypot(p.x - q.x, p.y - q.y))


@dataclass(frozen=True)
class Tight:
    """A tight region around a QR code (its finder patterns' L, padded) and its module size, in the
    picture's pixels."""

    rect: Rect
    module: float


def qr_regions(grey: np.ndarray, *, factor: float = 1.0, full: Rect | None = None) -> list[Rect]:
    """The rectangles of :func:`find_codes`."""
    return [t.rect for t in find_codes(grey, factor=factor, full=full)]


def find_codes(grey: np.ndarray, *, factor: float = 1.0, full: Rect | None = None) -> list[Tight]:
    """Tight regions around the QR codes whose three finder patterns show in ``grey``, best-shaped
    first, then those of which two show; in the pixels of the picture ``grey`` was reduced from by
    ``factor`` (``full``; by default ``grey`` itself)."""
    h, w = grey.shape[:2]
    full = full or Rect(0, 0, w, h)
    scale = min(1.0, SEARCH_SIDE / max(h, w, 1))
    small = grey if scale == 1.0 else shrink_by(grey, scale)
    to_full = 1.0 / (scale * factor)  # picture pixels per searched pixel
    finders = find_finders(small)
    used: set[int] = set()
    codes: list[tuple[list[float], list[float], float]] = []  # the corners' xs and ys, the module size
    for _, corner, a, b in _l_shapes(finders):
        if {id(corner), id(a), id(b)} & used:
            continue
        used |= {id(corner), id(a), id(b)}
        codes.append(([corner.x, a.x, b.x, a.x + b.x - corner.x], [corner.y, a.y, b.y, a.y + b.y - corner.y],
                      (corner.module + a.module + b.module) / 3))
    codes += _pairs([f for f in finders if id(f) not in used])
    tight: list[Tight] = []
    for xs, ys, module in codes[:_MAX_CODES]:
        pad = _PAD_MODULES * module
        rect = Rect.from_corners(max(0.0, (min(xs) - pad) * to_full), max(0.0, (min(ys) - pad) * to_full),
                                 min(full.width, (max(xs) + pad) * to_full),
                                 min(full.height, (max(ys) + pad) * to_full))
        if rect.width > 0 and rect.height > 0:
            tight.append(Tight(rect, module * to_full))
    return tight


def _pairs(finders: list[Finder]) -> list[tuple[list[float], list[float], float]]:
    """Codes of which two finder patterns show (a glare spot or a smudge on the third), from the finders
    in no L: two of about the same module size, as far apart as a code's side or diagonal.  Which is
    not known, nor on which side of a side the code lies: the region holds every such square (the
    two squares on either side of the pair), still far tighter than a blob holding a sheet and a streak."""
    out = []
    used: set[int] = set()
    for i, p in enumerate(finders):
        for q in finders[i + 1 :]:
            if id(p) in used or id(q) in used or max(p.module, q.module) > _SAME_MODULE * min(p.module, q.module):
                continue
            module = (p.module + q.module) / 2
            d = _dist(p, q)
            if not 12 * module <= d <= 180 * module * 2 ** 0.5:
                continue
            nx, ny = (q.y - p.y), -(q.x - p.x)  # perpendicular to the pair, as long as it
            xs = [p.x, q.x, p.x + nx, q.x + nx, p.x - nx, q.x - nx]
            ys = [p.y, q.y, p.y + ny, q.y + ny, p.y - ny, q.y - ny]
            used |= {id(p), id(q)}
            out.append((xs, ys, module))
    return out


# What reads a dim code from a tight crop (the BoofCV bright_spots photos): CLAHE, and each pixel
# against its neighbourhood's mean and spread.  Both decoders read each: either reads codes the other misses.
TIGHT_VARIANTS = ("CLAHE", "local contrast")
# A tight region's variants are made at a scale where its modules are about this wide (pixels): a
# small code's upscaled twice (CLAHE's tiles and the decoders' binarisers need more than 3 px), a big
# code's reduced (a crop cut from a 12-megapixel photo costs several times what reading it needs).
MODULE_PX = (4.0, 8.0)


def tight_attempts(regions: Sequence[tuple[Region, float]], decoders: Sequence[CodeReader]) -> list[Attempt]:
    """The hard cases that read a dim code from a tight crop, for each (region, module size in the
    picture's pixels), breadth first (each variant for every region before the next), before the
    general ones; the first decoder (the faster) on them all before the next decoder."""
    makes = {name: (factor, make) for name, _, factor, make in VARIANTS}
    attempts = []
    for decoder in decoders:
        for name in TIGHT_VARIANTS:
            factor, make = makes[name]
            for r, module in regions:
                px = module * r.factor  # module width in the region's pixels
                zoom = 2.0 if px < MODULE_PX[0] else min(1.0, MODULE_PX[1] / px)
                pixels = round(r.grey.size * zoom * zoom)
                if r.grey.size and pixels * factor * factor <= STILL_PIXELS:
                    attempts.append(Attempt(_variant(make, r.grey, zoom), r.rect, r.factor * factor * zoom,
                                            (decoder,), kind=name, pixels=pixels * factor * factor))
    return attempts


def _variant(make: Callable[[np.ndarray], np.ndarray], image: np.ndarray, zoom: float) -> Callable[[], np.ndarray]:
    def made() -> np.ndarray:
        if zoom > 1:
            return make(up(image, zoom))
        if zoom < 1:
            return make(shrink_by(image, zoom))
        return make(image)
    return made
