"""The station's settings as one immutable value (the window stores it with QSettings)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from verifier_app.verify.policy import Policy
from verifier_app.station.roles import Role
from verifier_app.station.config import StationConfig

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
    retention_days: int = 90  # audit log retention; 0 keeps everything
    operator: str = ""  # who is at the desk, for the audit log ("" = the login name)
    admin_unlock_s: int = 300  # how long one passphrase entry unlocks administration (station.json)

    def policy(self) -> Policy:
        return Policy(
            max_qr_age_s=self.max_qr_age_s,
            clock_skew_s=self.clock_skew_s,
            required_category=self.required_category.strip() or None,
        )

    def with_changes(self, **changes: object) -> "StationSettings":
        return replace(self, **changes)  # type: ignore[arg-type]

    # The administrator's part: kept in the data folder, changed only with the passphrase.
    # The required vehicle category is one of them (station.json), not a per-user preference.
    def station_config(self, base: StationConfig | None = None) -> StationConfig:
        """The guarded part as a StationConfig; values only station.json holds come from ``base``."""
        return replace(base or StationConfig(), role=self.role, max_qr_age_s=self.max_qr_age_s,
                       clock_skew_s=self.clock_skew_s, retention_days=self.retention_days,
                       required_category=self.required_category, admin_unlock_s=self.admin_unlock_s)

    def with_station_config(self, config: StationConfig) -> "StationSettings":
        return replace(self, role=config.role, max_qr_age_s=config.max_qr_age_s, clock_skew_s=config.clock_skew_s,
                       retention_days=config.retention_days, required_category=config.required_category,
                       admin_unlock_s=config.admin_unlock_s)


GUARDED_FIELDS = ("role", "max_qr_age_s", "clock_skew_s", "retention_days", "required_category", "admin_unlock_s")


def guarded_changes(old: StationSettings, new: StationSettings) -> tuple[str, ...]:
    """The settings an administrator must approve in a change from ``old`` to ``new``."""
    return tuple(name for name in GUARDED_FIELDS if getattr(old, name) != getattr(new, name))


def without_guarded_changes(old: StationSettings, new: StationSettings) -> StationSettings:
    return new.with_station_config(old.station_config())
