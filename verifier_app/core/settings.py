"""The station's settings as one immutable value (the window stores it with QSettings)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .policy import Policy
from .roles import Role

RESOLUTIONS = ((640, 480), (1280, 720), (1920, 1080))


@dataclass(frozen=True)
class StationSettings:
    camera_index: int = 0
    resolution: tuple[int, int] = (1280, 720)
    mirror_preview: bool = False  # the preview only: decoding always sees the true image
    role: Role = Role.CHECKPOINT
    max_qr_age_s: int = 180
    clock_skew_s: int = 60
    required_category: str = ""
    auto_clear_s: int = 60  # 0 keeps the result until cleared by hand
    sound: bool = True
    language: str = ""  # "" follows the system locale; else "en" or "zh"

    def policy(self) -> Policy:
        return Policy(
            max_qr_age_s=self.max_qr_age_s,
            clock_skew_s=self.clock_skew_s,
            required_category=self.required_category.strip() or None,
        )

    def with_changes(self, **changes: object) -> "StationSettings":
        return replace(self, **changes)  # type: ignore[arg-type]
