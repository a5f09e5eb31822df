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
verdicts and statuses are looked up by their stable string values.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from typing import Mapping, Union

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
    "en": {"s": "s", "min": "min", "h": "h", "days": "days", "sep": " ", "join": " "},
    "zh": {"s": "秒", "min": "分", "h": "小时", "days": "天", "sep": " ", "join": " "},
}


def duration_text(seconds: float, lang: str = "en") -> str:
    """A length of time: ``N s`` below 120 s, ``M min N s`` below 2 h, ``H h M min`` below 48 h, else ``D days``.

    Chinese: ``N 秒``, ``M 分 N 秒``, ``H 小时 M 分``, ``D 天``.  The sign is ignored.
    """
    u = _UNITS[lang_of(lang)]
    total = int(round(abs(seconds)))
    if total < 120:
        parts = [(total, u["s"])]
    elif total < 7200:
        parts = [(total // 60, u["min"]), (total % 60, u["s"])]
    elif total < 172800:
        parts = [(total // 3600, u["h"]), (total % 3600 // 60, u["min"])]
    else:
        parts = [(total // 86400, u["days"])]
    return u["join"].join(f"{n}{u['sep']}{unit}" for n, unit in parts)


def ago_text(seconds: float, lang: str = "en") -> str:
    """``10 min 4 s ago`` / ``10 分 4 秒前``."""
    d = duration_text(seconds, lang)
    return f"{d}前" if lang_of(lang) == "zh" else f"{d} ago"


# ------------------------------------------------------- words and names

VERDICTS: dict[str, tuple[str, str]] = {
    "valid": ("VALID", "有效"),
    "invalid": ("INVALID", "无效"),
    "unverified": ("NOT VERIFIED", "未核验"),
    "no_code": ("NO CODE READ", "未读取到二维码"),
}


def verdict_text(verdict: str | enum.Enum, lang: str = "en") -> str:
    """The banner word for a verdict (``valid``, ``invalid``, ``unverified``, ``no_code``)."""
    key = str(verdict.value) if isinstance(verdict, enum.Enum) else verdict
    pair = VERDICTS.get(key)
    return _pick(pair, lang) if pair else key


STATUSES: dict[str, tuple[str, str]] = {
    "valid": ("valid", "有效"),
    "suspended": ("suspended", "暂扣"),
    "revoked": ("revoked", "吊销"),
    "cancelled": ("cancelled", "注销"),
    "overdue_inspection": ("overdue for inspection", "逾期未审验"),
    "overdue_renewal": ("overdue for renewal", "逾期未换证"),
}


def status_text(status: str | enum.Enum, lang: str = "en") -> str:
    """A licence status (``suspended``, ``overdue_renewal``...) in words."""
    key = str(status.value) if isinstance(status, enum.Enum) else status
    pair = STATUSES.get(key)
    return _pick(pair, lang) if pair else key


# Labels shared by the command line and receipts (the window has its own .ts).
LABELS: dict[str, tuple[str, str]] = {
    "receipt_heading": ("Driving licence verification receipt", "电子驾驶证核验凭证"),
    "entry": ("Audit entry", "审计记录号"),
    "verified_at": ("Verified at", "核验时间"),
    "station": ("Station", "核验站"),
    "operator": ("Operator", "操作员"),
    "source": ("Input", "输入方式"),
    "role": ("Role", "岗位"),
    "reasons": ("Reasons", "原因"),
    "no_reasons": ("none: all checks passed", "无：全部检查通过"),
    "generated_at": ("Code generated at", "二维码生成时间"),
    "age": ("Age when checked", "核验时二维码时长"),
    "issuer": ("Issuing authority", "发证机关"),
    "signer_key": ("Signing key", "签名密钥"),
    "bundle_number": ("Trust bundle number", "信任数据包编号"),
    "licence_number": ("Licence number", "证号"),
    "holder": ("Holder", "持证人"),
    "categories": ("Vehicle categories", "准驾车型"),
    "validity": ("Licence valid", "有效期"),
    "status": ("Status", "状态"),
    "chain": ("Entry chain hash", "记录链哈希"),
    "previous": ("Previous entry hash", "上一条记录哈希"),
    "demo": ("DEMO — not a real licence", "演示——非真实驾驶证"),
    "receipt_made": ("Receipt made", "凭证生成时间"),
    "check_log": ("Check the log's integrity with: verifier audit verify", "可用 verifier audit verify 检查日志完整性"),
    "valid_until": ("valid until", "有效期至"),
    "signed_by": ("Signed by", "签名方"),
    "trust_bundle": ("trust bundle", "信任数据包"),
    "what_to_do": ("what to do", "处理方法"),
    "audit_entry": ("audit entry", "审计记录"),
    "key_id": ("key id", "密钥标识"),
    "unknown": ("unknown", "未知"),
}


def label(key: str, lang: str = "en") -> str:
    return _pick(LABELS[key], lang)


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

_REFRESH = ("Ask the holder to refresh the code in the licence app and scan again.",
            "请持证人在电子驾照应用中刷新二维码后重新扫描。")
_IMPORT = ("Import a current trust bundle from your issuing authority, then scan again.",
           "请导入发证机关最新的信任数据包后重新扫描。")
_REFUSE = ("Do not accept this licence. Follow your procedure for a licence that is not valid.",
           "不要接受此驾驶证，请按无效驾驶证的处理流程办理。")
_FORGERY = ("Do not accept this code: it may be forged or altered. Ask for the physical licence.",
            "不要接受此二维码：它可能被伪造或篡改。请查验实体驾驶证。")
_CLOCK = ("Set this laptop's clock to the correct date, time and time zone, then scan again.",
          "请检查并校正本机的日期、时间和时区，然后重新扫描。")

# code -> (message en, action en, message zh, action zh).  ``{name}`` fields are
# the reason's parameters put into words (see ``reason_fields``).  Technical
# details (``detail`` of malformed and unsupported_format) are English from the
# format's parser: the Chinese sentence leaves them out; they stay in the JSON
# parameters and behind the window's "Details".
REASON_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "malformed": (
        "This is not a readable driving licence code ({detail}).",
        "Ask the holder to show the licence code from the official app; if it persists, ask for the physical licence.",
        "这不是可读取的电子驾驶证二维码。",
        "请持证人出示官方应用中的驾驶证二维码；如仍无法读取，请查验实体驾驶证。",
    ),
    "unsupported_format": (
        "This code uses a format this verifier does not support ({detail}).",
        "Ask the holder to update the licence app; if the code is current, update this verifier.",
        "此二维码的格式本验证程序不支持。",
        "请持证人更新电子驾照应用；如二维码为最新格式，请更新本验证程序。",
    ),
    "no_code_found": (
        "No licence code could be read in {input}. This says nothing about the licence.",
        "Use a sharper picture in which the whole code is visible and not cut off, or scan the holder's phone "
        "with the camera instead.",
        "未能在 {input} 中读取到驾驶证二维码。这并不代表驾驶证本身有问题。",
        "请使用更清晰、二维码完整可见的图片，或改用摄像头直接扫描持证人的手机。",
    ),
    "signature_invalid": (
        "The issuing authority's signature does not match this code.",
        _FORGERY[0],
        "二维码的发证机关签名校验失败。",
        _FORGERY[1],
    ),
    "unknown_key": (
        "This code was signed with a key this station does not know (key id {kid}).",
        _IMPORT[0],
        "此二维码的签名密钥不在本机的信任数据中（密钥标识 {kid}）。",
        _IMPORT[1],
    ),
    "signer_revoked": (
        "The key that signed this code has been withdrawn by the issuing authority.",
        _FORGERY[0],
        "签署此二维码的密钥已被发证机关吊销。",
        _FORGERY[1],
    ),
    "signer_not_valid_at_iat": (
        "The signing certificate was not valid when the code was generated (certificate valid {not_before} to "
        "{not_after}, code generated {generated_at}).",
        _FORGERY[0],
        "生成二维码时签名证书不在有效期内（证书有效期 {not_before} 至 {not_after}，二维码生成于 {generated_at}）。",
        _FORGERY[1],
    ),
    "untrusted_chain": (
        "The signing certificate does not lead to a root certificate installed on this station.",
        "Do not accept this code. If the authority is genuine, an administrator must install its root certificate.",
        "签名证书无法追溯到本机已安装的根证书。",
        "不要接受此二维码。如发证机关真实可信，请管理员安装其根证书。",
    ),
    "issuer_mismatch": (
        "The code claims issuer {claimed} but was signed by {signer}.",
        _FORGERY[0],
        "二维码声称由 {claimed} 签发，但实际签名方为 {signer}。",
        _FORGERY[1],
    ),
    "qr_stale": (
        "The code was generated {age_s} ago; codes are accepted for {limit_s}. It may be a screenshot.",
        _REFRESH[0],
        "二维码生成于 {age_s}前，超过了 {limit_s}的有效时间，可能是截图。",
        _REFRESH[1],
    ),
    "qr_from_future": (
        "The code's generation time is {ahead_s} ahead of this laptop's clock.",
        _CLOCK[0] + " If the laptop's clock is right, ask the holder to refresh the code.",
        "二维码的生成时间比本机时钟快 {ahead_s}。",
        _CLOCK[1] + "如本机时间正确，请持证人刷新二维码。",
    ),
    "presentation_expired": (
        "This code expired at {expired_at}.",
        _REFRESH[0],
        "此二维码已于 {expired_at} 过期。",
        _REFRESH[1],
    ),
    "licence_expired": (
        "The driving licence expired on {date}.",
        _REFUSE[0],
        "驾驶证已于 {date} 过期。",
        _REFUSE[1],
    ),
    "licence_not_yet_valid": (
        "The driving licence is valid only from {date}.",
        _REFUSE[0],
        "驾驶证自 {date} 起才生效。",
        _REFUSE[1],
    ),
    "status_suspended": ("The driving licence is suspended.", _REFUSE[0], "驾驶证处于暂扣状态。", _REFUSE[1]),
    "status_revoked": ("The driving licence has been revoked.", _REFUSE[0], "驾驶证已被吊销。", _REFUSE[1]),
    "status_cancelled": ("The driving licence has been cancelled.", _REFUSE[0], "驾驶证已被注销。", _REFUSE[1]),
    "status_other": (
        "The driving licence is not in good standing: {status}.",
        _REFUSE[0],
        "驾驶证状态异常：{status}。",
        _REFUSE[1],
    ),
    "document_listed": (
        "The authority's status list marks licence {number} as {status} since {since}.",
        _REFUSE[0],
        "发证机关的状态清单显示驾驶证 {number} 自 {since} 起为{status}。",
        _REFUSE[1],
    ),
    "category_missing": (
        "The licence does not cover vehicle category {category}{lapsed}.",
        "Do not let the holder drive a category {category} vehicle.",
        "驾驶证不包含准驾车型 {category}{lapsed}。",
        "不得允许持证人驾驶 {category} 类车辆。",
    ),
    "barcode_only": (
        "Only the barcode was read: it shows the licence number but can't prove the licence is genuine.",
        "Scan the QR code instead to verify the licence.",
        "仅读取到条形码：它只包含驾驶证号码，无法证明驾驶证真实有效。",
        "请改为扫描二维码以核验驾驶证。",
    ),
    "trust_bundle_stale": (
        "This station's trust data is out of date (it should have been replaced on {next_update}).",
        "Import a current trust bundle from your issuing authority soon.",
        "本机的信任数据已过期（应于 {next_update} 前更新）。",
        "请尽快导入发证机关最新的信任数据包。",
    ),
    "no_trust_installed": (
        "This station is not set up: it holds no trust data from an issuing authority, so the code can't be "
        "checked. This says nothing about the licence.",
        "Install the authority's root certificate and import its trust bundle (Settings and trust), then scan "
        "again.",
        "本机尚未设置：没有任何发证机关的信任数据，因此无法核验此二维码。这并不代表驾驶证本身有问题。",
        "请安装发证机关的根证书并导入其信任数据包（设置与信任），然后重新扫描。",
    ),
    "clock_untrusted": (
        "This laptop's clock is behind ({behind}), so the code's freshness can't be judged.",
        _CLOCK[0],
        "本机时钟偏慢（{behind}），无法判断二维码是否新鲜。",
        _CLOCK[1],
    ),
}

# Short, parameter-free titles: what a receipt or history row says about a
# past verdict, when only the code was kept.
REASON_TITLES: dict[str, tuple[str, str]] = {
    "malformed": ("Not a readable licence code", "无法读取的驾驶证二维码"),
    "unsupported_format": ("Unsupported code format", "不支持的二维码格式"),
    "no_code_found": ("No code found", "未找到二维码"),
    "signature_invalid": ("Signature does not match", "签名校验失败"),
    "unknown_key": ("Unknown signing key", "未知的签名密钥"),
    "signer_revoked": ("Signing key withdrawn", "签名密钥已吊销"),
    "signer_not_valid_at_iat": ("Signing certificate not valid at generation", "生成时签名证书无效"),
    "untrusted_chain": ("Signer not under an installed root", "签名证书不受信任"),
    "issuer_mismatch": ("Issuer does not match signer", "发证机关与签名方不符"),
    "qr_stale": ("Code too old (possibly a screenshot)", "二维码过旧（可能是截图）"),
    "qr_from_future": ("Code time ahead of station clock", "二维码时间超前于本机时钟"),
    "presentation_expired": ("Code expired", "二维码已过期"),
    "licence_expired": ("Licence expired", "驾驶证已过期"),
    "licence_not_yet_valid": ("Licence not yet valid", "驾驶证尚未生效"),
    "status_suspended": ("Licence suspended", "驾驶证暂扣"),
    "status_revoked": ("Licence revoked", "驾驶证吊销"),
    "status_cancelled": ("Licence cancelled", "驾驶证注销"),
    "status_other": ("Licence not in good standing", "驾驶证状态异常"),
    "document_listed": ("Listed in the authority's status list", "列入发证机关状态清单"),
    "category_missing": ("Required vehicle category missing", "缺少要求的准驾车型"),
    "barcode_only": ("Barcode only: not verified", "仅条形码：未核验"),
    "trust_bundle_stale": ("Trust data out of date", "信任数据已过期"),
    "clock_untrusted": ("Station clock behind", "本机时钟偏慢"),
    "no_trust_installed": ("Station not set up", "本机尚未设置"),
}

# Phrases a reason's message builds from its parameters.
_PHRASES: dict[str, tuple[str, str]] = {
    "lapsed": (" (the category is not valid today)", "（该准驾车型今日不在有效期内）"),
    "floor:bundle_issued": ("it is earlier than the trust bundle's issue time {at}", "早于信任数据包的签发时间 {at}"),
    "floor:code_accepted": ("it is earlier than a code already accepted at {at}", "早于已接受二维码的生成时间 {at}"),
}


def param_text(name: str, value: ParamValue, lang: str = "en", *, zone_shown: dt.datetime | None = None) -> str:
    """One reason parameter in words: seconds (``*_s``) as a duration, times local, statuses named.

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
    if name == "status" and isinstance(value, str):
        return status_text(value, lang)
    return str(value)


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def reason_fields(params: Mapping[str, ParamValue], lang: str = "en", *,
                  zone_shown: dt.datetime | None = None) -> dict[str, str]:
    """The ``{name}`` fields of a reason's sentences, from its structured parameters."""
    fields: dict[str, str] = _Blank({k: param_text(k, v, lang, zone_shown=zone_shown) for k, v in params.items()})
    if "lapsed" in params:
        fields["lapsed"] = _pick(_PHRASES["lapsed"], lang) if params["lapsed"] else ""
    floor = params.get("floor")
    if isinstance(floor, str) and f"floor:{floor}" in _PHRASES:
        fields["behind"] = _pick(_PHRASES[f"floor:{floor}"], lang).format(at=fields["floor_at"])
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
