"""Every sentence and word the verifier says, in English and Simplified Chinese.

The engine returns facts — reason codes with numbers, dates, times, status
enums and category codes — and this module alone turns them into words, for
the window, the command line, receipts and JSON messages alike, so the
languages can't drift apart and no English ends up inside a Chinese
sentence.  (Qt's ``.ts`` file stays for the window's own widget labels.)

Times are shown in the station's local time zone, with the zone's UTC offset
written out (``2026-12-03 20:42:05 (UTC+08:00)``), never as UTC next to a
local time.  Durations are localised: ``10 min 4 s ago`` / ``10 分 4 秒前``.

This module imports nothing from the rest of the project: reason codes,
verdicts and statuses are looked up by their stable string values.  The words
themselves are data beside it (word_texts.py, reason_texts.py), re-exported here.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from typing import Mapping, Union

from verifier_app.verify.reason_texts import PHRASES, REASON_TEXTS, REASON_TITLES
from verifier_app.verify.word_texts import LABELS, ROLES, SOURCES, STATUSES, TRUST_SCOPES, VERDICTS

__all__ = [
    "LABELS", "LANGUAGES", "REASON_TEXTS", "REASON_TITLES", "ROLES", "SOURCES", "STATUSES", "VERDICTS", "ago_text",
    "aside", "category_text", "code_claim_text", "date_text", "duration_text", "generated_text", "json_params",
    "label", "lang_of", "licence_status_text", "listed_status_text", "local_time_text", "param_text",
    "person_name", "reason_action", "reason_fields", "reason_message", "reason_title", "role_text", "same_zone",
    "source_text", "status_parts", "status_text", "validity_text", "verdict_text", "zone_label",
]

LANGUAGES = ("en", "zh")

# A reason parameter: what the engine found, before any words are chosen.
ParamValue = Union[str, int, float, bool, dt.date, dt.datetime, None]


def lang_of(lang: str | None) -> str:
    """``zh`` for any Chinese language tag, else ``en``."""
    return "zh" if (lang or "").lower().startswith("zh") else "en"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang_of(lang) == "zh" else pair[0]


# ------------------------------------------------------------------ times


def _local(value: dt.datetime, tz: dt.tzinfo | None) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("a time to show must be aware (it carries its zone)")
    return value.astimezone(tz)


def zone_label(value: dt.datetime | None = None, *, tz: dt.tzinfo | None = None) -> str:
    """The UTC offset of the station's zone at ``value`` (default: now), as ``UTC+08:00``.

    ``tz`` None means the station's own time zone (the process's local zone).
    """
    local = _local(value or dt.datetime.now(dt.timezone.utc), tz)
    offset = local.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def local_time_text(value: dt.datetime, lang: str = "en", *, zone: bool = True, seconds: bool = True,
                    tz: dt.tzinfo | None = None) -> str:
    """``2026-12-03 20:42:05 (UTC+08:00)``: an aware time in the station's local zone.

    ``zone=False`` leaves the offset out, for a list of times whose zone is
    shown once elsewhere (see ``same_zone``).  The digits read the same in
    both languages; ``lang`` is taken so callers need not care.
    """
    local = _local(value, tz)
    text = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{text} ({zone_label(value, tz=tz)})" if zone else text


def same_zone(first: dt.datetime, other: dt.datetime, *, tz: dt.tzinfo | None = None) -> bool:
    """Whether two times have the same local UTC offset (so one zone label covers both)."""
    return zone_label(first, tz=tz) == zone_label(other, tz=tz)


def date_text(value: dt.date, lang: str = "en") -> str:
    """A calendar date (a licence's, a category's): ``2032-06-01`` in both languages."""
    if isinstance(value, dt.datetime):
        return local_time_text(value, lang)
    return value.isoformat()


_UNITS = {
    "en": {"s": "s", "min": "min", "h": "h", "days": "days"},
    "zh": {"s": "秒", "min": "分", "h": "小时", "days": "天"},
}


def duration_text(seconds: float, lang: str = "en") -> str:
    """A length of time: ``N s`` below 120 s, ``M min N s`` below 2 h, ``H h M min`` below 48 h, else ``D days``.

    Chinese: ``N 秒``, ``M 分 N 秒``, ``H 小时 M 分``, ``D 天``.  The sign is ignored.
    """
    u = _UNITS[lang_of(lang)]
    total = int(abs(seconds))  # elapsed time: 604.7 s is still "10 min 4 s"
    if total < 120:
        parts = [(total, u["s"])]
    elif total < 7200:
        parts = [(total // 60, u["min"]), (total % 60, u["s"])]
    elif total < 172800:
        parts = [(total // 3600, u["h"]), (total % 3600 // 60, u["min"])]
    else:
        parts = [(total // 86400, u["days"])]
    return " ".join(f"{n} {unit}" for n, unit in parts)


def ago_text(seconds: float, lang: str = "en") -> str:
    """``10 min 4 s ago`` / ``10 分 4 秒前``."""
    d = duration_text(seconds, lang)
    return f"{d}前" if lang_of(lang) == "zh" else f"{d} ago"


# ------------------------------------------------------- words and names

# The tables of words are data in word_texts.py.


def _looked_up(table: Mapping[str, tuple[str, str]], value: str | enum.Enum, lang: str) -> str:
    key = str(value.value) if isinstance(value, enum.Enum) else value
    pair = table.get(key)
    return _pick(pair, lang) if pair else key


def verdict_text(verdict: str | enum.Enum, lang: str = "en") -> str:
    """The banner word for a verdict (``valid``, ``invalid``, ``unverified``, ``no_code``)."""
    return _looked_up(VERDICTS, verdict, lang)


def status_text(status: str | enum.Enum, lang: str = "en") -> str:
    """A licence status (``suspended``, ``overdue_renewal``...) in words."""
    return _looked_up(STATUSES, status, lang)


def listed_status_text(status: str | enum.Enum, since: dt.date | None, lang: str = "en") -> str:
    """The authority's status list's word: ``revoked since 2026-10-01`` / ``自 2026-10-01 起吊销``."""
    name = status_text(status, lang)
    if since is None:
        return name
    return f"自 {date_text(since)} 起{name}" if lang_of(lang) == "zh" else f"{name} since {date_text(since)}"


def code_claim_text(status: str | enum.Enum, lang: str = "en") -> str:
    """What the holder's code itself claims, named as a claim: ``the code says: valid``."""
    return f"二维码所载：{status_text(status, lang)}" if lang_of(lang) == "zh" else \
        f"the code says: {status_text(status, lang)}"


