"""The station's records and settings, as the front ends hold them: the store, the log, the lock,
station.json and the window's settings.  Re-exports (no behaviour of their own)."""

from __future__ import annotations

from verifier_app.fleet.state import SyncState, sync_state
from verifier_app.station.admin_audit import default_operator
from verifier_app.station.admin_lock import AdminLock, AdminRequired, AdminSession
from verifier_app.station.config import (KNOWN_CATEGORIES, ConfigInvalid, StationConfig, config_path, load_config,
                                         salvage_config, save_config)
from verifier_app.station.evidence.audit import AuditEntry, AuditLog
from verifier_app.station.evidence.audit_export import export_csv, export_jsonl
from verifier_app.station.evidence.receipt import receipt_html
from verifier_app.station.paths import ignored_override
from verifier_app.station.settings import RESOLUTIONS, StationSettings, guarded_changes, without_guarded_changes
from verifier_app.station.trust.status_store import StatusImport
from verifier_app.station.trust.store import RootPreview, StationStore, is_status_file

__all__ = [
    "AdminLock", "AdminRequired", "AdminSession", "AuditEntry", "AuditLog", "ConfigInvalid", "KNOWN_CATEGORIES",
    "RESOLUTIONS", "RootPreview", "StationConfig", "StationSettings", "StationStore", "StatusImport", "SyncState",
    "config_path", "default_operator", "export_csv", "export_jsonl", "guarded_changes", "ignored_override",
    "is_status_file", "load_config", "receipt_html", "salvage_config", "save_config", "sync_state",
    "without_guarded_changes",
]
