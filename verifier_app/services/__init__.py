"""The station facade: everything the window (``qt/``) and the command line (``cli/``) use of a station.

Front ends import this package, ``verifier_app.scan`` (the one scan service and its events),
``errors``, ``versions``, ``resources_path``, ``printing`` and ``demo``, and their own modules —
never ``station``, ``verify``, ``decode``, ``dl1``, ``fleet``, ``central`` or ``issuer`` directly, nor
this package's private modules (import-linter contracts in pyproject.toml hold them to it).  The
trust store (``StationStore``) and the audit log (``AuditLog``) are not exported: a front end holds
a ``Station`` and a ``History`` and gets values back.  What it offers:

- ``Station`` (``_station``): a station opened from its data folder (``Station.open``) — its config
  (``config``, ``save_config``), admin lock, fleet sync state; its policy, verifier and the scan
  service recording into its history (``Station.scan_service``); ``describe_trust`` (``trust show``).
- trust (``_trust``, ``Station.trust``, a ``StationTrust``): ``snapshot``, ``info``, ``scope``,
  ``preview_root``, ``install_root``, ``installed_roots``, ``find_root``, ``remove_root`` (roots come
  back as ``RootPreview``), ``import_file`` (a bundle, status list or delta: ``BundleImport`` or
  ``StatusImport``).  Changes run after the front end checked the administrator.
- history (``_history``, ``Station.open_history()``, a ``History``): ``search``, ``entry``, ``export``
  (CSV or JSON lines), ``receipt_html``, ``purge`` (retention), ``verify_chain``; rows are
  ``AuditEntry`` values.
- administration (``_admin``): ``configure``, ``repair``, ``admin_status``, ``describe_config``;
  asking for the passphrase stays with the front end (prompt or dialog), these run after it.
- the fleet's station side (``_fleet``): ``check_fleet_root``, ``subscribe``, ``sync_trust``,
  ``is_fleet_refusal`` (TUF is loaded only when one runs); ``enrol`` and ``push_audit`` (the audit
  rows collected in the operator's PostgreSQL; psycopg is loaded only then).
- records and settings (``_records``): ``AuditEntry``, ``ChainReport``, ``RootPreview``,
  ``StatusImport``, ``AdminLock``, station.json, the window's ``StationSettings``, the sync state.
- values and words (``_values``): ``Verdict``, ``VerificationResult``, reasons, ``Role``/``profile``,
  clocks, the core's sentences (``words``, i.e. ``verify/text.py``), certificate fingerprints.
- input (``_input``): what decode/ offers a front end: file frames, cameras, live frames, scanner
  bursts, ``create_reader``.

Adding a station service (e.g. ``verifier audit push`` or the operator's ``verifier-central``
commands): write it as a function taking the ``Station``, or a method of ``Station``,
``StationTrust`` or ``History``, in a private module here (``_push.py``, importing from station/,
fleet/, central/ as needed; import heavy libraries inside the function), export it below and in
``__all__``, and call it from the front end's command.  Give it keyword-only arguments and return
values (frozen dataclasses), not the store or the log.  The front end keeps only parsing, prompting
and printing.  Keep each module under ~400 lines.
"""

from __future__ import annotations

from ._admin import Configured, Repaired, admin_status, configure, describe_config, repair
from ._history import History
from ._fleet import check_fleet_root, enrol, is_fleet_refusal, push_audit, subscribe, sync_trust
from ._input import (MAX_IMAGE_PIXELS, WORKING_PIXELS, Arrival, CameraInfo, CodeReader, CodesInView,
                     DecodedSymbol, FpsMeter, FrameSource, HeldCodePace, LatestFrameSlot, LiveScanner, OpenCvSource,
                     ScannerBurstDetector, check_picture_size, create_reader, iter_file_frames, list_cameras,
                     load_image, load_image_bytes, looping_video)
from ._records import (KNOWN_CATEGORIES, RESOLUTIONS, AdminLock, AdminRequired, AdminSession, AuditEntry, ChainReport,
                       ConfigInvalid, StationConfig, StationSettings, StatusImport, SyncState, config_path,
                       default_operator, guarded_changes, ignored_override, load_config, salvage_config, save_config,
                       without_guarded_changes)
from ._station import Station
from ._trust import BundleImport, RootPreview, StationTrust, is_status_file
from ._values import (BARCODE_PREFIX, MAX_TEXT_CHARS, QR_PREFIX, Clock, Field, FixedClock, Licence, Listing,
                      LoadProblem, Policy, Reason, Role, RoleProfile, Severity, SystemClock, TrustSnapshot,
                      TrustState, VerificationResult, Verdict, Verifier, certs, licence_json, listing, profile,
                      reason_params, status_words, title, words)

__all__ = [
    # the station and its services
    "Station", "StationTrust", "BundleImport", "History", "Configured", "Repaired", "admin_status", "configure",
    "describe_config", "repair", "check_fleet_root", "enrol", "push_audit", "is_fleet_refusal", "subscribe",
    "sync_trust",
    # records and settings
    "KNOWN_CATEGORIES", "RESOLUTIONS", "AdminLock", "AdminRequired", "AdminSession", "AuditEntry", "ChainReport",
    "ConfigInvalid", "RootPreview", "StationConfig", "StationSettings", "StatusImport", "SyncState",
    "config_path", "default_operator", "guarded_changes", "ignored_override", "is_status_file", "load_config",
    "salvage_config", "save_config", "without_guarded_changes",
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
