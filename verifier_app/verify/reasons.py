"""Stable reason codes, with what each means to an operator and what to do.

The codes are an interface: logs, JSON output and other programs match on
them, so a code is never renamed.  A reason carries facts, not words: its
parameters are numbers (seconds), dates, times, status values and category
codes.  ``verifier_app.verify.text`` turns them into plain-language messages
and actions in English and Simplified Chinese.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from verifier_app.verify import text
from verifier_app.verify.text import LANGUAGES, ParamValue


class Severity(enum.Enum):
    ERROR = "error"  # the verdict is INVALID
    LIMITATION = "limitation"  # authenticity can't be proven: NOT VERIFIED
    WARNING = "warning"  # shown, does not change the verdict


class ReasonCode(str, enum.Enum):
    MALFORMED = "malformed"
    UNSUPPORTED_FORMAT = "unsupported_format"
    NO_CODE_FOUND = "no_code_found"
    # A line on the command line's stdin too long to be one scan: judged unread, never kept.
    INPUT_TOO_LONG = "input_too_long"
    SIGNATURE_INVALID = "signature_invalid"
    UNKNOWN_KEY = "unknown_key"
    SIGNER_REVOKED = "signer_revoked"
    SIGNER_NOT_VALID_AT_IAT = "signer_not_valid_at_iat"
    UNTRUSTED_CHAIN = "untrusted_chain"
    ISSUER_MISMATCH = "issuer_mismatch"
    QR_STALE = "qr_stale"
    QR_FROM_FUTURE = "qr_from_future"
    PRESENTATION_EXPIRED = "presentation_expired"
    LICENCE_EXPIRED = "licence_expired"
    LICENCE_NOT_YET_VALID = "licence_not_yet_valid"
    STATUS_SUSPENDED = "status_suspended"
    STATUS_REVOKED = "status_revoked"
    STATUS_CANCELLED = "status_cancelled"
    STATUS_OTHER = "status_other"
    DOCUMENT_LISTED = "document_listed"
    CATEGORY_MISSING = "category_missing"
    BARCODE_ONLY = "barcode_only"
    TRUST_BUNDLE_STALE = "trust_bundle_stale"
    # The authority's Token Status List (docs/format.md §14) marks the code's entry as not valid.
    STATUS_LISTED = "status_listed"
    # The code points into a status list this station lacks, or holds only past its expiry: graded like
    # a stale bundle (a warning that never decides alone).
    STATUS_LIST_MISSING = "status_list_missing"
    STATUS_LIST_STALE = "status_list_stale"
    CLOCK_UNTRUSTED = "clock_untrusted"
    # The station has no trust data at all: a fact about the station, not the licence.
    NO_TRUST_INSTALLED = "no_trust_installed"

    @property
    def severity(self) -> Severity:
        if self in (ReasonCode.BARCODE_ONLY, ReasonCode.NO_TRUST_INSTALLED):
            return Severity.LIMITATION
        if self in (ReasonCode.TRUST_BUNDLE_STALE, ReasonCode.STATUS_LIST_MISSING, ReasonCode.STATUS_LIST_STALE):
            return Severity.WARNING
        return Severity.ERROR

    @property
    def is_authenticity_failure(self) -> bool:
        """The credential's content can't be trusted at all: don't show it."""
        return self in _AUTHENTICITY


_AUTHENTICITY = frozenset(
    {
        ReasonCode.MALFORMED,
        ReasonCode.UNSUPPORTED_FORMAT,
        ReasonCode.INPUT_TOO_LONG,
        ReasonCode.SIGNATURE_INVALID,
        ReasonCode.UNKNOWN_KEY,
        ReasonCode.SIGNER_REVOKED,
        ReasonCode.SIGNER_NOT_VALID_AT_IAT,
        ReasonCode.UNTRUSTED_CHAIN,
        ReasonCode.ISSUER_MISMATCH,
        ReasonCode.NO_TRUST_INSTALLED,  # nothing to check the signature against: show nothing from it
    }
)

# Kept for the window and receipts: short titles and status names, from the one text module.
TITLES: dict[ReasonCode, tuple[str, str]] = {code: text.REASON_TITLES[code.value] for code in ReasonCode}
STATUS_NAMES: dict[str, dict[str, str]] = {
    lang: {status: pair[i] for status, pair in text.STATUSES.items()} for i, lang in enumerate(LANGUAGES)
}


def title(code: str, lang: str = "en") -> str:
    """A reason code's short title (``qr_stale`` -> "Code too old (possibly a screenshot)")."""
    return text.reason_title(code, lang)


# Parameters that are the format parser's technical words, not an operator's.
_TECHNICAL = ("detail",)


@dataclass(frozen=True)
class Reason:
    """One finding of a verification: a stable code plus the facts behind it.

    ``params`` hold structured values (seconds as numbers, dates, aware
    datetimes, status values, category codes), never sentences; see
    docs/format.md section 12 for each code's parameters.
    """

    code: ReasonCode
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def severity(self) -> Severity:
        return self.code.severity

    @property
    def technical_detail(self) -> str | None:
        """The parser's own words (English) about a malformed code: for a "Details" disclosure."""
        value = next((self.params[k] for k in _TECHNICAL if k in self.params), None)
        return None if value is None else str(value)

    def message(self, lang: str = "en") -> str:
        return text.reason_message(self.code.value, self.params, lang)

    def action(self, lang: str = "en") -> str:
        return text.reason_action(self.code.value, self.params, lang)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message(lang),
            "action": self.action(lang),
            "params": text.json_params(self.params),
        }


def reason(code: ReasonCode, **params: ParamValue) -> Reason:
    return Reason(code, params)


@dataclass(frozen=True)
class Listing:
    """The authority's status list's word on a licence: its status and since when."""

    status: str
    since: dt.date | None


def listing(reasons: Iterable[Reason]) -> Listing | None:
    """The authority's listing behind a ``document_listed`` (bundle) or ``status_listed`` (Token Status
    List) reason, if any; a status list says as of when it was issued, not since when, so no date.

    Every field that shows a licence's status takes it from here first: the
    code's own claim ("valid" until the holder's app refreshes it) must not
    read as the status under an INVALID verdict that the listing caused.
    """
    for r in reasons:
        if r.code is ReasonCode.DOCUMENT_LISTED:
            status, since = r.params.get("status"), r.params.get("since")
            return Listing(str(status), since if isinstance(since, dt.date) else None)
    for r in reasons:
        if r.code is ReasonCode.STATUS_LISTED:
            return Listing(str(r.params.get("status")), None)
    return None


def status_words(claimed: str | None, reasons: Iterable[Reason], lang: str = "en") -> str:
    """A licence's status field in words, the listing first: ``revoked since 2026-10-01 (the code says: valid)``.

    ``claimed`` is the code's own status value (None for a barcode, which claims nothing).
    """
    listed = listing(reasons)
    return text.licence_status_text(claimed, lang, listed=None if listed is None else listed.status,
                                    since=None if listed is None else listed.since)


__all__ = ["LANGUAGES", "STATUS_NAMES", "TITLES", "Listing", "Reason", "ReasonCode", "Severity", "listing", "reason",
           "status_words", "title"]
