"""Translations: refresh the .ts source from the code, fill in Chinese, build the .qm.

    python scripts/i18n.py update   # pyside6-lupdate, then fill known translations below
    python scripts/i18n.py build    # pyside6-lrelease: resources/i18n/*.ts -> *.qm (setup runs this)

The Simplified Chinese texts live here, keyed by the English source, so a
new string shows up as missing (the update step lists it) instead of silently
staying English.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "verifier_zh_CN.ts"
BIN = Path(sys.executable).parent

ZH = {
    # Qt's file dialog: the words Qt's own Chinese catalogue lacks (verifier_app/qt/file_dialogs.py)
    "&Look in:": "查找范围(&L)：",
    "Files of &type:": "文件类型(&T)：",
    "Folder": "文件夹",
    "Drive": "驱动器",
    "Unknown": "未知",
    "&About": "关于(&A)",
    "Version of the verifier and of the libraries it uses (F1)": "验证程序及其所用程序库的版本（F1）",
    "About the Driving Licence Verifier": "关于电子驾驶证核验程序",
    "Driving Licence Verifier — checks electronic driving licences offline.": "电子驾驶证核验程序——离线核验电子驾驶证。",
    "Time ({zone})": "时间（{zone}）",
    "Exported {count} entries to {path}": "已导出 {count} 条记录到 {path}",
    "Cancel scan (Esc)": "取消扫描（Esc）",
    "Police checkpoint": "交警检查站",
    "Rental counter": "租车柜台",
    "Insurance desk": "保险柜台",
    "Role: {role} · Required category: {category}": "岗位：{role} · 要求准驾车型：{category}",
    "Scan cancelled.": "已取消扫描。",
    "Reading {name}: frame {n}": "正在读取 {name}：第 {n} 帧",
    "Imported, with a warning": "已导入，但有提示",
    "Verdict not recorded": "结果未记录",
    "Re&move a root…": "移除根证书(&M)…",
    "This root certificate is already installed.": "此根证书已安装。",
    "Install this root certificate?": "安装此根证书？",
    "Compare the fingerprint with the one your authority published. Install it only if every character matches.":
        "请将指纹与发证机关公布的指纹逐字比对，完全一致时才安装。",
    "Install": "安装",
    "Remove a root": "移除根证书",
    "Codes and bundles under the removed root will no longer verify. Root to remove:":
        "移除后，该根证书下的二维码和信任数据包将无法核验。要移除的根证书：",
    "Removing a root certificate": "移除根证书",
    "Install the authority's root certificate first with the \"Install root certificate…\" button below, then import "
    "the bundle again.": "请先用下方的“安装根证书…”按钮安装发证机关的根证书，然后重新导入信任数据包。",
    "Subject: {subject}": "主体：{subject}",
    "Valid: {start} to {end}": "有效期：{start} 至 {end}",
    "SHA-256 fingerprint:": "SHA-256 指纹：",
    "Technical details": "技术详情",
    "Details": "详情",
    "Code claims to be generated {time}": "二维码声称生成于 {time}",
    "Checked at {time}": "核验时间 {time}",
    "Signing key {kid}": "签名密钥 {kid}",
    "Issued by {name} ({code})": "签发机关：{name}（{code}）",
    "Recorded at {time}": "记录时间 {time}",
    "Reason codes: {codes}": "原因代码：{codes}",
    "NOT RECORDED": "未记录",
    "The audit log could not be written, so no verdict is shown. Tell your administrator; scan again once it is fixed.":
        "审计日志无法写入，因此不显示结果。请告知管理员，修复后重新扫描。",
    "camera": "摄像头",
    "file": "文件",
    "pasted picture": "粘贴的图片",
    "pasted text": "粘贴的文本",
    "dropped file": "拖入的文件",
    "typed text": "手动输入",
    "scanner": "扫码枪",
    "command line": "命令行",
    "PAST VERDICT — entry {id}, {time}": "历史结果——第 {id} 条，{time}",
    "Recorded verdict: {verdict}. This is not a scan of the licence in front of you.":
        "当时的结果：{verdict}。这不是对眼前驾驶证的扫描。",
    "This station is not set up: install the issuing authority's root certificate and import a trust bundle. "
    "Until then no licence code can be checked.": "本机尚未设置：请安装发证机关的根证书并导入信任数据包。在此之前无法核验任何驾驶证二维码。",
    "Install trust data…": "安装信任数据…",
    "NO CODE READ": "未读取到二维码",
    "No code read": "未读取到二维码",
    "Problem": "问题",
    "Something went wrong, but the verifier is still running.": "出现了问题，但验证程序仍在运行。",
    "If it happens again, restart the verifier and tell your administrator.": "如再次出现，请重启验证程序并告知管理员。",
    "No root certificate is installed.": "尚未安装根证书。",
    "No trust bundle is imported: codes can't be verified.": "尚未导入信任数据包：无法核验二维码。",
    "STALE — import a newer one": "已过期——请导入更新的数据包",
    "current": "有效",
    "issued {date}, {days:.1f} days ago; next update {next}": "签发于 {date}（{days:.1f} 天前）；下次更新 {next}",
    "Root": "根证书",
    "Trust bundle": "信任数据包",
    "Signers": "签名密钥",
    "Listed licences": "状态清单中的驾驶证",
    "Camera preview": "摄像头画面",
    "Camera problem": "摄像头问题",
    "Starting camera…": "正在启动摄像头…",
    "No camera: it is not connected, or another program is using it. Scanning with files, pasted images and a "
    "barcode scanner still works. Retrying automatically…":
        "没有摄像头：未连接或正被其他程序占用。仍可通过文件、粘贴图片和扫码枪核验。正在自动重试…",
    "The camera stopped sending pictures (unplugged?). Reconnecting automatically…": "摄像头停止传送画面（已拔出？）。正在自动重新连接…",
    "No camera picture": "无摄像头画面",
    "Electronic driving licence (holder display)": "电子驾驶证（持证人显示）",
    "Driving Licence Verifier": "电子驾驶证核验",
    "DEMO": "演示",
    "&Open image or video…": "打开图片或视频(&O)…",
    "Verify a code in an image or video file (Ctrl+O)": "核验图片或视频文件中的二维码 (Ctrl+O)",
    "&Paste image": "粘贴图片(&P)",
    "Verify a code in a copied picture (Ctrl+V)": "核验已复制图片中的二维码 (Ctrl+V)",
    "&Clear result": "清除结果(&C)",
    "Clear the result now, for the next holder (Esc)": "立即清除结果，以便核验下一位持证人 (Esc)",
    "&Settings and trust…": "设置与信任数据(&S)…",
    "Camera, role, policy, language, trust data": "摄像头、岗位、规则、语言、信任数据",
    "&Quit": "退出(&Q)",
    "Type or paste the code text (DL1:… or DLN:…) and press Enter": "输入或粘贴码文本（DL1:… 或 DLN:…）后按回车",
    "Code text": "码文本",
    "&Verify": "核验(&V)",
    "Verify the typed code": "核验输入的码",
    "Trust data: current": "信任数据：有效",
    "set up by the system administrator": "由系统管理员设置",
    "set up on this account (per-user)": "由本账户设置（按用户）",
    "demo station": "演示核验站",
    "fleet sync: NEVER": "集中同步：从未成功",
    "fleet sync {ago}: OUT OF DATE": "集中同步于 {ago}：已过期",
    "fleet sync {ago}": "集中同步于 {ago}",
    "Operator (login)": "操作员（登录账户）",
    "Trust": "信任来源",
    "administrator": "系统管理员",
    "this account": "本账户",
    "demo": "演示",
    "Trust set up on this account, not by a system administrator": "信任数据由本账户设置，而非系统管理员",
    "Demo station: trusts only the demo authority": "演示核验站：仅信任演示发证机关",
    "Trust data: OUT OF DATE — import a current trust bundle": "信任数据：已过期——请导入最新信任数据包",
    "Trust data: MISSING — import a trust bundle": "信任数据：缺失——请导入信任数据包",
    "{n} damaged file(s) ignored": "已忽略 {n} 个损坏的文件",
    "Camera: {fps:.0f} frames/s": "摄像头：{fps:.0f} 帧/秒",
    "Camera: starting": "摄像头：正在启动",
    "Camera: not available": "摄像头：不可用",
    "Camera: reconnecting": "摄像头：正在重新连接",
    "Camera: off": "摄像头：关闭",
    "the pasted picture": "粘贴的图片",
    "the dropped picture": "拖入的图片",
    "Reading {name}…": "正在读取 {name}…",
    "READING…": "正在读取…",
    "NO RESULT": "没有结果",
    "NOT CHECKED": "未检查",
    "This station's settings (station.json) can't be used, so nothing is verified: {why}":
        "本站点的设置（station.json）无法使用，因此不进行任何验证：{why}",
    "Station settings changed by an administrator: {role}": "管理员已更改站点设置：{role}",
    "{name} could not be read, so nothing was verified.": "{name} 无法读取，因此没有进行任何验证。",
    "Open image, video or trust bundle": "打开图片、视频或信任数据包",
    "Images and videos (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;Trust bundles (*.dltrust *.dlstatus);;All files (*)":
        "图片和视频 (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;信任数据包 (*.dltrust *.dlstatus);;所有文件 (*)",
    "The clipboard holds no picture and no code text.": "剪贴板中没有图片，也没有码文本。",
    "Imported trust bundle {authority} number {seq}": "已导入信任数据包 {authority} 第 {seq} 号",
    "Status list {authority} version {version} in force": "状态清单 {authority} 第 {version} 版已生效",
    "Trust bundles and status lists (*.dltrust *.dlstatus)": "信任数据包和状态清单 (*.dltrust *.dlstatus)",
    "Status list": "状态清单",
    "{size} licences; issued {date}; expires {end}": "共 {size} 本驾驶证；签发于 {date}；有效期至 {end}",
    "The damaged files are ignored; import the trust data again to replace them.": "已忽略损坏的文件；请重新导入信任数据以替换。",
    "Settings": "设置",
    "Station": "本机",
    "Trust": "信任数据",
    "Simulated phone (demo)": "模拟手机（演示）",
    "Camera {n}": "摄像头 {n}",
    "Mirror the preview (decoding is not affected)": "镜像显示画面（不影响识别）",
    "Checkpoint (all fields)": "执勤检查（全部信息）",
    "Rental counter (name, portrait, categories, masked number)": "租车柜台（姓名、照片、准驾车型、部分隐藏的证号）",
    "Insurance desk (name, masked number, categories, status)": "保险柜台（姓名、部分隐藏的证号、准驾车型、状态）",
    "none": "无",
    "never": "从不",
    "Play a sound for each new verdict": "每个新结果播放提示音",
    "System language": "跟随系统",
    "&Camera": "摄像头(&C)",
    "&Resolution": "分辨率(&R)",
    "R&ole": "岗位(&O)",
    "Required &vehicle category": "要求的准驾车型(&V)",
    "Maximum QR &age": "二维码最长有效时间(&A)",
    "Clock s&kew": "允许的时钟误差(&K)",
    "Clear result af&ter": "自动清除结果(&T)",
    "&Language": "语言(&L)",
    "Installed trust data": "已安装的信任数据",
    "I&nstall root certificate…": "安装根证书(&N)…",
    "&Import trust bundle…": "导入信任数据包(&I)…",
    "Root certificate": "根证书",
    "Certificates (*.pem *.crt *.cer *.der)": "证书 (*.pem *.crt *.cer *.der)",
    "Installed. Compare this fingerprint with the one your authority published:": "已安装。请将此指纹与发证机关公布的指纹核对：",
    "Trust bundles (*.dltrust)": "信任数据包 (*.dltrust)",
    "Verdict": "核验结果",
    "Reasons and what to do": "原因与处理方法",
    "Code freshness": "二维码时效",
    "Licence holder": "持证人",
    "Holder portrait": "持证人照片",
    "VALID": "有效",
    "INVALID": "无效",
    "NOT VERIFIED": "未核验",
    "Ready to scan": "等待扫码",
    "Hold the licence QR code in front of the camera, or scan it with a barcode scanner.": "请将驾驶证二维码对准摄像头，或使用扫码枪扫描。",
    "Genuine, current licence code. Compare the portrait with the holder.": "真实且最新的驾驶证二维码。请核对照片与持证人本人。",
    "Genuine, current licence code. Check the name against the holder's identity document.":
        "真实且最新的驾驶证二维码。请将姓名与持证人的身份证件核对。",
    "DEMO — not a real licence": "演示——非真实驾驶证",
    "Code claims to be generated {day} {time}": "二维码声称生成于 {day} {time}",
    "Status as of {time}, {age} s ago · station time {now} · codes accepted for {limit} s":
        "状态截至 {time}（{age} 秒前）· 本机时间 {now} · 二维码有效时间 {limit} 秒",
    "Issued by {code} ({name}), signing key {kid}": "发证机关 {code}（{name}），签名密钥 {kid}",
    "Trust bundle {authority} number {seq}": "信任数据包 {authority} 第 {seq} 号",
    "Licence number": "证号",
    "Date of birth": "出生日期",
    "Categories": "准驾车型",
    "Licence valid": "有效期",
    "Status": "状态",
    "History": "历史记录",
    "Any verdict": "全部结果",
    "Valid": "有效",
    "Invalid": "无效",
    "Not verified": "未核验",
    "full licence number": "完整证号",
    "&Search": "查询(&S)",
    "&From": "起始日期(&F)",
    "&To": "截止日期(&T)",
    "&Verdict": "结果(&V)",
    "Licence &number": "证号(&N)",
    "No.": "序号",
    "Time": "时间",
    "Reasons": "原因",
    "Licence": "证号",
    "Input": "输入方式",
    "Operator": "操作员",
    "Past verifications": "历史核验记录",
    "&Reopen": "重新查看(&R)",
    "Receipt (&PDF)…": "凭证（&PDF）…",
    "Export &CSV…": "导出 &CSV…",
    "Export &JSON lines…": "导出 &JSON 行…",
    "Audit chain intact ({n} entries)": "审计记录链完整（{n} 条）",
    "AUDIT CHAIN BROKEN at entry {id}: {problem}": "审计记录链在第 {id} 条处断裂：{problem}",
    "CSV (*.csv)": "CSV (*.csv)",
    "JSON lines (*.jsonl)": "JSON 行 (*.jsonl)",
    "Export": "导出",
    "&History…": "历史记录(&H)…",
    "Search past verifications, reopen, export (Ctrl+H)": "查询、重新查看、导出历史核验记录 (Ctrl+H)",
    "Save &receipt…": "保存凭证(&R)…",
    "Save the shown verdict's receipt as PDF (Ctrl+S)": "将当前结果的凭证保存为 PDF (Ctrl+S)",
    "Pr&int receipt…": "打印凭证(&I)…",
    "Print the shown verdict's receipt (Ctrl+P)": "打印当前结果的凭证 (Ctrl+P)",
    "Importing a trust bundle": "导入信任数据包",
    "The audit log could not be written: tell your administrator.": "无法写入审计日志：请告知管理员。",
    "Administrator": "管理员",
    "{what} needs the administrator passphrase:": "{what}需要管理员口令：",
    "No verdict to make a receipt for.": "当前没有可生成凭证的结果。",
    "Save receipt": "保存凭证",
    "PDF (*.pdf)": "PDF (*.pdf)",
    "Receipt saved: {path}": "凭证已保存：{path}",
    "Changing the role, freshness policy or retention": "修改岗位、时效规则或保存期限",
    "Role, QR age, clock skew and retention need the administrator passphrase.": "岗位、二维码有效时间、时钟误差和保存期限的修改需要管理员口令。",
    " days": " 天",
    " s": " 秒",
    "keep forever": "永久保存",
    "login name": "登录用户名",
    "O&perator": "操作员(&P)",
    "Keep audit log &for": "审计日志保存期限(&F)",
    "Installing a root certificate": "安装根证书",
    "Past verdict, entry {id}, checked {time}": "历史结果，第 {id} 条，核验于 {time}",
    "Operator {operator}, input {source}": "操作员 {operator}，输入方式 {source}",
    "Chain hash {hash}": "记录链哈希 {hash}",
}


def update() -> int:
    subprocess.run([str(BIN / "pyside6-lupdate"), *map(str, sorted((ROOT / "verifier_app" / "qt").rglob("*.py"))),
                    "-no-obsolete", "-ts", str(TS)], check=True)
    text = TS.read_text("utf-8")
    missing = []

    def fill(match: re.Match) -> str:
        source = html.unescape(match.group(1))
        zh = ZH.get(source)
        if zh is None:
            missing.append(source)
            return match.group(0)
        return f"<source>{match.group(1)}</source>{match.group(2)}<translation>{html.escape(zh, quote=False)}</translation>"

    text = re.sub(r"<source>(.*?)</source>(\s*(?:<location[^>]*/>\s*)*)<translation[^>]*>.*?</translation>", fill,
                  text, flags=re.S)
    TS.write_text(text, "utf-8")
    for source in missing:
        print(f"missing Chinese for: {source!r}")
    return 1 if missing else 0


def build() -> int:
    for ts in sorted(TS.parent.glob("*.ts")):
        subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit({"update": update, "build": build}[sys.argv[1] if len(sys.argv) > 1 else "build"]())
