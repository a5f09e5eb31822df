"""The station facade: everything the window (``qt/``) and the command line (``cli/``) use of a station.

Front ends import this package, ``verifier_app.scan`` (the one scan service and its events),
``errors``, ``versions``, ``resources_path``, ``printing`` and ``demo``, and their own modules —
never ``station``, ``verify``, ``decode``, ``dl1``, ``fleet``, ``central`` or ``issuer`` directly
(an import-linter contract in pyproject.toml holds them to it).  What it offers:

- ``Station`` (``_station``): a station opened from its data folder — its config, audit log, admin
  lock and trust; its policy, and the scan service with its trust, policy, role and clock
  (``Station.scan_service``); ``describe_trust`` / ``trust_info`` (``trust show``).
- administration (``_admin``): ``configure``, ``repair``, ``admin_status``, ``describe_config``;
  asking for the passphrase stays with the front end (prompt or dialog), these run after it.
- history (``_history``): ``purge_history`` (retention), ``export_history`` (CSV or JSON lines);
  searching is ``AuditLog.search``, a receipt ``receipt_html``.
- the fleet's station side (``_fleet``): ``check_fleet_root``, ``subscribe``, ``sync_trust``,
  ``is_fleet_refusal`` (TUF is loaded only when one runs); ``enrol`` and ``push_audit`` (the audit
  rows collected in the operator's PostgreSQL; psycopg is loaded only then).
- records and settings (``_records``): ``StationStore`` (trust actions: install/preview/remove root,
  import a bundle or status file), ``AuditLog``/``AuditEntry`` (history: search, export, receipt),
  ``AdminLock``, station.json, the window's ``StationSettings``, the sync state.
- values and words (``_values``): ``Verdict``, ``VerificationResult``, reasons, ``Role``/``profile``,
  clocks, the core's sentences (``words``, i.e. ``verify/text.py``), certificate fingerprints.
- input (``_input``): what decode/ offers a front end: file frames, cameras, live frames, scanner
  bursts, ``create_reader``.

Adding a station service (e.g. ``verifier audit push`` or the operator's ``verifier-central``
commands): write it as a function or a ``Station`` method in a private module here (``_push.py``,
importing from station/, fleet/, central/ as needed; import heavy libraries inside the function),
export it below and in ``__all__``, and call it from the front end's command.  The front end keeps
only parsing, prompting and printing.  Keep each module under ~400 lines.
"""

from __future__ import annotations

from ._admin import Configured, Repaired, admin_status, configure, describe_config, repair
from ._history import export_history, purge_history
from ._fleet import check_fleet_root, enrol, is_fleet_refusal, push_audit, subscribe, sync_trust
from ._input import (MAX_IMAGE_PIXELS, WORKING_PIXELS, Arrival, CameraInfo, CodeReader, CodesInView,
                     DecodedSymbol, FpsMeter, FrameSource, HeldCodePace, LatestFrameSlot, LiveScanner, OpenCvSource,
                     ScannerBurstDetector, check_picture_size, create_reader, iter_file_frames, list_cameras,
                     load_image, load_image_bytes, looping_video)
from ._records import (KNOWN_CATEGORIES, RESOLUTIONS, AdminLock, AdminRequired, AdminSession, AuditEntry, AuditLog,
                       ConfigInvalid, RootPreview, StationConfig, StationSettings, StationStore, StatusImport,
                       SyncState, config_path, default_operator, export_csv, export_jsonl, guarded_changes,
                       ignored_override, is_status_file, load_config, receipt_html, salvage_config, save_config,
                       sync_state, without_guarded_changes)
from ._station import Station, trust_info
from ._values import (BARCODE_PREFIX, MAX_TEXT_CHARS, QR_PREFIX, Clock, Field, FixedClock, Licence, Listing,
                      LoadProblem, Policy, Reason, Role, RoleProfile, Severity, SystemClock, TrustSnapshot,
                      TrustState, VerificationResult, Verdict, Verifier, certs, licence_json, listing, profile,
                      reason_params, status_words, title, words)

__all__ = [
    # the station and its services
    "Station", "trust_info", "Configured", "Repaired", "admin_status", "configure", "describe_config", "repair",
    "check_fleet_root", "enrol", "push_audit", "is_fleet_refusal", "subscribe", "sync_trust", "export_history", "purge_history",
    # records and settings
    "KNOWN_CATEGORIES", "RESOLUTIONS", "AdminLock", "AdminRequired", "AdminSession", "AuditEntry", "AuditLog",
    "ConfigInvalid", "RootPreview", "StationConfig", "StationSettings", "StationStore", "StatusImport", "SyncState",
    "config_path", "default_operator", "export_csv", "export_jsonl", "guarded_changes", "ignored_override",
    "is_status_file", "load_config", "receipt_html", "salvage_config", "save_config", "sync_state",
    "without_guarded_changes",
    # values and words
    "BARCODE_PREFIX", "MAX_TEXT_CHARS", "QR_PREFIX", "Clock", "Field", "FixedClock", "Licence", "Listing",
    "LoadProblem", "Policy", "Reason", "Role", "RoleProfile", "Severity", "SystemClock", "TrustSnapshot",
    "TrustState", "VerificationResult", "Verdict", "Verifier", "certs", "licence_json", "listing", "profile",
    "reason_params", "status_words", "title", "words",
    # input
    "MAX_IMAGE_PIXELS", "WORKING_PIXELS", "Arrival", "CameraInfo", "CodeReader", "CodesInView", "DecodedSymbol",
    "FpsMeter", "FrameSource", "HeldCodePace", "LatestFrameSlot", "LiveScanner", "OpenCvSource",
    "ScannerBurstDetector", "check_picture_size", "create_reader", "iter_file_frames", "list_cameras",
    "load_image", "load_image_bytes", "looping_video",
]
