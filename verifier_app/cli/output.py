"""Human-readable rendering of verdicts for the terminal (words from verify.text)."""

from __future__ import annotations

import datetime as dt

from verifier_app.verify import text
from verifier_app.verify.engine import VerificationResult
from verifier_app.verify.reasons import listing, status_words

_MARKS = {"error": "x", "limitation": "?", "warning": "!"}


def format_result(label: str, result: VerificationResult, lang: str = "en") -> str:
    """The verdict, the licence as the holder's code shows it, and each reason with what to do.

    Times are in the station's local time zone, its UTC offset written once.
    """
    lang = text.lang_of(lang)

    def w(key: str) -> str:
        return text.label(key, lang)

    colon = "：" if lang == "zh" else ": "
    demo = f" ({w('demo')})" if lang == "en" else f"（{w('demo')}）"
    lines = [f"{label}: {text.verdict_text(result.verdict, lang)}" + (demo if result.is_demo else "")]
    lic = result.licence
    listed = listing(result.reasons)  # the authority's word on the status comes before the code's claim
    status = status_words(None if lic is None else lic.status.value, result.reasons, lang)
    if lic is not None:
        cats = ("、" if lang == "zh" else ", ").join(text.category_text(p.vehicle_category_code, None, p.expiry_date, lang)
                         for p in lic.driving_privileges)
        lines.append(f"  {w('holder')}{colon}{text.person_name(lic.family_name, lic.given_name)}"
                     f" · {w('licence_number')} {lic.document_number}"
                     f" · {w('valid_until')} {text.date_text(lic.expiry_date, lang)}")
        lines.append(f"  {w('categories')}{colon}{cats} · {w('status')}{colon}{status}")
    elif result.document_number:
        lines.append(f"  {w('licence_number')}{colon}{result.document_number}"
                     + (f" · {w('status')}{colon}{status}" if listed is not None else ""))
    shown: dt.datetime | None = None  # the time whose zone offset is already written
    if result.generated_at is not None and result.age_s is not None:
        lines.append("  " + text.generated_text(result.generated_at, result.age_s, result.max_age_s, lang))
        shown = result.generated_at
    if result.signer is not None and lic is not None:
        comma = "，" if lang == "zh" else ", "
        bundle = f"{comma}{w('trust_bundle')} {result.bundle.authority} #{result.bundle.sequence}" if result.bundle else ""
        kid = f"{w('key_id')} {result.signer.kid}"
        kid = f"（{kid}）" if lang == "zh" else f" ({kid})"
        signer = result.signer
        # The organisation and its code, not the certificate's RFC 4514 subject with OIDs (--json has that).
        who = f"{signer.organisation} ({signer.authority_code})" if signer.organisation and signer.authority_code \
            else signer.subject
        lines.append(f"  {w('signed_by')}{colon}{who}{kid}{bundle}")
    for r in result.reasons:
        message = text.reason_message(r.code, r.params, lang, zone_shown=shown)
        lines.append(f"  [{_MARKS[r.severity.value]}] {message}")
        shown = shown or next((v for v in r.params.values() if isinstance(v, dt.datetime)), None)
        lines.append(f"      {w('what_to_do')}{colon}{r.action(lang)}")
        if r.technical_detail:  # the parser's own words, after the officer's
            lines.append(f"      {w('details')}{colon}{r.technical_detail}")
    return "\n".join(lines)