def status_parts(claimed: str | enum.Enum | None, lang: str = "en", *, listed: str | None = None,
                 since: dt.date | None = None) -> tuple[str, str | None]:
    """A licence's status field, agreeing with the verdict: (the status, the code's differing claim or None).

    When the authority's status list gives the licence a status (``listed``,
    from a ``document_listed`` reason), that is the status, with since when;
    the code's own ``claimed`` status comes second, named as the code's claim,
    and only when it differs (a code says "valid" until the holder's app is
    refreshed).  ``claimed`` is None for a barcode, which claims nothing.
    """
    if listed is None:
        return status_text(claimed or "", lang), None
    shown = listed_status_text(listed, since, lang)
    if claimed is None or _looked_up(STATUSES, claimed, "en") == _looked_up(STATUSES, listed, "en"):
        return shown, None
    return shown, code_claim_text(claimed, lang)


def aside(words: str, lang: str = "en") -> str:
    """Words in brackets after others: `` (x)`` / ``（x）``."""
    return f"（{words}）" if lang_of(lang) == "zh" else f" ({words})"


def licence_status_text(claimed: str | enum.Enum | None, lang: str = "en", *, listed: str | None = None,
                        since: dt.date | None = None) -> str:
    """``revoked since 2026-10-01 (the code says: valid)``: see ``status_parts``."""
    shown, claim = status_parts(claimed, lang, listed=listed, since=since)
    return shown if claim is None else shown + aside(claim, lang)


def source_text(source: str | enum.Enum, lang: str = "en") -> str:
    """Where a scanned code came from (``paste``, ``scanner``...) in words; an unknown one as it is."""
    return _looked_up(SOURCES, source, lang)


def role_text(role: str | enum.Enum, lang: str = "en") -> str:
    """A station role (``checkpoint``, ``rental``, ``insurance``) in words."""
    return _looked_up(ROLES, role, lang)


def label(key: str, lang: str = "en") -> str:
    return _pick(LABELS[key], lang)


def trust_scope_text(scope: str, lang: str = "en") -> str:
    """What a trust scope means, in words ("" for a row older than the field)."""
    return _pick(TRUST_SCOPES[scope], lang) if scope in TRUST_SCOPES else ""


def generated_text(generated_at: dt.datetime, age_s: float, max_age_s: int | None, lang: str = "en", *,
                   zone: bool = True) -> str:
    """``Code generated 2026-12-03 20:42:05 (UTC+08:00), 10 s ago; accepted up to 3 min 0 s``."""
    when = local_time_text(generated_at, lang, zone=zone)
    if lang_of(lang) == "zh":
        out = f"二维码生成于 {when}（{ago_text(age_s, lang)}"
        return out + (f"；有效时间 {duration_text(max_age_s, lang)}）" if max_age_s is not None else "）")
    out = f"Code generated {when}, {ago_text(age_s, lang)}"
    return out + (f"; accepted up to {duration_text(max_age_s, lang)}" if max_age_s is not None else "")


