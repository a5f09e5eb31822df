"""What the station accepts: the operator-tunable rules of a verification."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    max_qr_age_s: int = 180  # a code older than this may be a screenshot
    clock_skew_s: int = 60  # tolerated difference between station and issuer clocks
    required_category: str | None = None  # e.g. "C1" at a rental counter renting vans

    def __post_init__(self) -> None:
        if self.max_qr_age_s <= 0:
            raise ValueError("maximum QR age must be positive")
        if self.clock_skew_s < 0:
            raise ValueError("clock skew can't be negative")
