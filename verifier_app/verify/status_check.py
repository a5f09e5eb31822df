"""C7: a code's entry in its authority's Token Status List (draft-ietf-oauth-status-list).

A code generated before a suspension still *says* valid; the authority's list, imported since,
knows better.  A code with no status reference is judged as before.  A reference the station can't
follow (no list of that authority for that URI, or no such entry) and a list past its expiry are
warnings, graded like a stale trust bundle: shown, never deciding the verdict alone (docs/format.md §12).
"""

from __future__ import annotations

import datetime as dt

from verifier_app.dl1.credential import Presentation
from verifier_app.dl1.status_list import ListedStatus
from verifier_app.verify.reasons import Reason, ReasonCode, reason
from verifier_app.verify.trust import TrustSnapshot


def status_list_reasons(trust: TrustSnapshot, p: Presentation, now: dt.datetime,
                        local_tz: dt.tzinfo | None) -> list[Reason]:
    ref = p.status_ref
    if ref is None:
        return []
    listed = trust.status_lists.get(p.issuer)
    value = listed.status_at(ref.idx) if listed is not None and listed.uri == ref.uri else None
    if listed is None or value is None:
        return [reason(ReasonCode.STATUS_LIST_MISSING, uri=ref.uri, index=ref.idx)]
    out = []
    if value:
        try:
            status = ListedStatus(value).licence_status.value
        except ValueError:  # 4- and 8-bit lists may carry values DL1 gives no name
            status = f"status_{value}"
        out.append(reason(ReasonCode.STATUS_LISTED, status=status, index=ref.idx, version=listed.version,
                          list_date=listed.issued_at_utc.astimezone(local_tz).date()))
    if now > listed.expires_at_utc:
        out.append(reason(ReasonCode.STATUS_LIST_STALE, expired_at=listed.expires_at_utc, version=listed.version))
    return out
