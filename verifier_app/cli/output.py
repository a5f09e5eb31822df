"""Human-readable rendering of verdicts for the terminal."""

from __future__ import annotations

import datetime as dt

from verifier_app.verify.engine import VerificationResult, Verdict
from verifier_app.verify.reasons import STATUS_NAMES

_WORDS = {
    "en": {
        Verdict.VALID: "VALID",
        Verdict.INVALID: "INVALID",
        Verdict.UNVERIFIED: "NOT VERIFIED",
        Verdict.NO_CODE: "NO CODE READ",
        "holder": "Holder",
        "number": "Licence",
        "categories": "Categories",
        "status": "Status",
        "until": "valid until",
        "generated": "Code generated",
        "ago": "ago",
        "window": "accepted up to",
        "signer": "Signed by",
        "bundle": "trust bundle",
        "todo": "what to do",
        "none": "no licence code found",
    },
    "zh": {
        Verdict.VALID: "有效",
        Verdict.INVALID: "无效",
        Verdict.UNVERIFIED: "未核验",
        Verdict.NO_CODE: "未读取到二维码",
        "holder": "持证人",
        "number": "证号",
        "categories": "准驾车型",
        "status": "状态",
        "until": "有效期至",
        "generated": "二维码生成于",
        "ago": "前",
        "window": "有效时间",
        "signer": "签名方",
        "bundle": "信任数据包",
        "todo": "处理方法",
        "none": "未找到驾驶证二维码",
    },
}


def _local(value: dt.datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def format_result(label: str, result: VerificationResult, lang: str = "en") -> str:
    w = _WORDS.get(lang, _WORDS["en"])
    lines = [f"{label}: {w[result.verdict]}" + (" (DEMO — not a real licence)" if result.is_demo else "")]
    lic = result.licence
    if lic is not None:
        cats = ", ".join(
            p.vehicle_category_code + (f" ({w['until']} {p.expiry_date})" if p.expiry_date else "")
            for p in lic.driving_privileges
        )
        lines.append(f"  {w['holder']}: {lic.family_name} {lic.given_name} · {w['number']} {lic.document_number}"
                     f" · {w['until']} {lic.expiry_date}")
        lines.append(f"  {w['categories']}: {cats} · {w['status']}: {STATUS_NAMES[lang if lang in STATUS_NAMES else 'en'][lic.status.value]}")
    elif result.document_number:
        lines.append(f"  {w['number']}: {result.document_number}")
    if result.generated_at is not None and result.age_s is not None:
        lines.append(f"  {w['generated']} {_local(result.generated_at)} ({result.age_s:.0f} s {w['ago']};"
                     f" {w['window']} {result.max_age_s} s)")
    if result.signer is not None and lic is not None:
        bundle = f", {w['bundle']} {result.bundle.authority} #{result.bundle.sequence}" if result.bundle else ""
        lines.append(f"  {w['signer']}: {result.signer.subject} (kid {result.signer.kid}){bundle}")
    for r in result.reasons:
        mark = {"error": "x", "limitation": "?", "warning": "!"}[r.severity.value]
        lines.append(f"  [{mark}] {r.message(lang)}")
        lines.append(f"      {w['todo']}: {r.action(lang)}")
    return "\n".join(lines)
