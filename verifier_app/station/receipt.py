"""The verification receipt's content, as HTML (Qt renders it to PDF or paper).

A receipt shows what the audit log kept for the entry, plus — only for the
verdict on screen right now — the licence fields the station's role may
show.  It prints the entry's chain hash, which anchors the log outside this
machine: a later rewrite of the log can't match a receipt in a claim file.
"""

from __future__ import annotations

import datetime as dt
import html


from verifier_app.station.audit import AuditEntry
from verifier_app.station.roles import Field, RoleProfile
from verifier_app.verify import text
from verifier_app.verify.engine import VerificationResult

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


def receipt_html(
    entry: AuditEntry,
    *,
    lang: str = "en",
    live: VerificationResult | None = None,
    profile: RoleProfile | None = None,
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
        (w("source"), entry.source),
        (w("role"), entry.role),
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
    lic = live.licence if live is not None and live.credential_hash == entry.credential_sha256 else None
    # The licence number exactly as the role shows it on screen (the insurance desk sees it whole);
    # a reopened entry has only what the log kept.
    number: str | None = entry.document_ref
    if live is not None and profile is not None and live.credential_hash == entry.credential_sha256:
        number = profile.document_number(lic.document_number if lic is not None else live.document_number)
    if number:
        rows.append((w("licence_number"), number))
    if lic is not None and profile is not None:
        if profile.shows(Field.NAME):
            rows.append((w("holder"), text.person_name(lic.family_name, lic.given_name)))
        if profile.shows(Field.CATEGORIES):
            rows.append((w("categories"), ("、" if lang == "zh" else ", ").join(
                text.category_text(p.vehicle_category_code, p.issue_date, p.expiry_date, lang)
                for p in lic.driving_privileges)))
        if profile.shows(Field.VALIDITY):
            rows.append((w("validity"), text.validity_text(lic.issue_date, lic.expiry_date, lang)))
        if profile.shows(Field.STATUS):
            rows.append((w("status"), text.status_text(lic.status, lang)))
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


