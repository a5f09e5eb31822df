"""The one rectangle type of decoding: where a code, a region or a crop sits in a frame."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Rect(NamedTuple):
    """An axis-aligned rectangle in a frame's pixels: left, top, width, height.

    A tuple underneath, so ``rect[0]`` is still the left edge and a rectangle compares and hashes
    like the plain tuples decoders used to return.
    """

    left: int
    top: int
    width: int
    height: int

    @classmethod
    def from_corners(cls, x0: float, y0: float, x1: float, y1: float) -> "Rect":
        """From two opposite corners (any order)."""
        left, right = sorted((int(x0), int(x1)))
        top, bottom = sorted((int(y0), int(y1)))
        return cls(left, top, right - left, bottom - top)

    @classmethod
    def of_image(cls, image: np.ndarray) -> "Rect":
        """The whole of ``image``."""
        return cls(0, 0, int(image.shape[1]), int(image.shape[0]))

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def area(self) -> int:
        return self.width * self.height

    def crop(self, image: np.ndarray) -> np.ndarray:
        """The part of ``image`` under this rectangle (a view, not a copy)."""
        return image[max(0, self.top) : max(0, self.bottom), max(0, self.left) : max(0, self.right)]

    def to_frame(self, origin: "Rect", factor: float) -> "Rect":
        """This rectangle, measured in an image made from ``origin`` scaled by ``factor``, in frame pixels."""
        return Rect(origin.left + int(self.left / factor), origin.top + int(self.top / factor),
                    int(self.width / factor), int(self.height / factor))

    def scaled(self, factor: float) -> "Rect":
        """This rectangle in an image made from the whole frame scaled by ``factor``."""
        return Rect.from_corners(round(self.left * factor), round(self.top * factor),
                                 round(self.right * factor), round(self.bottom * factor))

    def grown(self, dx: int, dy: int, within: "Rect") -> "Rect":
        """Wider by ``dx`` and taller by ``dy`` on each side, clipped to ``within``."""
        return Rect.from_corners(max(within.left, self.left - dx), max(within.top, self.top - dy),
                                 min(within.right, self.right + dx), min(within.bottom, self.bottom + dy))

    def overlap(self, other: "Rect") -> float:
        """The shared area as a share of the smaller rectangle's (0: apart, 1: one holds the other)."""
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        if w <= 0 or h <= 0:
            return 0.0
        return w * h / max(1, min(self.area, other.area))
