"""The verdict's reasons and the licence's status as rich text for the panel's labels.

Apart from the panel (``verdict_panel``) because these words are the core's (``services.words``, in
the station's language), not the window's own: nothing here is translated by Qt, and every text is
escaped before it goes into the HTML.
"""

from __future__ import annotations

from verifier_app.services import Listing, RoleProfile, Severity, Verdict, VerificationResult, reason_params
from verifier_app.services import words as text


def esc(words: str) -> str:
    """Plain text made safe inside a rich-text label."""
    return words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def reasons_html(result: VerificationResult | None, profile: RoleProfile | None, language: str) -> str:
    """Each reason, marked by its severity, with what to do (said once when reasons share it)."""
    if not result:
        return ""
    rows = []
    previous_action = None
    for r in result.reasons:
        mark = {Severity.ERROR: "✖", Severity.LIMITATION: "?", Severity.WARNING: "⚠"}[r.severity]
        colour = {Severity.ERROR: "#b3261e", Severity.LIMITATION: "#8a5300", Severity.WARNING: "#8a5300"}[r.severity]
        if result.verdict is Verdict.NO_CODE:  # nothing was read: no red, it says nothing about a licence
            mark, colour = "ℹ", "#37474f"
        action = r.action(language)
        todo = "" if action == previous_action else f"<br>&nbsp;&nbsp;&nbsp;→ {esc(action)}"
        previous_action = action
        # The freshness line below writes the zone's offset; a time in a reason doesn't repeat it.
        message = text.reason_message(r.code, reason_params(profile, r.params), language,
                                      zone_shown=result.generated_at or result.checked_at)
        rows.append(f"<p style='margin:4px 0'><b style='color:{colour}'>{mark} "
                    f"{esc(message)}</b>{todo}</p>")
    return "".join(rows)


def status_html(claimed: str | None, listed: Listing | None, language: str) -> str:
    """The status as the verdict has it, in bold: the authority's listing (in red, with since when)
    before the code's own claim, which then follows only as the code's claim."""
    shown, claim = text.status_parts(claimed, language, listed=None if listed is None else listed.status,
                                     since=None if listed is None else listed.since)
    style = "" if listed is None else " style='color:#b3261e'"
    return f"<b{style}>{esc(shown)}</b>" + ("" if claim is None else esc(text.aside(claim, language)))
