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

from verifier_app.decode.still.attempts import Region, clahe
from verifier_app.decode.still.deblur import estimate_blur
from verifier_app.decode.still.finders import SEARCH_SIDE, Tight, find_codes
from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import to_grey
from verifier_app.decode.still.regions import find_code_regions
from verifier_app.decode.scaling import shrink, shrink_by

# A still bigger than this is searched on a copy reduced to about this size first (a code filling a
# tenth of a 12-megapixel photo still has modules of several pixels in it).
WORK_PIXELS = 3_200_000
# A region crop longer than this on its longer side is reduced to it before decoding.
REGION_SIDE = 1200
# Below this (the structure tensor's eigenvalue ratio) a region's edges run mostly one way: not a sharp QR code.
_QR_ISOTROPY = 0.6
# A patch of a region (a third of it each way) this isotropic, with edges this strong against the region's
# strongest patch, may be a QR code beside the barcode that was read.
_QR_PATCH_ISOTROPY = 0.8
_STRONG_PATCH = 0.6
# A still whose brightest 1 % is darker than this was taken in the dark (BoofCV's brightness photos:
# codes between grey levels 2 and 10): it is read whole once more with its contrast equalised.
DARK_BRIGHTEST = 40
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
        """Tight regions around QR codes, from their finder patterns (``decode/still/finders.py``), looked
        for only when first asked for (a still whose loose regions failed): :attr:`coarse_finder_codes`,
        then :attr:`finer_finder_codes`."""
        return self.coarse_finder_codes + self.finer_finder_codes

    @cached_property
    def coarse_finder_codes(self) -> list[Tight]:
        """The finder patterns' tight regions in the working copy."""
        return find_codes(self.work, factor=self.work_factor, full=self.rect)

    @cached_property
    def finer_finder_codes(self) -> list[Tight]:
        """Small codes (modules of two pixels or less in the working copy), looked for again in the
        biggest code-like regions at twice that scale (cut from the full picture, or upscaled); those
        :attr:`coarse_finder_codes` found already left out.  Apart from the coarse search so that each
        is begun only when its own cost fits a still's budget (on a 12-megapixel photo, together they
        were predicted past it and neither was made)."""
        codes = list(self.coarse_finder_codes)
        zoom = 2 * self.work_factor  # searched pixels per picture pixel
        for region in self._finer_regions():
            crop = region.crop(self.grey)
            if zoom < 1.0:
                crop = shrink_by(crop, zoom)
            elif zoom > 1.0:
                crop = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_LINEAR)
            for sub in find_codes(crop, factor=zoom, full=Rect(0, 0, region.width, region.height)):
                rect = Rect(region.left + sub.rect.left, region.top + sub.rect.top, sub.rect.width, sub.rect.height)
                if not any(rect.overlap(c.rect) > 0.5 and c.rect.area < 1.5 * rect.area for c in codes):  # found already
                    codes.append(Tight(rect, sub.module))
        return codes[len(self.coarse_finder_codes):]

    def _finer_regions(self) -> list[Rect]:
        """Where small codes' finder patterns are looked for again at twice the working scale."""
        zoom = 2 * self.work_factor
        small = max(self.grey.shape) * zoom <= SEARCH_SIDE  # a small picture: all of it, upscaled
        return [r for r in ([self.rect] if small else self.code_like[:_FINER_REGIONS])
                if r.area * zoom * zoom <= _FINER_PIXELS]

    def finder_search_pixels(self) -> int:
        """How many pixels :attr:`finder_codes` searches (its cost grows with them)."""
        return self.coarse_search_pixels() + self.finer_search_pixels()

    def coarse_search_pixels(self) -> int:
        return self.work.size

    def finer_search_pixels(self) -> int:
        zoom = 2 * self.work_factor
        return sum(round(r.area * zoom * zoom) for r in self._finer_regions())

    @property
    def finder_regions(self) -> list[Rect]:
        return [c.rect for c in self.finder_codes]

    @property
    def busy(self) -> bool:
        """Contrast nearly everywhere: a textured scene, or a code filling the view."""
        return self._found_regions[1]

    def region_pixels(self, rect: Rect) -> int:
        """How many pixels :meth:`region` gives for ``rect`` (without cutting it)."""
        factor = min(1.0, REGION_SIDE / max(1, rect.width, rect.height))
        return round(rect.width * factor) * round(rect.height * factor)

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
            # Judged on the full-resolution crop (sampled); the channel images are made from it, and
            # reduced, only when their attempt's turn comes (a big colour crop costs tens of ms to reduce).
            worth_a_look = colour is not None and _colourful(colour)
            return Region(rect, grey_region.grey, grey_region.factor, colour if worth_a_look else None)
        factor = min(1.0, REGION_SIDE / max(1, rect.width, rect.height))
        if factor == 1.0:
            return Region(rect, rect.crop(self.grey), 1.0, None)
        size = (max(1, round(rect.width * factor)), max(1, round(rect.height * factor)))
        # A region reduced at least as much as the working copy is cut from the working copy: averaging
        # a quarter of the pixels (a 12-megapixel photo's region, 40 ms) costs a quarter as much.
        source = rect.scaled(self.work_factor).crop(self.work) if factor <= self.work_factor else rect.crop(self.grey)
        if source.shape[::-1] == size:
            return Region(rect, source, factor, None)
        return Region(rect, shrink(source, size), factor, None)

    @cached_property
    def dark(self) -> bool:
        """Taken in the dark: the brightest 1 % of the working copy under :data:`DARK_BRIGHTEST`.  Its codes
        swing between a few grey levels, too little for a decoder's binariser or the code-like regions."""
        sample = self.work[::4, ::4]
        return sample.size > 0 and float(np.percentile(sample, 99)) < DARK_BRIGHTEST

    def lifted(self) -> np.ndarray:
        """The working copy with its local contrast equalised (CLAHE): a dark photo's codes, readable."""
        return clahe(self.work)

    def whole(self) -> Region:
        return Region(self.rect, self.work, self.work_factor, None)


