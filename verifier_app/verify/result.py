"""What a verification returns: the verdict, its reasons and the facts shown with them, immutable.

Apart from the engine (``engine``) because everything downstream reads a result (the scan service,
the audit log, receipts, the window, the CLI's JSON) and none of them needs the checks that made it;
``verdict_of`` is the one rule that turns reasons into a verdict.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from verifier_app.dl1 import certs
from verifier_app.dl1.bundle import VerifiedBundle
from verifier_app.dl1.credential import Licence
from verifier_app.verify.reasons import Reason, ReasonCode, Severity
from verifier_app.verify.trust import TrustState


class Verdict(str, enum.Enum):
    VALID = "valid"
    INVALID = "invalid"
    UNVERIFIED = "unverified"
    # Not a verdict on any licence: nothing readable was in the picture.
    NO_CODE = "no_code"


class CodeKind(str, enum.Enum):
    QR = "qr"  # a signed DL1 credential
    BARCODE = "barcode"  # DLN: licence number only
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SignerInfo:
    kid: str
    subject: str
    authority_code: str | None
    not_before: dt.datetime
    not_after: dt.datetime
    organisation: str | None = None

    @classmethod
    def of(cls, cert: x509.Certificate) -> "SignerInfo":
        return cls(
            certs.kid_of(cert).hex(),
            certs.subject_text(cert),
            certs.authority_code(cert),
            cert.not_valid_before_utc,
            cert.not_valid_after_utc,
            certs.organisation(cert),
        )


@dataclass(frozen=True)
class BundleInfo:
    authority: str
    sequence: int
    issued_at: dt.datetime
    next_update: dt.datetime
    root_fingerprint: str

    @classmethod
    def of(cls, bundle: VerifiedBundle) -> "BundleInfo":
        c = bundle.content
        return cls(c.authority, c.sequence, c.issued_at_utc, c.next_update_utc, bundle.root_fingerprint)


@dataclass(frozen=True)
class VerificationResult:
    verdict: Verdict
    reasons: tuple[Reason, ...]
    kind: CodeKind
    checked_at: dt.datetime
    credential_hash: str  # SHA-256 of the scanned text: identifies a scan without keeping it
    document_number: str | None = None
    licence: Licence | None = None  # only when the credential is authentic
    issuer: str | None = None
    generated_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    age_s: float | None = None
    max_age_s: int | None = None
    presentation_id: str | None = None
    signer: SignerInfo | None = None
    bundle: BundleInfo | None = None
    trust_state: TrustState = TrustState.MISSING
    is_demo: bool = False  # signed under a demo authority's root: show a DEMO watermark

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code.value for r in self.reasons)

    def to_json(self, *, lang: str = "en", include_portrait: bool = False) -> dict[str, Any]:
        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "verdict": self.verdict.value,
            "kind": self.kind.value,
            "reasons": [r.to_json(lang) for r in self.reasons],
            "licence": self.licence.to_json(include_portrait=include_portrait) if self.licence else None,
            "document_number": self.document_number,
            "issuer": self.issuer,
            "generated_at": iso(self.generated_at),
            "expires_at": iso(self.expires_at),
            "checked_at": iso(self.checked_at),
            "age_s": None if self.age_s is None else round(self.age_s, 1),
            "max_age_s": self.max_age_s,
            "presentation_id": self.presentation_id,
            "credential_sha256": self.credential_hash,
            "signer": None
            if self.signer is None
            else {
                "kid": self.signer.kid,
                "subject": self.signer.subject,
                "authority": self.signer.authority_code,
                "not_before": iso(self.signer.not_before),
                "not_after": iso(self.signer.not_after),
            },
            "bundle": None
            if self.bundle is None
            else {
                "authority": self.bundle.authority,
                "sequence": self.bundle.sequence,
                "issued_at": iso(self.bundle.issued_at),
                "next_update": iso(self.bundle.next_update),
                "root_sha256": self.bundle.root_fingerprint,
            },
            "trust_state": self.trust_state.value,
            "demo": self.is_demo,
        }


def verdict_of(reasons: list[Reason]) -> Verdict:
    """The verdict the reasons add up to: NO_CODE when nothing was read, else the worst severity decides."""
    if any(r.code is ReasonCode.NO_CODE_FOUND for r in reasons):
        return Verdict.NO_CODE  # says nothing about a licence, whatever else is listed
    severities = {r.severity for r in reasons}
    if Severity.ERROR in severities:
        return Verdict.INVALID
    if Severity.LIMITATION in severities:
        return Verdict.UNVERIFIED
    return Verdict.VALID
