"""The verification receipt's content, as HTML (Qt renders it to PDF or paper).

A receipt shows what the audit log kept for the entry (the licence number in
the role's form, as the screen showed it), plus — only for the verdict on
screen right now — the licence fields the entry's role shows.  It prints the
entry's chain hash, which anchors the log outside this machine: a later
rewrite of the log can't match a receipt in a claim file.
"""

from __future__ import annotations

import datetime as dt
import html


from verifier_app.station.evidence.audit import AuditEntry
from verifier_app.station.roles import Field, RoleProfile
from verifier_app.station.roles import profile as profile_of
from verifier_app.verify import text
from verifier_app.verify.engine import VerificationResult
from verifier_app.verify.reasons import listing, status_words

_COLOURS = {"valid": "#1b6e32", "invalid": "#b3261e", "unverified": "#8a5300", "no_code": "#546e7a"}


class _Times:
    """Local times for one receipt: the zone's offset is written once, on the first time.

    A later time is given its offset again only when it differs (a change to
    or from summer time between the scan and the printout).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.first: dt.datetime | None = None

    def __call__(self, value: dt.datetime | str | None) -> str:
        if not value:
            return "—"
        when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if when.tzinfo is None:  # the log writes aware times; an old naive one is taken as UTC
            when = when.replace(tzinfo=dt.timezone.utc)
        zone = self.first is None or not text.same_zone(self.first, when)
        if self.first is None:
            self.first = when
        return text.local_time_text(when, self.lang, zone=zone)


def _profile(role: str) -> RoleProfile | None:
    try:
        return profile_of(role)
    except ValueError:  # not a role this version knows: no licence field at all
        return None


def _shown_fields(result: VerificationResult, role: str, lang: str) -> list[tuple[str, str]]:
    """The licence fields of the verdict on screen, as its entry's role showed them (never the log's)."""
    shown = _profile(role)
    if shown is None:
        return []
    lic, rows = result.licence, list[tuple[str, str]]()
    if lic is None:  # a barcode: only its number, which the log kept; and the authority's listing of it
        if shown.shows(Field.STATUS) and listing(result.reasons) is not None:
            rows.append((text.label("status", lang), status_words(None, result.reasons, lang)))
        return rows
    if shown.shows(Field.NAME):
        rows.append((text.label("holder", lang), text.person_name(lic.family_name, lic.given_name)))
    if shown.shows(Field.CATEGORIES):
        rows.append((text.label("categories", lang), ("、" if lang == "zh" else ", ").join(
            text.category_text(p.vehicle_category_code, p.issue_date, p.expiry_date, lang)
            for p in lic.driving_privileges)))
    if shown.shows(Field.VALIDITY):
        rows.append((text.label("validity", lang), text.validity_text(lic.issue_date, lic.expiry_date, lang)))
    if shown.shows(Field.STATUS):
        rows.append((text.label("status", lang), status_words(lic.status.value, result.reasons, lang)))
    return rows


def receipt_html(
    entry: AuditEntry,
    *,
    lang: str = "en",
    live: VerificationResult | None = None,
    made_at: dt.datetime | None = None,
) -> str:
    if entry.kind != "verification":
        raise ValueError("a receipt is for a verification entry")
    lang = text.lang_of(lang)

    def w(key: str) -> str:
        return text.label(key, lang)

    local = _Times(lang)
    colon = "：" if lang == "zh" else ": "
    e = html.escape
    rows: list[tuple[str, str]] = [
        (w("entry"), f"#{entry.id}"),
        (w("verified_at"), local(entry.at)),
        (w("station"), entry.station_id),
        (w("operator"), entry.operator),
        *([(w("os_login"), entry.os_login)] if entry.os_login else []),
        *([(w("trust"), text.trust_scope_text(entry.trust_scope, lang))] if entry.trust_scope else []),
        (w("source"), text.source_text(entry.source, lang)),
        (w("role"), text.role_text(entry.role, lang)),
    ]
    if entry.generated_at:
        rows.append((w("generated_at"), local(entry.generated_at)))
    if entry.age_s is not None:
        rows.append((w("age"), text.duration_text(entry.age_s, lang)))
    if entry.issuer:
        rows.append((w("issuer"), entry.issuer))
    if entry.signer_kid:
        rows.append((w("signer_key"), entry.signer_kid))
    if entry.bundle_sequence is not None:
        rows.append((w("bundle_number"), str(entry.bundle_sequence)))
    # The licence number as the log kept it, which is the role's form (roles.RoleProfile.document_number,
    # as on screen): a receipt printed at once and one printed a year later show the same number.
    if entry.document_ref:
        rows.append((w("licence_number"), entry.document_ref))
    if live is not None and live.credential_hash == entry.credential_sha256:
        rows += _shown_fields(live, entry.role, lang)
    reasons = "".join(f"<li>{e(text.reason_title(code, lang))} <span style='color:#666'>({e(code)})</span></li>"
                      for code in entry.reason_codes) or f"<li>{e(w('no_reasons'))}</li>"
    made = local(made_at or dt.datetime.now(dt.timezone.utc))
    table = "".join(f"<tr><td style='color:#555; padding-right:16px'>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows)
    demo = f"<p style='background:#ffeb3b; padding:4px'><b>{e(w('demo'))}</b></p>" if entry.demo else ""
    if entry.trust_scope == "per_user":  # not an administered station: whoever uses the account set its trust
        demo += (f"<p style='background:#eceff1; border:1px solid #546e7a; padding:4px'>"
                 f"<b>{e(text.trust_scope_text(entry.trust_scope, lang))}</b></p>")
    return (
        "<html><body style='font-family: sans-serif; font-size: 11pt'>"
        f"<h2>{e(w('receipt_heading'))}</h2>"
        f"<p style='font-size: 28pt; font-weight: bold; color: {_COLOURS.get(entry.verdict, '#000')}'>"
        f"{e(text.verdict_text(entry.verdict, lang))}</p>{demo}"
        f"<table cellspacing='0' cellpadding='3'>{table}</table>"
        f"<h3>{e(w('reasons'))}</h3><ul>{reasons}</ul>"
        f"<p style='font-size: 9pt'>{e(w('chain'))}{colon}<tt>{e(entry.hash)}</tt><br>"
        f"{e(w('previous'))}{colon}<tt>{e(entry.prev_hash)}</tt><br>"
        f"{e(w('receipt_made'))}{colon}{e(made)}<br>{e(w('check_log'))}</p>"
        "</body></html>"
    )


