"""The station's guarded configuration: what only an administrator may change.

Role, freshness policy, required vehicle category, audit retention and how
long an administrator unlock lasts live in ``station.json`` (in the
system-wide station folder when there is one, else in the data folder),
shared by the window and the command line; changing them needs the
administrator passphrase (admin_lock.py) and writes an audit row per changed
value (old -> new).  Personal preferences (camera, language, sound...) stay
with the window's QSettings.

``station.json`` must be a JSON object with only the keys below and valid
values; anything else is refused with a message naming the key, and
``verifier admin repair`` rewrites a damaged file with defaults.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from verifier_app.atomic import atomic_write
from verifier_app.errors import CorruptFile, TrustStoreError, VerifierError
from verifier_app.station.paths import guarded_dir, is_system, not_writable_action
from verifier_app.station.roles import Role

FILENAME = "station.json"
REPAIR = "Ask an administrator to run: verifier admin repair (it keeps the valid values and resets the rest)."

# Driving-licence vehicle categories a station may require: China's (GA 1080 / Order 162:
# A1-A3, B1-B2, C1-C6, D, E, F, M, N, P) and the European ones (AM, A, B, BE, C, CE, D1, D1E, ...).
KNOWN_CATEGORIES = frozenset({
    "A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3", "C4", "C5", "C6", "D", "E", "F", "M", "N", "P",
    "AM", "A", "B", "BE", "C1E", "C", "CE", "D1", "D1E", "DE", "T",
})

# name: (minimum, maximum) for the whole-number settings
_RANGES = {
    "max_qr_age_s": (10, 3600),
    "clock_skew_s": (0, 600),
    "retention_days": (0, 36500),
    "admin_unlock_s": (0, 3600),
}


class ConfigInvalid(ValueError):
    """A station setting out of range or of the wrong kind (the message names it)."""


class SettingsWriteFailed(TrustStoreError, OSError):
    """station.json (or its audit row) could not be written; nothing was changed.

    Also an OSError, so callers written for the old ``save_config`` still catch it.
    """


def normalise_category(value: str) -> str:
    return value.strip().upper()


@dataclass(frozen=True)
class StationConfig:
    role: Role = Role.CHECKPOINT
    max_qr_age_s: int = 180
    clock_skew_s: int = 60
    retention_days: int = 90  # 0 keeps the audit log forever
    required_category: str = ""  # "" requires none; else one of KNOWN_CATEGORIES
    admin_unlock_s: int = 300  # how long one passphrase entry unlocks administration; 0: every action asks

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "role", Role(self.role))
        except ValueError:
            raise ConfigInvalid(f"role must be one of {', '.join(r.value for r in Role)}, not {self.role!r}") from None
        for name, (low, high) in _RANGES.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ConfigInvalid(f"{name} must be a whole number, not {value!r}")
            if not low <= value <= high:
                raise ConfigInvalid(f"{name} must be between {low} and {high}, not {value}")
        if not isinstance(self.required_category, str):
            raise ConfigInvalid(f"required_category must be text, not {self.required_category!r}")
        category = normalise_category(self.required_category)
        if category and category not in KNOWN_CATEGORIES:
            raise ConfigInvalid(f"required_category {self.required_category!r} is not a known vehicle category "
                                f"(known: {' '.join(sorted(KNOWN_CATEGORIES))}; empty for none)")
        object.__setattr__(self, "required_category", category)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["role"] = self.role.value
        return data

    def changes_from(self, old: "StationConfig") -> dict[str, tuple[Any, Any]]:
        """{name: (old, new)} for every value that differs."""
        before, after = old.to_json(), self.to_json()
        return {k: (before[k], after[k]) for k in after if before[k] != after[k]}


KEYS = tuple(f.name for f in fields(StationConfig))


def config_path(data_dir: str | os.PathLike[str]) -> Path:
    return guarded_dir(data_dir) / FILENAME


def parse_config(raw: bytes, *, source: str = FILENAME) -> StationConfig:
    """A StationConfig from the bytes of station.json; CorruptFile naming what is wrong."""
    def bad(why: str) -> CorruptFile:
        return CorruptFile(source, f"the station configuration is damaged: {why}", REPAIR)

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise bad("it is not valid JSON") from None
    if not isinstance(data, dict):
        raise bad(f"it must be a JSON object, not {type(data).__name__}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise bad(f"unknown key(s) {', '.join(map(repr, unknown))} (known: {', '.join(KEYS)})")
    try:
        return StationConfig(**data)
    except ConfigInvalid as exc:
        raise bad(str(exc)) from None


def load_config(data_dir: str | os.PathLike[str]) -> StationConfig:
    """The station's configuration (defaults when there is no station.json).

    In a per-user folder (no system-wide one) the file must also be what the
    audit log last recorded: a station.json edited or deleted by hand, outside
    ``save_config``, is refused (CorruptFile) until an administrator repairs it.
    """
    path = config_path(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise CorruptFile(str(path), f"the station configuration can't be read ({exc.strerror})",
                          not_writable_action(path)) from None
    config = StationConfig() if raw is None else parse_config(raw, source=str(path))
    if not is_system(path.parent):
        recorded = recorded_config(data_dir)
        if recorded is not None and recorded[1] != config:
            what = "deleted" if raw is None else "edited"
            raise CorruptFile(
                str(path), f"the station configuration was {what} outside the verifier: it differs from the one "
                f"the audit log records (entry {recorded[0]})",
                "Ask an administrator to run: verifier admin repair (it restores the recorded settings), "
                "or to set them again with: verifier admin configure.")
    return config


def recorded_config(data_dir: str | os.PathLike[str]) -> tuple[int, StationConfig] | None:
    """The configuration the audit log last recorded (None: none, or the log can't be read)."""
    from verifier_app.station.admin_audit import last_config

    try:
        found = last_config(data_dir)
        return None if found is None else (found[0], StationConfig(**found[1]))
    except (VerifierError, ConfigInvalid, TypeError):
        return None


def salvage_config(data_dir: str | os.PathLike[str]) -> tuple[StationConfig, list[str]]:
    """What can be kept from a damaged station.json: (config, what was reset and why).

    The configuration the audit log last recorded when there is one (a file
    edited by hand goes back to it); else each valid known value of the file is
    kept and everything else goes back to its default.
    """
    path = config_path(data_dir)
    recorded = recorded_config(data_dir) if not is_system(path.parent) else None
    if recorded is not None:
        return recorded[1], [f"the settings recorded in the audit log (entry {recorded[0]}) restored"]
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        return StationConfig(), []
    except (OSError, UnicodeDecodeError, ValueError):
        return StationConfig(), ["the whole file (not readable JSON): every value reset to its default"]
    if not isinstance(data, dict):
        return StationConfig(), ["the whole file (not a JSON object): every value reset to its default"]
    kept: dict[str, Any] = {}
    notes = [f"unknown key {k!r} dropped" for k in sorted(set(data) - set(KEYS))]
    for key in KEYS:
        if key not in data:
            continue
        try:
            StationConfig(**{**kept, key: data[key]})
        except ConfigInvalid as exc:
            notes.append(f"{exc}: reset to the default")
            continue
        kept[key] = data[key]
    return StationConfig(**kept), notes


def save_config(data_dir: str | os.PathLike[str], config: StationConfig, *, operator: str | None = None,
                now: dt.datetime | None = None) -> dict[str, tuple[Any, Any]]:
    """Write station.json and one audit row per changed value (old -> new); returns the changes.

    The audit rows are written first: a change the log can't hold is not made.
    """
    from verifier_app.station.admin_audit import record as audit_record, undone_unless_recorded

    path = config_path(data_dir)
    try:
        old = load_config(data_dir)
    except CorruptFile:
        old = salvage_config(data_dir)[0]
    changes = config.changes_from(old)
    with undone_unless_recorded([path]):
        try:
            atomic_write(path, (json.dumps(config.to_json(), indent=2) + "\n").encode())
        except OSError as exc:
            raise SettingsWriteFailed(f"can't write {path} ({exc.strerror})", not_writable_action(path)) from None
        try:
            if changes or recorded_config(data_dir) is None:  # one row for the whole change: {name: [old, new]}
                audit_record(data_dir, "setting_changed", {"changes": {k: list(v) for k, v in changes.items()},
                                                           "config": config.to_json()},
                             operator=operator, now=now)
        except VerifierError as exc:
            raise SettingsWriteFailed(f"the change was not made: {exc.message}", exc.action) from None
    return changes