def _is_han(text: str) -> bool:
    letters = [c for c in text if not c.isspace()]
    return bool(letters) and all("CJK" in unicodedata.name(c, "") or c in "·・" for c in letters)


def person_name(family_name: str, given_name: str) -> str:
    """Chinese names as family + given name with no space (王小明); others with one."""
    if _is_han(family_name) and _is_han(given_name):
        return f"{family_name}{given_name}"
    return " ".join(part for part in (family_name, given_name) if part)


def category_text(code: str, issue_date: dt.date | None, expiry_date: dt.date | None, lang: str = "en") -> str:
    """A vehicle category with its dates: ``C1 (2022-06-01 – 2032-06-01)``, ``C1 (valid until …)``."""
    zh = lang_of(lang) == "zh"
    if issue_date and expiry_date:
        span = f"{date_text(issue_date)} 至 {date_text(expiry_date)}" if zh else \
            f"{date_text(issue_date)} – {date_text(expiry_date)}"
    elif expiry_date:
        span = f"{label('valid_until', lang)} {date_text(expiry_date)}"
    elif issue_date:
        span = f"自 {date_text(issue_date)} 起" if zh else f"from {date_text(issue_date)}"
    else:
        return code
    return f"{code}（{span}）" if zh else f"{code} ({span})"


def validity_text(issue_date: dt.date, expiry_date: dt.date, lang: str = "en") -> str:
    if lang_of(lang) == "zh":
        return f"{date_text(issue_date)} 至 {date_text(expiry_date)}"
    return f"{date_text(issue_date)} – {date_text(expiry_date)}"


# ----------------------------------------------------------------- reasons

# The reasons' sentences and titles are data: see reason_texts.py (REASON_TEXTS, REASON_TITLES, PHRASES).


def param_text(name: str, value: ParamValue, lang: str = "en", *, zone_shown: dt.datetime | None = None) -> str:
    """One reason parameter in words: seconds (``*_s``) as a duration, counts (``*_chars``) grouped, times
    local, statuses named.

    A time gets its zone's offset unless ``zone_shown`` (a time whose offset
    the reader has already been shown) has the same offset.
    """
    if value is None:
        return label("unknown", lang)
    if isinstance(value, dt.datetime):
        return local_time_text(value, lang, zone=zone_shown is None or not same_zone(zone_shown, value))
    if isinstance(value, dt.date):
        return date_text(value, lang)
    if name.endswith("_s") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return duration_text(value, lang)
    if name.endswith("_chars") and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"  # 1,000,000: a count of characters a reader can take in at a glance
    if name == "status" and isinstance(value, str):
        return status_text(value, lang)
    return str(value)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def reason_fields(params: Mapping[str, ParamValue], lang: str = "en", *,
                  zone_shown: dt.datetime | None = None) -> dict[str, str]:
    """The ``{name}`` fields of a reason's sentences, from its structured parameters."""
    fields: dict[str, str] = _Blank({k: param_text(k, v, lang, zone_shown=zone_shown) for k, v in params.items()})
    if "lapsed" in params:
        fields["lapsed"] = _pick(PHRASES["lapsed"], lang) if params["lapsed"] else ""
    floor = params.get("floor")
    if isinstance(floor, str) and f"floor:{floor}" in PHRASES:
        fields["behind"] = _pick(PHRASES[f"floor:{floor}"], lang).format(at=fields["floor_at"])
    return fields


def _key(code: str | enum.Enum) -> str:
    return str(code.value) if isinstance(code, enum.Enum) else code


def reason_message(code: str | enum.Enum, params: Mapping[str, ParamValue], lang: str = "en", *,
                   zone_shown: dt.datetime | None = None) -> str:
    """A reason's message; ``zone_shown``: a time whose UTC offset the text around it already shows."""
    template = REASON_TEXTS[_key(code)][2 if lang_of(lang) == "zh" else 0]
    return template.format_map(reason_fields(params, lang, zone_shown=zone_shown))


def reason_action(code: str | enum.Enum, params: Mapping[str, ParamValue], lang: str = "en") -> str:
    template = REASON_TEXTS[_key(code)][3 if lang_of(lang) == "zh" else 1]
    return template.format_map(reason_fields(params, lang))


def reason_title(code: str | enum.Enum, lang: str = "en") -> str:
    pair = REASON_TITLES.get(_key(code))
    return _pick(pair, lang) if pair else _key(code)


def json_params(params: Mapping[str, ParamValue]) -> dict[str, str | int | float | bool | None]:
    """A reason's parameters for JSON: numbers stay numbers, dates and times become ISO 8601 (times in UTC)."""
    out: dict[str, str | int | float | bool | None] = {}
    for name, value in params.items():
        if isinstance(value, dt.datetime):
            out[name] = value.astimezone(dt.timezone.utc).isoformat()
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif isinstance(value, float):
            out[name] = round(value, 1)
        else:
            out[name] = value
    return out
