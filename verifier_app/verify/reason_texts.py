"""The reasons' sentences, as data: one row per reason code, English and Simplified Chinese.

``verifier_app.verify.text`` fills them from a reason's structured
parameters; nothing else reads these tables.  docs/format.md section 12
quotes the English texts (a test compares them).
"""

from __future__ import annotations

_REFRESH = ("Ask the holder to refresh the code in the licence app and scan again.",
            "请持证人在电子驾照应用中刷新二维码后重新扫描。")
# An action is first what the officer does with the holder standing there; an administrator's job
# (trust data, root certificates, the clock, updates) comes after it, as something to ask for.
_ANOTHER_WAY = ("verify the licence another way, such as the physical licence",
                "请用其他方式核验驾驶证（如查验实体驾驶证）")
_CANT_CHECK = (f"This station can't check this code: don't accept it as proof; {_ANOTHER_WAY[0]}",
               f"本机无法核验此二维码：不要将其作为有效证明，{_ANOTHER_WAY[1]}")
_REFUSE = ("Do not accept this licence. Follow your procedure for a licence that is not valid.",
           "不要接受此驾驶证，请按无效驾驶证的处理流程办理。")
_FORGERY = ("Do not accept this code: it may be forged or altered. Ask for the physical licence.",
            "不要接受此二维码：它可能被伪造或篡改。请查验实体驾驶证。")
_CLOCK = (f"This station can't judge codes until its clock is right: {_ANOTHER_WAY[0]}; ask your administrator "
          "to set this laptop's date, time and time zone.",
          f"本机时钟不准，无法判断二维码：{_ANOTHER_WAY[1]}；并请管理员校正本机的日期、时间和时区。")

# code -> (message en, action en, message zh, action zh).  ``{name}`` fields are
# the reason's parameters put into words (see ``reason_fields``).  Technical
# details (``detail`` of malformed and unsupported_format: "bad Base45...", in
# English from the format's parser) are no message's main words, in either
# language: they stay in the JSON parameters, Reason.technical_detail, the
# window's "Details" and the command line's "details:" line.
REASON_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "malformed": (
        "This is not a readable driving licence code.",
        "Ask the holder to show the licence code from the official app; if it persists, ask for the physical licence.",
        "这不是可读取的电子驾驶证二维码。",
        "请持证人出示官方应用中的驾驶证二维码；如仍无法读取，请查验实体驾驶证。",
    ),
    "unsupported_format": (
        "This code uses a format this verifier does not support.",
        f"Ask the holder to update the licence app and show the code again; if it still fails, {_ANOTHER_WAY[0]}, "
        "and ask your administrator to update this verifier.",
        "此二维码的格式本验证程序不支持。",
        f"请持证人更新电子驾照应用后重新出示二维码；如仍无法核验，{_ANOTHER_WAY[1]}，并请管理员更新本验证程序。",
    ),
    "input_too_long": (
        "This line has {length_chars} characters; one scanned line has at most {limit_chars}: it is not a "
        "licence code and was not read.",
        "Check what feeds this command: it must give one scanned code per line (a licence code is a few "
        "thousand characters at most). Scan the holder's code again.",
        "此行有 {length_chars} 个字符，而一行扫描内容最多 {limit_chars} 个字符：这不是驾驶证二维码，未予读取。",
        "请检查向本命令输入的来源：每行只能有一个扫描的二维码（驾驶证二维码最多几千个字符）。请重新扫描持证人的二维码。",
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
        _CANT_CHECK[0] + "; ask your administrator to install a current trust bundle.",
        "此二维码的签名密钥不在本机的信任数据中（密钥标识 {kid}）。",
        _CANT_CHECK[1] + "；并请管理员安装最新的信任数据包。",
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
        f"Do not accept this code; {_ANOTHER_WAY[0]}. If the issuing authority is genuine, ask your administrator "
        "to install its root certificate.",
        "签名证书无法追溯到本机已安装的根证书。",
        f"不要接受此二维码，{_ANOTHER_WAY[1]}。如发证机关真实可信，请管理员安装其根证书。",
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
        "Ask the holder to check the time on their phone, refresh the code and scan again; if this laptop's clock "
        "is wrong, ask your administrator to set it.",
        "二维码的生成时间比本机时钟快 {ahead_s}。",
        "请持证人检查手机时间并刷新二维码后重新扫描；如本机时钟有误，请管理员校正。",
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
        "Ask your administrator to import a current trust bundle from your issuing authority soon.",
        "本机的信任数据已过期（应于 {next_update} 前更新）。",
        "请尽快让管理员导入发证机关最新的信任数据包。",
    ),
    "status_listed": (
        "The authority's status list of {list_date} marks this licence as {status}.",
        _REFUSE[0],
        "发证机关 {list_date} 的状态清单显示此驾驶证为{status}。",
        _REFUSE[1],
    ),
    "status_list_missing": (
        "This station has no current status list for this code, so a suspension or revocation since the code "
        "was generated can't be checked here.",
        "Have an administrator import the authority's current status list soon.",
        "本机没有此二维码对应的状态清单，无法核查二维码生成后驾驶证是否被暂扣或吊销。",
        "请管理员尽快导入发证机关最新的状态清单。",
    ),
    "status_list_stale": (
        "This station's status list is out of date (it expired on {expired_at}).",
        "Have an administrator import the authority's current status list soon.",
        "本机的状态清单已过期（已于 {expired_at} 失效）。",
        "请管理员尽快导入发证机关最新的状态清单。",
    ),
    "no_trust_installed": (
        "This station is not set up: it holds no trust data from an issuing authority, so the code can't be "
        "checked. This says nothing about the licence.",
        _CANT_CHECK[0] + "; ask your administrator to install the authority's root certificate and trust bundle "
        "(Settings and trust).",
        "本机尚未设置：没有任何发证机关的信任数据，因此无法核验此二维码。这并不代表驾驶证本身有问题。",
        _CANT_CHECK[1] + "；并请管理员安装发证机关的根证书和信任数据包（设置与信任）。",
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
    "input_too_long": ("Input line too long: not read", "输入行过长：未读取"),
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
    "status_listed": ("Not valid in the authority's status list", "状态清单显示无效"),
    "status_list_missing": ("No status list for this code", "缺少状态清单"),
    "status_list_stale": ("Status list out of date", "状态清单已过期"),
    "clock_untrusted": ("Station clock behind", "本机时钟偏慢"),
    "no_trust_installed": ("Station not set up", "本机尚未设置"),
}

# Phrases a reason's message builds from its parameters.
PHRASES: dict[str, tuple[str, str]] = {
    "lapsed": (" (the category is not valid today)", "（该准驾车型今日不在有效期内）"),
    "floor:bundle_issued": ("it is earlier than the trust bundle's issue time {at}", "早于信任数据包的签发时间 {at}"),
    "floor:code_accepted": ("it is earlier than a code already accepted at {at}", "早于已接受二维码的生成时间 {at}"),
}
