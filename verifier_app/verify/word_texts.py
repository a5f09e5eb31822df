"""The words the verifier names things with, as data: verdicts, licence statuses, input sources, roles,
labels and trust scopes, each an (English, Simplified Chinese) pair keyed by its stable string value.

Apart from ``verifier_app.verify.text``, which picks a language and fills sentences, as the reasons'
sentences are in ``reason_texts``: a translator reads the tables here without the code around them.
"""

from __future__ import annotations

# The banner word for each verdict (verify.result.Verdict values).
VERDICTS: dict[str, tuple[str, str]] = {
    "valid": ("VALID", "有效"),
    "invalid": ("INVALID", "无效"),
    "unverified": ("NOT VERIFIED", "未核验"),
    "no_code": ("NO CODE READ", "未读取到二维码"),
}

# A licence's status (dl1.credential.LicenceStatus values).
STATUSES: dict[str, tuple[str, str]] = {
    "valid": ("valid", "有效"),
    "suspended": ("suspended", "暂扣"),
    "revoked": ("revoked", "吊销"),
    "cancelled": ("cancelled", "注销"),
    "overdue_inspection": ("overdue for inspection", "逾期未审验"),
    "overdue_renewal": ("overdue for renewal", "逾期未换证"),
}

# An audit row's input source and role, as a receipt names them (the window has the same words in its .ts).
SOURCES: dict[str, tuple[str, str]] = {
    "camera": ("camera", "摄像头"),
    "file": ("file", "文件"),
    "paste": ("pasted from the clipboard", "从剪贴板粘贴"),
    "drop": ("dropped file", "拖入的文件"),
    "text": ("typed text", "手动输入"),
    "scanner": ("scanner", "扫码枪"),
    "stdin": ("command line", "命令行"),
}
ROLES: dict[str, tuple[str, str]] = {
    "checkpoint": ("Police checkpoint", "交警检查站"),
    "rental": ("Rental counter", "租车柜台"),
    "insurance": ("Insurance desk", "保险柜台"),
}

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
    "details": ("details", "技术细节"),
    "audit_entry": ("audit entry", "审计记录"),
    "key_id": ("key id", "密钥标识"),
    "unknown": ("unknown", "未知"),
    "trust": ("Trust", "信任来源"),
    "os_login": ("System login", "系统登录账户"),
}

# Whose trust a station verified with (station.paths.TrustScope values), for receipts and the command line.
TRUST_SCOPES: dict[str, tuple[str, str]] = {
    "system": ("set up by the system administrator", "由系统管理员设置"),
    "per_user": ("Trust set up on this account, not by a system administrator",
                 "信任数据由本账户设置，而非系统管理员"),
    "demo": ("Demo station: trusts only the demo authority", "演示核验站：仅信任演示发证机关"),
}
