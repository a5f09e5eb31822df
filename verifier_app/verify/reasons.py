"""Stable reason codes, with what each means to an operator and what to do.

The codes are an interface: logs, JSON output and other programs match on
them, so a code is never renamed.  Messages and actions are plain language
in English and Simplified Chinese; ``{detail}``-style fields are filled
from the reason's parameters.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


class Severity(enum.Enum):
    ERROR = "error"  # the verdict is INVALID
    LIMITATION = "limitation"  # authenticity can't be proven: NOT VERIFIED
    WARNING = "warning"  # shown, does not change the verdict


class ReasonCode(str, enum.Enum):
    MALFORMED = "malformed"
    UNSUPPORTED_FORMAT = "unsupported_format"
    NO_CODE_FOUND = "no_code_found"
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
    CLOCK_UNTRUSTED = "clock_untrusted"
    # The station has no trust data at all: a fact about the station, not the licence.
    NO_TRUST_INSTALLED = "no_trust_installed"

    @property
    def severity(self) -> Severity:
        if self in (ReasonCode.BARCODE_ONLY, ReasonCode.NO_TRUST_INSTALLED):
            return Severity.LIMITATION
        if self is ReasonCode.TRUST_BUNDLE_STALE:
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
        ReasonCode.SIGNATURE_INVALID,
        ReasonCode.UNKNOWN_KEY,
        ReasonCode.SIGNER_REVOKED,
        ReasonCode.SIGNER_NOT_VALID_AT_IAT,
        ReasonCode.UNTRUSTED_CHAIN,
        ReasonCode.ISSUER_MISMATCH,
        ReasonCode.NO_TRUST_INSTALLED,  # nothing to check the signature against: show nothing from it
    }
)

_REFRESH_EN = "Ask the holder to refresh the code in the licence app and scan again."
_REFRESH_ZH = "请持证人在电子驾照应用中刷新二维码后重新扫描。"
_IMPORT_EN = "Import a current trust bundle from your issuing authority, then scan again."
_IMPORT_ZH = "请导入发证机关最新的信任数据包后重新扫描。"
_REFUSE_EN = "Do not accept this licence. Follow your procedure for a licence that is not valid."
_REFUSE_ZH = "不要接受此驾驶证，请按无效驾驶证的处理流程办理。"
_FORGERY_EN = "Do not accept this code: it may be forged or altered. Ask for the physical licence."
_FORGERY_ZH = "不要接受此二维码：它可能被伪造或篡改。请查验实体驾驶证。"
_CLOCK_EN = "Set this laptop's clock to the correct date, time and time zone, then scan again."
_CLOCK_ZH = "请检查并校正本机的日期、时间和时区，然后重新扫描。"

# code -> (message en, action en, message zh, action zh)
_TEXT: dict[ReasonCode, tuple[str, str, str, str]] = {
    ReasonCode.MALFORMED: (
        "This is not a readable driving licence code ({detail}).",
        "Ask the holder to show the licence code from the official app; if it persists, ask for the physical licence.",
        "这不是可读取的电子驾驶证二维码（{detail}）。",
        "请持证人出示官方应用中的驾驶证二维码；如仍无法读取，请查验实体驾驶证。",
    ),
    ReasonCode.UNSUPPORTED_FORMAT: (
        "This code uses a format this verifier does not support ({detail}).",
        "Ask the holder to update the licence app; if the code is current, update this verifier.",
        "此二维码的格式本验证程序不支持（{detail}）。",
        "请持证人更新电子驾照应用；如二维码为最新格式，请更新本验证程序。",
    ),
    ReasonCode.NO_CODE_FOUND: (
        "No licence code could be read in {detail}. This says nothing about the licence.",
        "Use a sharper picture in which the whole code is visible and not cut off, or scan the holder's phone "
        "with the camera instead.",
        "未能在{detail}中读取到驾驶证二维码。这并不代表驾驶证本身有问题。",
        "请使用更清晰、二维码完整可见的图片，或改用摄像头直接扫描持证人的手机。",
    ),
    ReasonCode.SIGNATURE_INVALID: (
        "The issuing authority's signature does not match this code.",
        _FORGERY_EN,
        "二维码的发证机关签名校验失败。",
        _FORGERY_ZH,
    ),
    ReasonCode.UNKNOWN_KEY: (
        "This code was signed with a key this station does not know ({detail}).",
        _IMPORT_EN,
        "此二维码的签名密钥不在本机的信任数据中（{detail}）。",
        _IMPORT_ZH,
    ),
    ReasonCode.SIGNER_REVOKED: (
        "The key that signed this code has been withdrawn by the issuing authority.",
        _FORGERY_EN,
        "签署此二维码的密钥已被发证机关吊销。",
        _FORGERY_ZH,
    ),
    ReasonCode.SIGNER_NOT_VALID_AT_IAT: (
        "The signing certificate was not valid when the code was generated ({detail}).",
        _FORGERY_EN,
        "生成二维码时签名证书不在有效期内（{detail}）。",
        _FORGERY_ZH,
    ),
    ReasonCode.UNTRUSTED_CHAIN: (
        "The signing certificate does not lead to a root certificate installed on this station.",
        "Do not accept this code. If the authority is genuine, an administrator must install its root certificate.",
        "签名证书无法追溯到本机已安装的根证书。",
        "不要接受此二维码。如发证机关真实可信，请管理员安装其根证书。",
    ),
    ReasonCode.ISSUER_MISMATCH: (
        "The code claims issuer {claimed} but was signed by {signer}.",
        _FORGERY_EN,
        "二维码声称由 {claimed} 签发，但实际签名方为 {signer}。",
        _FORGERY_ZH,
    ),
    ReasonCode.QR_STALE: (
        "The code was generated {age} ago; codes are accepted for {limit}. It may be a screenshot.",
        _REFRESH_EN,
        "二维码生成于 {age} 前，超过了 {limit} 的有效时间，可能是截图。",
        _REFRESH_ZH,
    ),
    ReasonCode.QR_FROM_FUTURE: (
        "The code's generation time is {ahead} ahead of this laptop's clock.",
        _CLOCK_EN + " If the laptop's clock is right, ask the holder to refresh the code.",
        "二维码的生成时间比本机时钟快 {ahead}。",
        _CLOCK_ZH + "如本机时间正确，请持证人刷新二维码。",
    ),
    ReasonCode.PRESENTATION_EXPIRED: (
        "This code expired at {expired}.",
        _REFRESH_EN,
        "此二维码已于 {expired} 过期。",
        _REFRESH_ZH,
    ),
    ReasonCode.LICENCE_EXPIRED: (
        "The driving licence expired on {date}.",
        _REFUSE_EN,
        "驾驶证已于 {date} 过期。",
        _REFUSE_ZH,
    ),
    ReasonCode.LICENCE_NOT_YET_VALID: (
        "The driving licence is valid only from {date}.",
        _REFUSE_EN,
        "驾驶证自 {date} 起才生效。",
        _REFUSE_ZH,
    ),
    ReasonCode.STATUS_SUSPENDED: (
        "The driving licence is suspended.",
        _REFUSE_EN,
        "驾驶证处于暂扣状态。",
        _REFUSE_ZH,
    ),
    ReasonCode.STATUS_REVOKED: (
        "The driving licence has been revoked.",
        _REFUSE_EN,
        "驾驶证已被吊销。",
        _REFUSE_ZH,
    ),
    ReasonCode.STATUS_CANCELLED: (
        "The driving licence has been cancelled.",
        _REFUSE_EN,
        "驾驶证已被注销。",
        _REFUSE_ZH,
    ),
    ReasonCode.STATUS_OTHER: (
        "The driving licence is not in good standing: {status}.",
        _REFUSE_EN,
        "驾驶证状态异常：{status}。",
        _REFUSE_ZH,
    ),
    ReasonCode.DOCUMENT_LISTED: (
        "The authority's status list marks licence {number} as {status} since {since}.",
        _REFUSE_EN,
        "发证机关的状态清单显示驾驶证 {number} 自 {since} 起为{status}。",
        _REFUSE_ZH,
    ),
    ReasonCode.CATEGORY_MISSING: (
        "The licence does not cover vehicle category {category}{detail}.",
        "Do not let the holder drive a category {category} vehicle.",
        "驾驶证不包含准驾车型 {category}{detail}。",
        "不得允许持证人驾驶 {category} 类车辆。",
    ),
    ReasonCode.BARCODE_ONLY: (
        "Only the barcode was read: it shows the licence number but can't prove the licence is genuine.",
        "Scan the QR code instead to verify the licence.",
        "仅读取到条形码：它只包含驾驶证号码，无法证明驾驶证真实有效。",
        "请改为扫描二维码以核验驾驶证。",
    ),
    ReasonCode.TRUST_BUNDLE_STALE: (
        "This station's trust data is out of date (it should have been replaced on {next_update}).",
        _IMPORT_EN.replace(", then scan again", " soon"),
        "本机的信任数据已过期（应于 {next_update} 前更新）。",
        "请尽快导入发证机关最新的信任数据包。",
    ),
    ReasonCode.NO_TRUST_INSTALLED: (
        "This station is not set up: it holds no trust data from an issuing authority, so the code can't be "
        "checked. This says nothing about the licence.",
        "Install the authority's root certificate and import its trust bundle (Settings and trust), then scan "
        "again.",
        "本机尚未设置：没有任何发证机关的信任数据，因此无法核验此二维码。这并不代表驾驶证本身有问题。",
        "请安装发证机关的根证书并导入其信任数据包（设置与信任），然后重新扫描。",
    ),
    ReasonCode.CLOCK_UNTRUSTED: (
        "This laptop's clock is behind ({detail}), so the code's freshness can't be judged.",
        _CLOCK_EN,
        "本机时钟偏慢（{detail}），无法判断二维码是否新鲜。",
        _CLOCK_ZH,
    ),
}

# Short, parameter-free titles: what a receipt or history row says about a
# past verdict, when only the code was kept.
TITLES: dict[ReasonCode, tuple[str, str]] = {
    ReasonCode.MALFORMED: ("Not a readable licence code", "无法读取的驾驶证二维码"),
    ReasonCode.UNSUPPORTED_FORMAT: ("Unsupported code format", "不支持的二维码格式"),
    ReasonCode.NO_CODE_FOUND: ("No code found", "未找到二维码"),
    ReasonCode.SIGNATURE_INVALID: ("Signature does not match", "签名校验失败"),
    ReasonCode.UNKNOWN_KEY: ("Unknown signing key", "未知的签名密钥"),
    ReasonCode.SIGNER_REVOKED: ("Signing key withdrawn", "签名密钥已吊销"),
    ReasonCode.SIGNER_NOT_VALID_AT_IAT: ("Signing certificate not valid at generation", "生成时签名证书无效"),
    ReasonCode.UNTRUSTED_CHAIN: ("Signer not under an installed root", "签名证书不受信任"),
    ReasonCode.ISSUER_MISMATCH: ("Issuer does not match signer", "发证机关与签名方不符"),
    ReasonCode.QR_STALE: ("Code too old (possibly a screenshot)", "二维码过旧（可能是截图）"),
    ReasonCode.QR_FROM_FUTURE: ("Code time ahead of station clock", "二维码时间超前于本机时钟"),
    ReasonCode.PRESENTATION_EXPIRED: ("Code expired", "二维码已过期"),
    ReasonCode.LICENCE_EXPIRED: ("Licence expired", "驾驶证已过期"),
    ReasonCode.LICENCE_NOT_YET_VALID: ("Licence not yet valid", "驾驶证尚未生效"),
    ReasonCode.STATUS_SUSPENDED: ("Licence suspended", "驾驶证暂扣"),
    ReasonCode.STATUS_REVOKED: ("Licence revoked", "驾驶证吊销"),
    ReasonCode.STATUS_CANCELLED: ("Licence cancelled", "驾驶证注销"),
    ReasonCode.STATUS_OTHER: ("Licence not in good standing", "驾驶证状态异常"),
    ReasonCode.DOCUMENT_LISTED: ("Listed in the authority's status list", "列入发证机关状态清单"),
    ReasonCode.CATEGORY_MISSING: ("Required vehicle category missing", "缺少要求的准驾车型"),
    ReasonCode.BARCODE_ONLY: ("Barcode only: not verified", "仅条形码：未核验"),
    ReasonCode.TRUST_BUNDLE_STALE: ("Trust data out of date", "信任数据已过期"),
    ReasonCode.CLOCK_UNTRUSTED: ("Station clock behind", "本机时钟偏慢"),
    ReasonCode.NO_TRUST_INSTALLED: ("Station not set up", "本机尚未设置"),
}


def title(code: str, lang: str = "en") -> str:
    try:
        return TITLES[ReasonCode(code)][1 if lang == "zh" else 0]
    except ValueError:
        return code


STATUS_NAMES = {
    "en": {
        "valid": "valid",
        "suspended": "suspended",
        "revoked": "revoked",
        "cancelled": "cancelled",
        "overdue_inspection": "overdue for inspection",
        "overdue_renewal": "overdue for renewal",
    },
    "zh": {
        "valid": "有效",
        "suspended": "暂扣",
        "revoked": "吊销",
        "cancelled": "注销",
        "overdue_inspection": "逾期未审验",
        "overdue_renewal": "逾期未换证",
    },
}

LANGUAGES = ("en", "zh")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass(frozen=True)
class Reason:
    """One finding of a verification: a stable code plus the facts behind it."""

    code: ReasonCode
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def message(self, lang: str = "en") -> str:
        template = _TEXT[self.code][2 if lang == "zh" else 0]
        params = dict(self.params)
        if lang == "zh" and "status" in params:
            params["status"] = STATUS_NAMES["zh"].get(params["status"], params["status"])
        elif "status" in params:
            params["status"] = STATUS_NAMES["en"].get(params["status"], params["status"])
        return template.format_map(_Blank(params))

    def action(self, lang: str = "en") -> str:
        return _TEXT[self.code][3 if lang == "zh" else 1].format_map(_Blank(self.params))

    def to_json(self, lang: str = "en") -> dict[str, str]:
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "message": self.message(lang),
            "action": self.action(lang),
        }


def reason(code: ReasonCode, **params: object) -> Reason:
    return Reason(code, {k: str(v) for k, v in params.items()})
