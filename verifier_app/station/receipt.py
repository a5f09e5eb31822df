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
from verifier_app.verify.engine import VerificationResult
from verifier_app.verify.reasons import STATUS_NAMES, title
from verifier_app.station.roles import Field, RoleProfile

_L = {
    "en": {
        "heading": "Driving licence verification receipt",
        "valid": "VALID", "invalid": "INVALID", "unverified": "NOT VERIFIED", "no_code": "NO CODE READ",
        "entry": "Audit entry", "time": "Verified at", "station": "Station", "operator": "Operator",
        "source": "Input", "role": "Role", "reasons": "Reasons", "none": "none: all checks passed",
        "generated": "Code generated at", "age": "Age when checked", "issuer": "Issuing authority",
        "signer": "Signing key", "bundle": "Trust bundle number", "licence": "Licence number",
        "name": "Holder", "categories": "Vehicle categories", "validity": "Licence valid", "status": "Status",
        "chain": "Entry chain hash", "previous": "Previous entry hash", "demo": "DEMO — not a real licence",
        "printed": "Receipt made", "seconds": "s", "check": "Check the log's integrity with: verifier audit verify",
    },
    "zh": {
        "heading": "电子驾驶证核验凭证",
        "valid": "有效", "invalid": "无效", "unverified": "未核验", "no_code": "未读取到二维码",
        "entry": "审计记录号", "time": "核验时间", "station": "核验站", "operator": "操作员",
        "source": "输入方式", "role": "岗位", "reasons": "原因", "none": "无：全部检查通过",
        "generated": "二维码生成时间", "age": "核验时二维码时长", "issuer": "发证机关",
        "signer": "签名密钥", "bundle": "信任数据包编号", "licence": "证号",
        "name": "持证人", "categories": "准驾车型", "validity": "有效期", "status": "状态",
        "chain": "记录链哈希", "previous": "上一条记录哈希", "demo": "演示——非真实驾驶证",
        "printed": "凭证生成时间", "seconds": "秒", "check": "可用 verifier audit verify 检查日志完整性",
    },
}
_COLOURS = {"valid": "#1b6e32", "invalid": "#b3261e", "unverified": "#8a5300", "no_code": "#546e7a"}


def _local(iso: str) -> str:
    if not iso:
        return "—"
    return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


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
    w = _L["zh" if lang == "zh" else "en"]
    e = html.escape
    rows: list[tuple[str, str]] = [
        (w["entry"], f"#{entry.id}"),
        (w["time"], _local(entry.at)),
        (w["station"], entry.station_id),
        (w["operator"], entry.operator),
        (w["source"], entry.source),
        (w["role"], entry.role),
    ]
    if entry.generated_at:
        rows.append((w["generated"], _local(entry.generated_at)))
    if entry.age_s is not None:
        rows.append((w["age"], f"{entry.age_s:.0f} {w['seconds']}"))
    if entry.issuer:
        rows.append((w["issuer"], entry.issuer))
    if entry.signer_kid:
        rows.append((w["signer"], entry.signer_kid))
    if entry.bundle_sequence is not None:
        rows.append((w["bundle"], str(entry.bundle_sequence)))
    if entry.document_ref:
        rows.append((w["licence"], entry.document_ref))
    lic = live.licence if live is not None and live.credential_hash == entry.credential_sha256 else None
    if lic is not None and profile is not None:
        if profile.shows(Field.NAME):
            rows.append((w["name"], f"{lic.family_name} {lic.given_name}"))
        if profile.shows(Field.CATEGORIES):
            rows.append((w["categories"], ", ".join(
                p.vehicle_category_code + (f" ({p.issue_date or '…'} – {p.expiry_date or '…'})"
                                           if p.issue_date or p.expiry_date else "")
                for p in lic.driving_privileges)))
        if profile.shows(Field.VALIDITY):
            rows.append((w["validity"], f"{lic.issue_date} – {lic.expiry_date}"))
        if profile.shows(Field.STATUS):
            rows.append((w["status"], STATUS_NAMES["zh" if lang == "zh" else "en"][lic.status.value]))
    reasons = "".join(f"<li>{e(title(code, lang))} <span style='color:#666'>({e(code)})</span></li>"
                      for code in entry.reason_codes) or f"<li>{e(w['none'])}</li>"
    made = (made_at or dt.datetime.now(dt.timezone.utc)).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    table = "".join(f"<tr><td style='color:#555; padding-right:16px'>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows)
    demo = f"<p style='background:#ffeb3b; padding:4px'><b>{e(w['demo'])}</b></p>" if entry.demo else ""
    return (
        "<html><body style='font-family: sans-serif; font-size: 11pt'>"
        f"<h2>{e(w['heading'])}</h2>"
        f"<p style='font-size: 28pt; font-weight: bold; color: {_COLOURS.get(entry.verdict, '#000')}'>"
        f"{e(w.get(entry.verdict, entry.verdict))}</p>{demo}"
        f"<table cellspacing='0' cellpadding='3'>{table}</table>"
        f"<h3>{e(w['reasons'])}</h3><ul>{reasons}</ul>"
        f"<p style='font-size: 9pt'>{e(w['chain'])}: <tt>{e(entry.hash)}</tt><br>"
        f"{e(w['previous'])}: <tt>{e(entry.prev_hash)}</tt><br>"
        f"{e(w['printed'])}: {e(made)}<br>{e(w['check'])}</p>"
        "</body></html>"
    )


