"""The station's records and settings, as the front ends hold them: its rows, the lock, station.json,
the window's settings and the fleet's sync state.  Re-exports (no behaviour of their own).

The trust store and the audit log are not among them (nor is anything of their modules: ``RootPreview``
and ``is_status_file`` come from ``_trust``): front ends reach them through ``Station.trust`` and
``Station.open_history()``; import-linter contracts keep them out of this module and the front ends.
"""

from __future__ import annotations

from verifier_app.fleet.state import SyncState
from verifier_app.station.admin_audit import default_operator
from verifier_app.station.admin_lock import AdminLock, AdminRequired, AdminSession
from verifier_app.station.config import (KNOWN_CATEGORIES, ConfigInvalid, StationConfig, config_path, load_config,
                                         salvage_config, save_config)
from verifier_app.station.evidence.audit_chain import ChainReport
from verifier_app.station.evidence.audit_entry import AuditEntry
from verifier_app.station.paths import ignored_override
from verifier_app.station.settings import RESOLUTIONS, StationSettings, guarded_changes, without_guarded_changes
from verifier_app.station.trust.status_store import StatusImport

__all__ = [
    "AdminLock", "AdminRequired", "AdminSession", "AuditEntry", "ChainReport", "ConfigInvalid", "KNOWN_CATEGORIES",
    "RESOLUTIONS", "StationConfig", "StationSettings", "StatusImport", "SyncState",
    "config_path", "default_operator", "guarded_changes", "ignored_override",
    "load_config", "salvage_config", "save_config", "without_guarded_changes",
]
