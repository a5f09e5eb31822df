"""Printing verdicts: words for the terminal (from verify.text), a JSON document, or JSON Lines.

``verify`` prints each result the moment it is judged (and logged), one
flush per result, so a scanner piped into ``verifier verify -`` is answered
live and a batch of any length runs in flat memory.  Only the JSON document
(``--json`` without ``-``) is gathered, and it is printed even when the batch
stops early, so what was judged before a failure is never lost.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from typing import IO, Any

from verifier_app.services import (Field, Reason, Role, RoleProfile, VerificationResult, licence_json, listing,
                                   profile, reason_params, status_words)
from verifier_app.services import words as text

_MARKS = {"error": "x", "limitation": "?", "warning": "!"}


def format_result(label: str, result: VerificationResult, lang: str = "en",
                  role: RoleProfile | None = None) -> str:
    """The verdict, the licence as the holder's code shows it, and each reason with what to do.

    Times are in the station's local time zone, its UTC offset written once.  ``role``: what the
    station's role may see (as in the window); None shows everything (tests, the demo).
    """
    role = role or profile(Role.CHECKPOINT)
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
        number = role.document_number(lic.document_number)
        lines.append(f"  {w('holder')}{colon}{text.person_name(lic.family_name, lic.given_name)}"
                     + (f" · {w('licence_number')} {number}" if number else "")
                     + f" · {w('valid_until')} {text.date_text(lic.expiry_date, lang)}")
        lines.append(f"  {w('categories')}{colon}{cats}"
                     + (f" · {w('status')}{colon}{status}" if role.shows(Field.STATUS) or listed else ""))
    elif result.document_number and role.document_number(result.document_number):
        lines.append(f"  {w('licence_number')}{colon}{role.document_number(result.document_number)}"
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
        message = text.reason_message(r.code, reason_params(role, r.params), lang, zone_shown=shown)
        lines.append(f"  [{_MARKS[r.severity.value]}] {message}")
        shown = shown or next((v for v in r.params.values() if isinstance(v, dt.datetime)), None)
        lines.append(f"      {w('what_to_do')}{colon}{r.action(lang)}")
        if r.technical_detail:  # the parser's own words, after the officer's
            lines.append(f"      {w('details')}{colon}{r.technical_detail}")
    return "\n".join(lines)


class Output(str, enum.Enum):
    """How ``verify`` prints: chosen once per run."""

    TEXT = "text"
    JSON_DOCUMENT = "json"  # {"results": [...]}, printed once at the end
    JSON_LINES = "jsonl"  # one object per line, as each input is judged


class ResultPrinter:
    """Prints ``verify``'s results one by one; ``close`` ends the output (the JSON document's only write)."""

    def __init__(self, output: Output, lang: str, stream: IO[str] | None = None,
                 role: RoleProfile | None = None) -> None:
        self.output = output
        self.lang = lang
        self.role = role or profile(Role.CHECKPOINT)
        self._stream = stream
        self._gathered: list[dict[str, Any]] = []

    @property
    def _out(self) -> IO[str]:
        return self._stream or sys.stdout  # looked up late: tests and callers may replace sys.stdout

    def result(self, label: str, entry_id: int, result: VerificationResult, *, trust_scope: str) -> None:
        if self.output is Output.TEXT:
            entry = f"{text.label('audit_entry', self.lang)} {entry_id}"
            scope = "" if trust_scope == "system" else f"\n  [!] {text.trust_scope_text(trust_scope, self.lang)}"
            self._write(format_result(label, result, self.lang, self.role)
                        + (f"\n  （{entry}）" if self.lang == "zh" else f"\n  ({entry})") + scope)
        else:
            item = result.to_json(lang=self.lang)
            item["licence"] = licence_json(self.role, item.get("licence"))
            item["reasons"] = [Reason(r.code, reason_params(self.role, r.params)).to_json(self.lang)
                               for r in result.reasons]
            if item.get("document_number") is not None:
                item["document_number"] = self.role.document_number(item["document_number"])
            self._json({"input": label, "audit_entry": entry_id, "trust_scope": trust_scope, "role": self.role.role.value,
                        **item})

    def error(self, label: str, message: str) -> None:
        """An input that could not be read (the message is on stderr too)."""
        if self.output is not Output.TEXT:
            self._json({"input": label, "error": message})

    def close(self) -> None:
        if self.output is Output.JSON_DOCUMENT:
            self._write(json.dumps({"results": self._gathered}, indent=2, ensure_ascii=False))

    def _json(self, item: dict[str, Any]) -> None:
        if self.output is Output.JSON_DOCUMENT:
            self._gathered.append(item)
        else:
            self._write(json.dumps(item, ensure_ascii=False))

    def _write(self, block: str) -> None:
        out = self._out
        out.write(block + "\n")
        out.flush()  # a pipe is block-buffered: without this a scanner's verdict would wait for the next ones
