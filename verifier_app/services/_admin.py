"""Administering a station: station.json's guarded values, repairing it, and what guards it.

Moved here from ``cli/station_admin.py`` (configure, repair, status) so any front end does it the
same way.  Asking for the passphrase stays with the front end (a prompt, a dialog): these functions
run after it was checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier_app.errors import CorruptFile
from verifier_app.station import admin_audit
from verifier_app.station.admin_lock import AdminLock, AdminRequired
from verifier_app.station.config import StationConfig, config_path, load_config, salvage_config, save_config
from verifier_app.station.paths import default_system_dir, system_dir

from ._station import Station


@dataclass(frozen=True)
class Configured:
    config: StationConfig
    notes: tuple[str, ...]  # what a damaged station.json lost on the way (its valid values were kept)


@dataclass(frozen=True)
class Repaired:
    path: Path
    config: StationConfig | None  # None: the file was valid, nothing rewritten
    reset: tuple[str, ...]


def describe_config(config: StationConfig) -> str:
    return (f"role {config.role.value}, maximum QR age {config.max_qr_age_s} s, clock skew {config.clock_skew_s} s, "
            f"audit retention {config.retention_days} days, required category "
            f"{config.required_category or 'none'}, admin unlock {config.admin_unlock_s} s")


def configure(station: Station, changes: dict[str, Any], *, operator: str) -> Configured:
    """Write station.json with ``changes``; works on a damaged file too (its valid values are kept).

    ConfigInvalid when a value is out of range (nothing written then).
    """
    try:
        old = load_config(station.data_dir)
        notes: list[str] = []
    except CorruptFile:
        old, notes = salvage_config(station.data_dir)
    config = StationConfig(**{**old.to_json(), **changes})
    save_config(station.data_dir, config, operator=operator)
    return Configured(config, tuple(notes))


def repair(station: Station, *, operator: str) -> Repaired:
    """Rewrite a damaged station.json keeping its valid values, and log what was reset."""
    path = config_path(station.data_dir)
    try:
        load_config(station.data_dir)
        return Repaired(path, None, ())
    except CorruptFile:
        pass
    config, notes = salvage_config(station.data_dir)
    save_config(station.data_dir, config, operator=operator)
    admin_audit.record(station.data_dir, "station_repaired", {"file": str(path), "reset": notes,
                                                            "config": config.to_json()}, operator=operator)
    return Repaired(path, config, tuple(notes))


def admin_status(station: Station, lock: AdminLock) -> dict[str, Any]:
    """Where the guarded settings live, whether the lock is intact, and the configuration in words."""
    try:
        lock.ensure_intact()
        passphrase = "set" if lock.path.exists() else "not set (anyone can change trust and policy)"
    except AdminRequired as exc:
        passphrase = f"TAMPERED: {exc.message}"
    try:
        config: str = describe_config(load_config(station.data_dir))
    except CorruptFile as exc:
        config = f"DAMAGED: {exc.message}"
    return {
        "system_folder": str(system_dir()) if system_dir() else None,
        "system_folder_expected_at": str(default_system_dir()) if default_system_dir() else None,
        "guarded_folder": str(station.guarded_dir),
        "trust_scope": station.trust.scope,
        "data_folder": str(station.data_dir),
        "passphrase": passphrase,
        "configuration": config,
    }
