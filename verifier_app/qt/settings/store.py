"""QSettings <-> StationSettings, so the rest of the window works with a plain value.

Only personal preferences live in QSettings.  Role, freshness policy and
retention are the administrator's and live in the data folder's
station.json (core/stationconfig.py), shared with the command line.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from verifier_app.services import RESOLUTIONS, StationConfig, StationSettings


def open_settings(path: str | None = None) -> QSettings:
    """The app's QSettings (an INI file at ``path`` when given: tests, kiosks)."""
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings("dl-verifier", "DL Verifier")


def _int(qs: QSettings, key: str, default: int, low: int, high: int) -> int:
    try:
        value = int(str(qs.value(key, default)))
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


def _bool(qs: QSettings, key: str, default: bool) -> bool:
    value = qs.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def load_settings(qs: QSettings, config: StationConfig | None = None) -> StationSettings:
    """Read preferences (a damaged or out-of-range value falls back to its default) and merge ``config``.

    Role, policy, retention and the required vehicle category come from ``config`` (station.json, guarded
    by the administrator passphrase), never from the user's preferences."""
    d = StationSettings()
    width, height = _int(qs, "camera/width", d.resolution[0], 1, 10000), _int(qs, "camera/height", d.resolution[1], 1, 10000)
    resolution = (width, height) if (width, height) in RESOLUTIONS else d.resolution
    language = str(qs.value("ui/language", d.language))
    prefs = StationSettings(
        camera_index=_int(qs, "camera/index", d.camera_index, -1, 99),
        resolution=resolution,
        mirror_preview=_bool(qs, "camera/mirror", d.mirror_preview),
        auto_clear_s=_int(qs, "ui/auto_clear_s", d.auto_clear_s, 0, 3600),
        sound=_bool(qs, "ui/sound", d.sound),
        language=language if language in ("", "en", "zh") else "",
        operator=str(qs.value("station/operator", d.operator))[:64],
    )
    return prefs.with_station_config(config or StationConfig())


def save_settings(qs: QSettings, s: StationSettings) -> None:
    qs.setValue("camera/index", s.camera_index)
    qs.setValue("camera/width", s.resolution[0])
    qs.setValue("camera/height", s.resolution[1])
    qs.setValue("camera/mirror", s.mirror_preview)
    qs.remove("policy/required_category")  # now a guarded station setting (station.json), not a preference
    qs.setValue("ui/auto_clear_s", s.auto_clear_s)
    qs.setValue("ui/sound", s.sound)
    qs.setValue("ui/language", s.language)
    qs.setValue("station/operator", s.operator)
    qs.sync()
