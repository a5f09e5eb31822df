"""One row of the audit log, as read back: its columns and the fields its hash covers.

Its own module so that the chain (``audit_chain``), the anchor (``audit_anchor``) and the log
(``audit``) all build on it without importing one another in a circle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from verifier_app.station.evidence.audit_schema import LATER_COLUMNS

COLUMNS = (
    "id", "kind", "at", "station_id", "operator", "source", "role", "verdict", "reasons", "credential_sha256",
    "presentation_id", "signer_kid", "issuer", "bundle_sequence", "generated_at", "age_s", "document_ref",
    "document_key", "demo", "details", "prev_hash", "hash", "trust_scope", "os_login",
)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    kind: str  # "verification" or "checkpoint"
    at: str  # ISO 8601, UTC
    station_id: str
    operator: str
    source: str
    role: str
    verdict: str
    reasons: str  # reason codes, space-separated
    credential_sha256: str
    presentation_id: str
    signer_kid: str
    issuer: str
    bundle_sequence: int | None
    generated_at: str
    age_s: float | None
    document_ref: str  # as the role allows: full (checkpoint) or masked
    document_key: str  # keyed hash, for search only
    demo: int
    details: str  # JSON; a checkpoint's facts about what it purged
    prev_hash: str
    hash: str
    trust_scope: str = ""  # paths.TrustScope: "system", "per_user" or "demo" ("" in rows older than the field)
    os_login: str = ""  # the operating-system account that wrote the row ("" likewise); ``operator`` is free text

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(self.reasons.split()) if self.reasons else ()

    @property
    def at_datetime(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at)

    def hashed_fields(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("hash")
        for name in LATER_COLUMNS:
            if not data[name]:
                data.pop(name)  # a row older than the field (audit_schema.py): hashed as it was written
        return data

    def to_export(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("document_key")  # the search key stays on the station
        return data
