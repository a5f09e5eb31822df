"""What each kind of audit row holds: a verification, an administrator's action, a retention
checkpoint, and a note the log writes about itself.

Apart from the log (``audit``), which knows SQLite, the lock, the chain and the anchor but not what a
verdict is: here a verification becomes the few facts a row may keep (minimising personal data: the
licence number only as the role allows, searchable only through the station's keyed hash), and every
other kind is a blank row with its own facts.  The log adds ``id``, ``prev_hash``, ``hash``,
``trust_scope`` and ``os_login`` when it inserts the row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable

from verifier_app.station.evidence.audit_entry import AuditEntry
from verifier_app.station.roles import Role, profile
from verifier_app.verify.engine import CodeKind, VerificationResult

_ADDED_ON_INSERT = ("id", "prev_hash", "hash")


def utc_text(when: dt.datetime) -> str:
    """A row's time: ISO 8601 in UTC, to the second (rows sort and search by this text)."""
    return when.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def blank_row() -> dict[str, Any]:
    """Every field a row's writer fills, blank by its type: fields added to rows later need no change here."""
    blank: dict[str, Any] = {}
    for name, field in AuditEntry.__dataclass_fields__.items():
        kind = str(field.type)
        blank[name] = None if "None" in kind else 0 if kind in ("int", "float") else ""
    for name in _ADDED_ON_INSERT:
        blank.pop(name)
    return blank


def verification_row(result: VerificationResult, *, station_id: str, operator: str, source: str, role: Role,
                     at: dt.datetime | None, details: dict[str, Any] | None,
                     document_key: Callable[[str], str], keyed_hash: Callable[[str], str]) -> dict[str, Any]:
    """One verification's row: ``document_key`` is the number's searchable keyed hash, ``keyed_hash``
    the station's keyed hash of any other text."""
    number = result.document_number or (result.licence.document_number if result.licence else None)
    if number is None:
        ref = key = ""
    else:
        ref = profile(role).document_number(number) or ""  # the role's form, as on screen and receipts
        key = document_key(number)
    return {
        "kind": "verification",
        "at": utc_text(at or result.checked_at),
        "station_id": station_id,
        "operator": operator,
        "source": source,
        "role": role.value,
        "verdict": result.verdict.value,
        "reasons": " ".join(result.codes),
        # A signed code holds 16 random bytes, so its SHA-256 reveals nothing; a barcode or
        # typed number does not, so those get the station's keyed hash instead.
        "credential_sha256": result.credential_hash if result.kind is CodeKind.QR else
        keyed_hash(result.credential_hash),
        "presentation_id": result.presentation_id or "",
        "signer_kid": result.signer.kid if result.signer else "",
        "issuer": (result.signer.authority_code or "") if result.signer else "",
        "bundle_sequence": result.bundle.sequence if result.bundle else None,
        "generated_at": result.generated_at.isoformat(timespec="seconds") if result.generated_at else "",
        "age_s": None if result.age_s is None else round(result.age_s, 1) + 0.0,  # never -0.0
        "document_ref": ref,
        "document_key": key,
        "demo": int(result.is_demo),
        "details": json.dumps(details or {}, sort_keys=True),
    }


def admin_row(action: str, details: dict[str, Any], *, station_id: str, operator: str,
              at: dt.datetime) -> dict[str, Any]:
    """An administrator's action (``source`` names it); the authority and bundle number searchable."""
    return {**blank_row(), "kind": "admin", "at": utc_text(at), "station_id": station_id, "operator": operator,
            "source": action, "issuer": str(details.get("authority", "")),
            "bundle_sequence": details.get("sequence"),
            "details": json.dumps(details, sort_keys=True, ensure_ascii=False)}


def checkpoint_row(facts: dict[str, Any], *, station_id: str, operator: str, at: dt.datetime) -> dict[str, Any]:
    """Retention's checkpoint: what it purged, committing to the hash of the last row removed."""
    return {**blank_row(), "kind": "checkpoint", "at": utc_text(at), "station_id": station_id,
            "operator": operator, "source": "retention", "details": json.dumps(facts, sort_keys=True)}


def note_row(source: str, details: dict[str, Any], *, station_id: str, at: str) -> dict[str, Any]:
    """A row the log writes about itself (kind ``admin``, operator ``verifier``)."""
    return {**blank_row(), "kind": "admin", "source": source, "operator": "verifier", "station_id": station_id,
            "at": at, "details": json.dumps(details, sort_keys=True)}