def _colourful(colour: np.ndarray) -> bool:
    if colour.size == 0:
        return False
    # About 64 samples across, and OpenCV's per-pixel max and min: numpy's reductions over an axis of
    # three took 9 ms a region on a 12-megapixel photo.
    step = max(1, min(colour.shape[:2]) // 64)
    b, g, r = cv2.split(np.ascontiguousarray(colour[::step, ::step]))
    spread = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    return float(np.percentile(spread, 90)) >= _COLOURFUL


def _region_work_width(width: int, still: bool) -> int:
    """Regions are looked for on a 320-px-wide copy; a big still's on a 640-px one, so that a small code
    among others in a photo is a region of its own rather than part of one blob with its neighbours."""
    return 640 if still and width > 1600 else 320


def may_hold_a_qr_code(grey: np.ndarray) -> bool:
    """Whether a region is worth the hard cases once a barcode was read and a QR code is all that is
    missing: a QR code's edges run both ways (isotropic: 0.64-1 for sharp, tilted or moiré-striped
    ones); a barcode, lines of print and the like run mostly one way.  A smeared QR code would be
    anisotropic too, but a barcode read without help says the picture is not smeared.

    A licence's screen shows the QR code above the barcode, often in one region, which then measures
    in between (0.45-0.6 with the QR code blurred): so a region also may hold one when a third of it
    each way holds edges running both ways (0.8 or more) among its strongest (at least 0.6 of the
    strongest third's edge energy).  A barcode's photo, print around it included, has no such patch."""
    if grey.size == 0:
        return False
    if estimate_blur(grey).anisotropy >= _QR_ISOTROPY:
        return True
    h, w = grey.shape
    if min(h, w) < 24:
        return False
    patches = [grey[i * h // 3 : (i + 1) * h // 3, j * w // 3 : (j + 1) * w // 3] for i in range(3) for j in range(3)]
    energy = [_edge_energy(p) for p in patches]
    strongest = max(energy)
    return strongest > 0 and any(e >= _STRONG_PATCH * strongest and estimate_blur(p).anisotropy >= _QR_PATCH_ISOTROPY
                                 for p, e in zip(patches, energy))


def _edge_energy(grey: np.ndarray) -> float:
    f = grey.astype(np.float32)
    return float(np.abs(cv2.Sobel(f, cv2.CV_32F, 1, 0)).mean() + np.abs(cv2.Sobel(f, cv2.CV_32F, 0, 1)).mean())


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


def zoomed_regions(frame: Frame, rect: Rect) -> list[Rect]:
    """Smaller regions inside a big one of a still, looked for in it at its own scale: in a photo with
    several small codes, a region is often a sheet or a screen holding them all, and a code of a
    hundred pixels in a 12-megapixel picture is too small to read in the region reduced.  Looked for
    in the working copy (they are found on a 320-px copy of the region anyway)."""
    if max(rect.width, rect.height) <= REGION_SIDE:
        return []
    crop = rect.scaled(frame.work_factor).crop(frame.work)
    subs, _ = find_code_regions(crop, max_regions=3, full=Rect(0, 0, rect.width, rect.height))
    return [Rect(rect.left + r.left, rect.top + r.top, r.width, r.height) for r in subs
            if r.area < 0.5 * rect.area]
