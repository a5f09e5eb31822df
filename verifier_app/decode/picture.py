"""One picture, prepared once for the pipeline: grey, a working copy, its code-like regions and crops.

A still bigger than :data:`WORK_PIXELS` is read at a working size decided
from the picture (a 12-megapixel photo halved, by a whole factor); regions
are found on a small copy only when first asked for, and cut from the
full-resolution picture once (reduced past :data:`REGION_SIDE`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import cv2
import numpy as np

from verifier_app.decode.attempts import Region
from verifier_app.decode.deblur import estimate_blur
from verifier_app.decode.finders import SEARCH_SIDE, Tight, find_codes
from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import to_grey
from verifier_app.decode.regions import find_code_regions

# A still bigger than this is searched on a copy reduced to about this size first (a code filling a
# tenth of a 12-megapixel photo still has modules of several pixels in it).
WORK_PIXELS = 3_200_000
# A region crop longer than this on its longer side is reduced to it before decoding.
REGION_SIDE = 1200
# Below this (the structure tensor's eigenvalue ratio) a region's edges run mostly one way: not a sharp QR code.
_QR_ISOTROPY = 0.6
# Finder patterns are looked for again, at twice the working copy's scale, in this many code-like
# regions of a still, when the region is no more than this many pixels at that scale.
_FINER_REGIONS = 4
_FINER_PIXELS = 2_000_000
# A still's region is given its colour channels when the channels differ by this much (90th percentile).
_COLOURFUL = 48


@dataclass(frozen=True)
class Frame:
    """One picture, prepared once: its grey pixels, a working copy, and where codes may be."""

    grey: np.ndarray
    colour: np.ndarray | None  # the BGR picture, for a still's colour channels
    work: np.ndarray  # grey, reduced for a big still
    work_factor: float  # work pixels per frame pixel
    still: bool
    _regions: dict[tuple[Rect, bool], Region] = field(default_factory=dict)  # cut once, used by each step

    @property
    def rect(self) -> Rect:
        return Rect.of_image(self.grey)

    @cached_property
    def _found_regions(self) -> tuple[list[Rect], bool]:
        # Looked for only when needed: a still read whole at once never needs them.
        return find_code_regions(self.work, full=self.rect, max_regions=8 if self.still else 3,
                                 work_width=_region_work_width(self.work.shape[1], self.still))

    @property
    def code_like(self) -> list[Rect]:
        return self._found_regions[0]

    @cached_property
    def finder_codes(self) -> list[Tight]:
        """Tight regions around QR codes, from their finder patterns (``decode/finders.py``), looked
        for on the working copy only when first asked for: a still whose loose regions failed."""
        codes = find_codes(self.work, factor=self.work_factor, full=self.rect)
        # Small codes (modules of two pixels or less in the working copy) are looked for again in the
        # biggest code-like regions at twice that scale: cut from the full picture, or upscaled.
        zoom = 2 * self.work_factor  # searched pixels per picture pixel
        small = max(self.grey.shape) * zoom <= SEARCH_SIDE  # a small picture: all of it, upscaled
        for region in [self.rect] if small else self.code_like[:_FINER_REGIONS]:
            if region.area * zoom * zoom > _FINER_PIXELS:
                continue
            crop = region.crop(self.grey)
            if zoom != 1.0:
                crop = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_AREA if zoom < 1
                                  else cv2.INTER_LINEAR)
            for sub in find_codes(crop, factor=zoom, full=Rect(0, 0, region.width, region.height)):
                rect = Rect(region.left + sub.rect.left, region.top + sub.rect.top, sub.rect.width, sub.rect.height)
                if not any(rect.overlap(c.rect) > 0.5 and c.rect.area < 1.5 * rect.area for c in codes):  # found already
                    codes.append(Tight(rect, sub.module))
        return codes

    @property
    def finder_regions(self) -> list[Rect]:
        return [c.rect for c in self.finder_codes]

    @property
    def busy(self) -> bool:
        """Contrast nearly everywhere: a textured scene, or a code filling the view."""
        return self._found_regions[1]

    def region(self, rect: Rect, *, colour: bool = False) -> Region:
        """``rect`` cut from the full picture, reduced when big; with ``colour``, its colour too when
        that is worth a look (the hard cases' colour channels)."""
        key = (rect, colour and self.colour is not None)
        if key not in self._regions:
            self._regions[key] = self._cut(rect, key[1])
        return self._regions[key]

    def _cut(self, rect: Rect, with_colour: bool) -> Region:
        if with_colour:
            grey_region = self.region(rect)
            colour = rect.crop(self.colour) if self.colour is not None else None
            if colour is not None and grey_region.factor < 1.0:
                colour = reduce(colour, grey_region.factor)
            if colour is not None and not _colourful(colour):
                colour = None
            return Region(rect, grey_region.grey, grey_region.factor, colour)
        grey = rect.crop(self.grey)
        factor = min(1.0, REGION_SIDE / max(1, *grey.shape))
        return Region(rect, reduce(grey, factor) if factor < 1.0 else grey, factor, None)

    def whole(self) -> Region:
        return Region(self.rect, self.work, self.work_factor, None)


def reduce(image: np.ndarray, factor: float) -> np.ndarray:
    size = (max(1, round(image.shape[1] * factor)), max(1, round(image.shape[0] * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _colourful(colour: np.ndarray) -> bool:
    if colour.size == 0:
        return False
    sample = colour[::4, ::4].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return float(np.percentile(spread, 90)) >= _COLOURFUL


def _region_work_width(width: int, still: bool) -> int:
    """Regions are looked for on a 320-px-wide copy; a big still's on a 640-px one, so that a small code
    among others in a photo is a region of its own rather than part of one blob with its neighbours."""
    return 640 if still and width > 1600 else 320


def may_hold_a_qr_code(grey: np.ndarray) -> bool:
    """Whether a region is worth the hard cases once a barcode was read and a QR code is all that is
    missing: a QR code's edges run both ways (isotropic: 0.64-1 for sharp, tilted or moiré-striped
    ones); a barcode, lines of print and the like run mostly one way.  A smeared QR code would be
    anisotropic too, but a barcode read without help says the picture is not smeared.  (A region
    holding both an unread QR code and the barcode measures in between: see docs/benchmarks.md.)"""
    if grey.size == 0:
        return False
    blur = estimate_blur(grey)
    return blur.anisotropy >= _QR_ISOTROPY


def prepare(image: np.ndarray, *, still: bool) -> Frame:
    """Step 1: grey and the working copy; the code-like regions (in full-frame pixels) when first asked for.

    The working copy is the picture reduced by a whole factor (2 for a 12-megapixel photo), which
    costs a few milliseconds where an arbitrary factor costs several times as much.
    """
    grey = np.ascontiguousarray(to_grey(image))
    h, w = grey.shape
    k = 1
    while h * w / (k * k) > WORK_PIXELS:
        k += 1
    work = cv2.resize(grey, (w // k, h // k), interpolation=cv2.INTER_AREA) if k > 1 else grey
    colour = image if still and image.ndim == 3 and image.shape[2] == 3 else None
    return Frame(grey, colour, work, work.shape[1] / w, still)


def zoomed_regions(grey: np.ndarray, rect: Rect) -> list[Rect]:
    """Smaller regions inside a big one of a still, looked for in it at its own scale: in a photo with
    several small codes, a region is often a sheet or a screen holding them all, and a code of a
    hundred pixels in a 12-megapixel picture is too small to read in the region reduced."""
    if max(rect.width, rect.height) <= REGION_SIDE:
        return []
    crop = rect.crop(grey)
    subs, _ = find_code_regions(crop, max_regions=3)
    return [Rect(rect.left + r.left, rect.top + r.top, r.width, r.height) for r in subs
            if r.area < 0.5 * rect.area]
