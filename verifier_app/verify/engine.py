"""The verification engine: one scanned text in, one immutable verdict out.

Built with keyword-only arguments and everything injected — the trust
snapshot, the policy and the clock — in the style of cryptography's
``PolicyBuilder``.  The clock is read once per verification, at the top, so
a result's times are consistent and tests control time completely.

Order of checks, and why:
1. form (prefix, Base45, zlib, COSE, claims): a defect stops everything;
2. authenticity (known key, not revoked, signature, chain, validity at
   ``iat``, issuer): a failure stops everything, and the licence fields are
   *not* returned, so a forged name is never shown as if it were real;
3. everything else is collected, so the operator sees every problem at once.

What it returns (VerificationResult, Verdict, CodeKind) is in ``result``, re-exported here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from verifier_app.dl1 import certs
from verifier_app.dl1.bundle import VerifiedBundle
from verifier_app.verify.clock import Clock, SystemClock, utc_from_timestamp
from verifier_app.dl1.cose import verify_signature
from verifier_app.dl1.credential import (
    BARCODE_PREFIX,
    Licence,
    LicenceStatus,
    ParsedCredential,
    parse_barcode_text,
    parse_credential,
)
from verifier_app.errors import CredentialFormatError
from verifier_app.verify.policy import Policy
from verifier_app.verify.reasons import Reason, ReasonCode, reason
from verifier_app.verify.result import BundleInfo, CodeKind, SignerInfo, VerificationResult, Verdict, verdict_of
from verifier_app.verify.status_check import status_list_reasons
from verifier_app.verify.trust import SignerEntry, TrustSnapshot, TrustState

# The result's names are imported from here too (the engine is where a verdict comes from).
__all__ = ["BundleInfo", "CodeKind", "SignerInfo", "VerificationResult", "Verdict", "Verifier"]


_STATUS_REASON = {
    LicenceStatus.SUSPENDED: ReasonCode.STATUS_SUSPENDED,
    LicenceStatus.REVOKED: ReasonCode.STATUS_REVOKED,
    LicenceStatus.CANCELLED: ReasonCode.STATUS_CANCELLED,
    LicenceStatus.OVERDUE_INSPECTION: ReasonCode.STATUS_OTHER,
    LicenceStatus.OVERDUE_RENEWAL: ReasonCode.STATUS_OTHER,
}


@dataclass(frozen=True)
class _Context:
    now: dt.datetime
    today: dt.date
    text_hash: str
    trust_state: TrustState
    base_reasons: tuple[Reason, ...] = field(default=())


class Verifier:
    """Verifies scanned texts against one trust snapshot and policy.

    ``local_tz`` decides which calendar day "today" is for licence dates;
    None means the station's own time zone.
    """

    def __init__(
        self,
        *,
        trust: TrustSnapshot,
        policy: Policy | None = None,
        clock: Clock | None = None,
        local_tz: dt.tzinfo | None = None,
        demo_roots: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        self.trust = trust
        self.demo_roots = frozenset(demo_roots)
        self.policy = policy or Policy()
        self.clock = clock or SystemClock()
        self.local_tz = local_tz

    # ---------------------------------------------------------------- entry

    def verify(self, text: str) -> VerificationResult:
        now = self.clock.now()
        if now.tzinfo is None:
            raise ValueError("the clock must give an aware datetime")
        text = text.strip()
        ctx = self._context(now, text)
        if text.startswith(BARCODE_PREFIX):
            return self._verify_barcode(text, ctx)
        try:
            parsed = parse_credential(text)
        except CredentialFormatError as exc:
            return self._result(ctx, [reason(ReasonCode(exc.code), detail=exc.message)], CodeKind.UNKNOWN)
        return self._verify_credential(parsed, ctx)

    def no_code(self, where: str) -> VerificationResult:
        """The NO_CODE outcome for an image or video in which no code was read."""
        ctx = self._context(self.clock.now(), "")
        return self._result(ctx, [reason(ReasonCode.NO_CODE_FOUND, input=where)], CodeKind.UNKNOWN)

    def too_long(self, length: int, limit: int, text_sha256: str) -> VerificationResult:
        """The verdict on a line too long to be one scan, judged without its text.

        The caller read it in bounded memory and kept only its length and
        hash (the hash identifies the input in the audit log, as any text's does).
        """
        ctx = replace(self._context(self.clock.now(), ""), text_hash=text_sha256)
        return self._result(ctx, [reason(ReasonCode.INPUT_TOO_LONG, length_chars=length, limit_chars=limit)],
                            CodeKind.UNKNOWN)

    # -------------------------------------------------------------- helpers

    def _context(self, now: dt.datetime, text: str) -> _Context:
        return _Context(
            now=now,
            today=now.astimezone(self.local_tz).date(),
            text_hash=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            trust_state=self.trust.state(now),
            base_reasons=tuple(self._clock_reasons(now)),
        )

    def _result(self, ctx: _Context, reasons: list[Reason], kind: CodeKind, **fields: Any) -> VerificationResult:
        # Clock problems are listed first: while the clock is wrong nothing
        # else about freshness can be judged.
        all_reasons = list(ctx.base_reasons) + reasons
        return VerificationResult(
            verdict=verdict_of(all_reasons),
            reasons=tuple(all_reasons),
            kind=kind,
            checked_at=ctx.now,
            credential_hash=ctx.text_hash,
            trust_state=ctx.trust_state,
            **fields,
        )

    def _clock_reasons(self, now: dt.datetime) -> list[Reason]:
        skew = self.policy.clock_skew_s
        ts = now.timestamp()
        out = []
        floor = self.trust.newest_bundle_issued_at
        if floor is not None and ts < floor - skew:
            out.append(reason(ReasonCode.CLOCK_UNTRUSTED, floor="bundle_issued",
                              floor_at=utc_from_timestamp(int(floor))))
        seen = self.trust.newest_accepted_iat
        if seen is not None and ts < seen - skew:
            out.append(reason(ReasonCode.CLOCK_UNTRUSTED, floor="code_accepted",
                              floor_at=utc_from_timestamp(int(seen))))
        return out[:1]

    def _stale_warning(self, bundle: VerifiedBundle | None, now: dt.datetime) -> list[Reason]:
        if bundle is not None and now > bundle.content.next_update_utc:
            return [reason(ReasonCode.TRUST_BUNDLE_STALE, next_update=bundle.content.next_update_utc)]
        return []

    def _listing_reasons(
        self, number: str, within: VerifiedBundle | None = None
    ) -> tuple[list[Reason], VerifiedBundle | None]:
        found = self.trust.document_status(number, within=within)
        if found is None:
            return [], None
        entry, bundle = found
        if entry.status is LicenceStatus.VALID:
            return [], bundle
        return [reason(ReasonCode.DOCUMENT_LISTED, number=number, status=entry.status.value,
                       since=entry.since)], bundle

    # -------------------------------------------------------------- barcode

    def _verify_barcode(self, text: str, ctx: _Context) -> VerificationResult:
        try:
            number = parse_barcode_text(text)
        except CredentialFormatError as exc:
            return self._result(ctx, [reason(ReasonCode.MALFORMED, detail=exc.message)], CodeKind.BARCODE)
        # A listing is the authority's signed word about this number, so it
        # makes the verdict INVALID even though the barcode proves nothing.
        listed, bundle = self._listing_reasons(number)
        reasons = [reason(ReasonCode.BARCODE_ONLY)] + listed + self._stale_warning(bundle, ctx.now)
        return self._result(ctx, reasons, CodeKind.BARCODE, document_number=number,
                            bundle=BundleInfo.of(bundle) if bundle else None)

    # ------------------------------------------------------------ credential

    def _find_signer(self, parsed: ParsedCredential) -> tuple[SignerEntry | None, list[Reason]]:
        kid = parsed.message.kid or b""
        entries = self.trust.signers_by_kid.get(kid, ())
        if not self.trust.bundles:  # the station is not set up: NOT VERIFIED, not a verdict on the licence
            return None, [reason(ReasonCode.NO_TRUST_INSTALLED)]
        if not entries:
            return None, [reason(ReasonCode.UNKNOWN_KEY, kid=kid.hex())]
        # A revocation in any installed bundle counts: another authority's
        # bundle that still lists the certificate must not un-revoke it.
        if kid in self.trust.revoked_kids:
            return entries[0], [reason(ReasonCode.SIGNER_REVOKED)]
        live = entries
        # Several certificates may share a kid (it is only 8 bytes): try each.
        for entry in live:
            if verify_signature(parsed.message, entry.certificate.public_key()):
                return entry, []
        return None, [reason(ReasonCode.SIGNATURE_INVALID)]

    def _authenticity(self, parsed: ParsedCredential, entry: SignerEntry) -> list[Reason]:
        cert = entry.certificate
        presentation = parsed.presentation
        # The signer must chain to the root of the bundle that lists it (not
        # merely to some installed root), and that root must still be installed.
        root = entry.bundle.root
        if (root not in self.trust.roots or not certs.issued_by(cert, root)
                or not certs.has_usage(cert, certs.EKU_CREDENTIAL_SIGNING)):
            return [reason(ReasonCode.UNTRUSTED_CHAIN)]
        iat = utc_from_timestamp(presentation.issued_at)
        if not certs.valid_at(root, iat):
            return [reason(ReasonCode.UNTRUSTED_CHAIN)]
        if not certs.valid_at(cert, iat):
            return [reason(ReasonCode.SIGNER_NOT_VALID_AT_IAT, not_before=cert.not_valid_before_utc,
                           not_after=cert.not_valid_after_utc, generated_at=iat)]
        signer_code = certs.authority_code(cert)
        if signer_code != presentation.issuer:
            return [reason(ReasonCode.ISSUER_MISMATCH, claimed=presentation.issuer, signer=signer_code)]
        return []

    def _freshness(self, parsed: ParsedCredential, now: dt.datetime) -> tuple[float, list[Reason]]:
        p = parsed.presentation
        skew, max_age = self.policy.clock_skew_s, self.policy.max_qr_age_s
        age = now.timestamp() - p.issued_at
        out = []
        if age < -skew:
            out.append(reason(ReasonCode.QR_FROM_FUTURE, ahead_s=round(-age, 1)))
        elif age > max_age + skew:
            out.append(reason(ReasonCode.QR_STALE, age_s=round(age, 1), limit_s=max_age))
        if now.timestamp() > p.expires_at + skew:
            out.append(reason(ReasonCode.PRESENTATION_EXPIRED, expired_at=utc_from_timestamp(p.expires_at)))
        return age, out

    def _licence_reasons(self, licence: Licence, today: dt.date) -> list[Reason]:
        out = []
        if today > licence.expiry_date:
            out.append(reason(ReasonCode.LICENCE_EXPIRED, date=licence.expiry_date))
        if today < licence.issue_date:
            out.append(reason(ReasonCode.LICENCE_NOT_YET_VALID, date=licence.issue_date))
        status_code = _STATUS_REASON.get(licence.status)
        if status_code is not None:
            out.append(reason(status_code, status=licence.status.value))
        wanted = (self.policy.required_category or "").strip().upper()
        if wanted:
            matching = [p for p in licence.driving_privileges
                        if p.vehicle_category_code.strip().upper() == wanted]
            if not matching:
                out.append(reason(ReasonCode.CATEGORY_MISSING, category=wanted, lapsed=False))
            elif not any(p.covers(today) for p in matching):
                out.append(reason(ReasonCode.CATEGORY_MISSING, category=wanted, lapsed=True))
        return out

    def _verify_credential(self, parsed: ParsedCredential, ctx: _Context) -> VerificationResult:
        p = parsed.presentation
        common: dict[str, Any] = dict(
            issuer=p.issuer,
            document_number=None,
            generated_at=utc_from_timestamp(p.issued_at),
            expires_at=utc_from_timestamp(p.expires_at),
            presentation_id=p.presentation_id.hex(),
            max_age_s=self.policy.max_qr_age_s,
        )
        entry, problems = self._find_signer(parsed)
        if entry is not None and not problems:
            problems = self._authenticity(parsed, entry)
        if entry is not None:
            common.update(signer=SignerInfo.of(entry.certificate), bundle=BundleInfo.of(entry.bundle),
                          is_demo=entry.bundle.root_fingerprint in self.demo_roots)
        if problems:
            # Not authentic: report times only as "claimed" and show no licence.  A code generated
            # before its signer's (or root's) validity, or long before now, is first of all old:
            # name that (refresh the code) before the chain, whose advice would be to install a
            # root that is already installed.
            if entry is not None and problems[0].code in (ReasonCode.UNTRUSTED_CHAIN,
                                                          ReasonCode.SIGNER_NOT_VALID_AT_IAT):
                _, stale = self._freshness(parsed, ctx.now)
                problems = [r for r in stale if r.code is ReasonCode.QR_STALE] + problems
            return self._result(ctx, problems, CodeKind.QR, **common)

        assert entry is not None  # no signer is always a problem, handled above
        age, reasons = self._freshness(parsed, ctx.now)
        licence = p.licence
        reasons += self._licence_reasons(licence, ctx.today)
        listed, _ = self._listing_reasons(licence.document_number, within=entry.bundle)
        reasons += listed
        reasons += status_list_reasons(self.trust, p, ctx.now, self.local_tz)
        reasons += self._stale_warning(entry.bundle, ctx.now)
        common.update(document_number=licence.document_number, licence=licence, age_s=age)
        return self._result(ctx, reasons, CodeKind.QR, **common)
