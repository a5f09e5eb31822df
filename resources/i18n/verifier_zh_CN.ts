<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../verifier_app/qt/camera/camera_view.py" line="37"/>
        <source>Camera preview</source>
        <translation>摄像头画面</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera/camera_view.py" line="38"/>
        <source>Camera problem</source>
        <translation>摄像头问题</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera/camera_view.py" line="43"/>
        <source>Starting camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera/camera_view.py" line="63"/>
        <source>No camera: it is not connected, or another program is using it. Scanning with files, pasted images and a barcode scanner still works. Retrying automatically…</source>
        <translation>没有摄像头：未连接或正被其他程序占用。仍可通过文件、粘贴图片和扫码枪核验。正在自动重试…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera/camera_view.py" line="66"/>
        <source>The camera stopped sending pictures (unplugged?). Reconnecting automatically…</source>
        <translation>摄像头停止传送画面（已拔出？）。正在自动重新连接…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera/camera_view.py" line="76"/>
        <source>No camera picture</source>
        <translation>无摄像头画面</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="43"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="50"/>
        <source>Any verdict</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="50"/>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="51"/>
        <source>Invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="51"/>
        <source>Not verified</source>
        <translation>未核验</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="55"/>
        <source>full licence number</source>
        <translation>完整证号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="56"/>
        <source>&amp;Search</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="60"/>
        <source>&amp;From</source>
        <translation>起始日期(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="60"/>
        <source>&amp;To</source>
        <translation>截止日期(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="61"/>
        <source>&amp;Verdict</source>
        <translation>结果(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="61"/>
        <source>Licence &amp;number</source>
        <translation>证号(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="68"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="68"/>
        <source>Time ({zone})</source>
        <translation>时间（{zone}）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="69"/>
        <source>Verdict</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="69"/>
        <source>Reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="70"/>
        <source>Licence</source>
        <translation>证号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="70"/>
        <source>Input</source>
        <translation>输入方式</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="70"/>
        <source>Operator (login)</source>
        <translation>操作员（登录账户）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="71"/>
        <source>Trust</source>
        <translation>信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="76"/>
        <source>Past verifications</source>
        <translation>历史核验记录</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="78"/>
        <source>&amp;Reopen</source>
        <translation>重新查看(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="78"/>
        <source>Receipt (&amp;PDF)…</source>
        <translation>凭证（&amp;PDF）…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="79"/>
        <source>Export &amp;CSV…</source>
        <translation>导出 &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="80"/>
        <source>Export &amp;JSON lines…</source>
        <translation>导出 &amp;JSON 行…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="110"/>
        <source>administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="110"/>
        <source>this account</source>
        <translation>本账户</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="111"/>
        <source>demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="119"/>
        <source>Audit chain intact ({n} entries)</source>
        <translation>审计记录链完整（{n} 条）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="120"/>
        <source>AUDIT CHAIN BROKEN at entry {id}: {problem}</source>
        <translation>审计记录链在第 {id} 条处断裂：{problem}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="144"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="144"/>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON 行 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="148"/>
        <location filename="../../verifier_app/qt/evidence/history.py" line="160"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="156"/>
        <source>Exported {count} entries to {path}</source>
        <translation>已导出 {count} 条记录到 {path}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/history.py" line="52"/>
        <source>No code read</source>
        <translation>未读取到二维码</translation>
    </message>
</context>
<context>
    <name>HolderDisplay</name>
    <message>
        <location filename="../../verifier_app/qt/holder/holder_display.py" line="61"/>
        <source>Electronic driving licence (holder display)</source>
        <translation>电子驾驶证（持证人显示）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../verifier_app/qt/app.py" line="98"/>
        <source>The damaged files are ignored; import the trust data again to replace them.</source>
        <translation>已忽略损坏的文件；请重新导入信任数据以替换。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="229"/>
        <source>Driving Licence Verifier</source>
        <translation>电子驾驶证核验</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="230"/>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="232"/>
        <source>&amp;Open image or video…</source>
        <translation>打开图片或视频(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="232"/>
        <source>Verify a code in an image or video file (Ctrl+O)</source>
        <translation>核验图片或视频文件中的二维码 (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="233"/>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="233"/>
        <source>Verify a code in a copied picture (Ctrl+V)</source>
        <translation>核验已复制图片中的二维码 (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="234"/>
        <source>&amp;Clear result</source>
        <translation>清除结果(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="234"/>
        <source>Clear the result now, for the next holder (Esc)</source>
        <translation>立即清除结果，以便核验下一位持证人 (Esc)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="235"/>
        <source>&amp;Settings and trust…</source>
        <translation>设置与信任数据(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="235"/>
        <source>Camera, role, policy, language, trust data</source>
        <translation>摄像头、岗位、规则、语言、信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="236"/>
        <source>&amp;History…</source>
        <translation>历史记录(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="236"/>
        <source>Search past verifications, reopen, export (Ctrl+H)</source>
        <translation>查询、重新查看、导出历史核验记录 (Ctrl+H)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="237"/>
        <source>Save &amp;receipt…</source>
        <translation>保存凭证(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="237"/>
        <source>Save the shown verdict&apos;s receipt as PDF (Ctrl+S)</source>
        <translation>将当前结果的凭证保存为 PDF (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="238"/>
        <source>Print the shown verdict&apos;s receipt (Ctrl+P)</source>
        <translation>打印当前结果的凭证 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="238"/>
        <source>Pr&amp;int receipt…</source>
        <translation>打印凭证(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="239"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="240"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="240"/>
        <source>Version of the verifier and of the libraries it uses (F1)</source>
        <translation>验证程序及其所用程序库的版本（F1）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="249"/>
        <source>Type or paste the code text (DL1:… or DLN:…) and press Enter</source>
        <translation>输入或粘贴码文本（DL1:… 或 DLN:…）后按回车</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="250"/>
        <source>Code text</source>
        <translation>码文本</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="251"/>
        <source>&amp;Verify</source>
        <translation>核验(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="256"/>
        <source>Verify the typed code</source>
        <translation>核验输入的码</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="257"/>
        <source>Cancel scan (Esc)</source>
        <translation>取消扫描（Esc）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="66"/>
        <source>Police checkpoint</source>
        <translation>交警检查站</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="67"/>
        <source>Rental counter</source>
        <translation>租车柜台</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="68"/>
        <source>Insurance desk</source>
        <translation>保险柜台</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="70"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="71"/>
        <source>Role: {role} · Required category: {category}</source>
        <translation>岗位：{role} · 要求准驾车型：{category}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="109"/>
        <source>This station&apos;s settings (station.json) can&apos;t be used, so nothing is verified: {why}</source>
        <translation>本站点的设置（station.json）无法使用，因此不进行任何验证：{why}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="130"/>
        <source>Station settings changed by an administrator: {role}</source>
        <translation>管理员已更改站点设置：{role}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="147"/>
        <source>Trust data: current</source>
        <translation>信任数据：有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="148"/>
        <source>Trust data: OUT OF DATE — import a current trust bundle</source>
        <translation>信任数据：已过期——请导入最新信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="149"/>
        <source>Trust data: MISSING — import a trust bundle</source>
        <translation>信任数据：缺失——请导入信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="153"/>
        <source>set up by the system administrator</source>
        <translation>由系统管理员设置</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="154"/>
        <source>set up on this account (per-user)</source>
        <translation>由本账户设置（按用户）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="155"/>
        <source>demo station</source>
        <translation>演示核验站</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="158"/>
        <source>{n} damaged file(s) ignored</source>
        <translation>已忽略 {n} 个损坏的文件</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="163"/>
        <source>fleet sync: NEVER</source>
        <translation>集中同步：从未成功</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="164"/>
        <source>fleet sync {ago}: OUT OF DATE</source>
        <translation>集中同步于 {ago}：已过期</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="165"/>
        <source>fleet sync {ago}</source>
        <translation>集中同步于 {ago}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="284"/>
        <source>Camera: {fps:.0f} frames/s</source>
        <translation>摄像头：{fps:.0f} 帧/秒</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="285"/>
        <source>Camera: starting</source>
        <translation>摄像头：正在启动</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="285"/>
        <source>Camera: not available</source>
        <translation>摄像头：不可用</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="286"/>
        <source>Camera: reconnecting</source>
        <translation>摄像头：正在重新连接</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="286"/>
        <source>Camera: off</source>
        <translation>摄像头：关闭</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="68"/>
        <source>NO RESULT</source>
        <translation>没有结果</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="76"/>
        <source>NOT CHECKED</source>
        <translation>未检查</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="88"/>
        <location filename="../../verifier_app/qt/window/input_window.py" line="149"/>
        <source>the pasted picture</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="94"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="95"/>
        <source>READING…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="103"/>
        <source>Scan cancelled.</source>
        <translation>已取消扫描。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="111"/>
        <source>Reading {name}: frame {n}</source>
        <translation>正在读取 {name}：第 {n} 帧</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="133"/>
        <source>{name} could not be read, so nothing was verified.</source>
        <translation>{name} 无法读取，因此没有进行任何验证。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="139"/>
        <source>Open image, video or trust bundle</source>
        <translation>打开图片、视频或信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="140"/>
        <source>Images and videos (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;Trust bundles (*.dltrust *.dlstatus);;All files (*)</source>
        <translation>图片和视频 (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;信任数据包 (*.dltrust *.dlstatus);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="157"/>
        <source>The clipboard holds no picture and no code text.</source>
        <translation>剪贴板中没有图片，也没有码文本。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/input_window.py" line="182"/>
        <source>the dropped picture</source>
        <translation>拖入的图片</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="176"/>
        <source>Importing a trust bundle</source>
        <translation>导入信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="189"/>
        <source>Status list {authority} version {version} in force</source>
        <translation>状态清单 {authority} 第 {version} 版已生效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="192"/>
        <source>Imported trust bundle {authority} number {seq}</source>
        <translation>已导入信任数据包 {authority} 第 {seq} 号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="196"/>
        <source>Imported, with a warning</source>
        <translation>已导入，但有提示</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="347"/>
        <source>Verdict not recorded</source>
        <translation>结果未记录</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/admin_gate.py" line="65"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/admin_gate.py" line="66"/>
        <source>{what} needs the administrator passphrase:</source>
        <translation>{what}需要管理员口令：</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="52"/>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="71"/>
        <source>No verdict to make a receipt for.</source>
        <translation>当前没有可生成凭证的结果。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="55"/>
        <source>Save receipt</source>
        <translation>保存凭证</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="56"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="66"/>
        <source>Receipt saved: {path}</source>
        <translation>凭证已保存：{path}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="106"/>
        <source>About the Driving Licence Verifier</source>
        <translation>关于电子驾驶证核验程序</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/evidence/evidence_window.py" line="107"/>
        <source>Driving Licence Verifier — checks electronic driving licences offline.</source>
        <translation>电子驾驶证核验程序——离线核验电子驾驶证。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/station_window.py" line="220"/>
        <source>Changing the role, freshness policy or retention</source>
        <translation>修改岗位、时效规则或保存期限</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="253"/>
        <source>This station is not set up: install the issuing authority&apos;s root certificate and import a trust bundle. Until then no licence code can be checked.</source>
        <translation>本机尚未设置：请安装发证机关的根证书并导入信任数据包。在此之前无法核验任何驾驶证二维码。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/window/main_window.py" line="255"/>
        <source>Install trust data…</source>
        <translation>安装信任数据…</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../../verifier_app/qt/file_dialogs.py" line="19"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/file_dialogs.py" line="20"/>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/file_dialogs.py" line="21"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../verifier_app/qt/file_dialogs.py" line="17"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/file_dialogs.py" line="18"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="44"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="48"/>
        <source>Station</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="49"/>
        <source>Trust</source>
        <translation>信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="64"/>
        <source>Role, QR age, clock skew and retention need the administrator passphrase.</source>
        <translation>岗位、二维码有效时间、时钟误差和保存期限的修改需要管理员口令。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="69"/>
        <source>Simulated phone (demo)</source>
        <translation>模拟手机（演示）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="73"/>
        <source>Camera {n}</source>
        <translation>摄像头 {n}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="79"/>
        <source>Mirror the preview (decoding is not affected)</source>
        <translation>镜像显示画面（不影响识别）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="82"/>
        <source>Checkpoint (all fields)</source>
        <translation>执勤检查（全部信息）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="83"/>
        <source>Rental counter (name, portrait, categories, masked number)</source>
        <translation>租车柜台（姓名、照片、准驾车型、部分隐藏的证号）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="88"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="92"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="96"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="97"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="98"/>
        <source>keep forever</source>
        <translation>永久保存</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="100"/>
        <source>login name</source>
        <translation>登录用户名</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="101"/>
        <source>Play a sound for each new verdict</source>
        <translation>每个新结果播放提示音</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="104"/>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="109"/>
        <source>&amp;Camera</source>
        <translation>摄像头(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="109"/>
        <source>&amp;Resolution</source>
        <translation>分辨率(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="110"/>
        <source>R&amp;ole</source>
        <translation>岗位(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="110"/>
        <source>Required &amp;vehicle category</source>
        <translation>要求的准驾车型(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="111"/>
        <source>Maximum QR &amp;age</source>
        <translation>二维码最长有效时间(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="111"/>
        <source>Clock s&amp;kew</source>
        <translation>允许的时钟误差(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="112"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="113"/>
        <source>Keep audit log &amp;for</source>
        <translation>审计日志保存期限(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="148"/>
        <source>Installed trust data</source>
        <translation>已安装的信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="151"/>
        <source>&amp;Import trust bundle…</source>
        <translation>导入信任数据包(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="153"/>
        <source>Re&amp;move a root…</source>
        <translation>移除根证书(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="169"/>
        <source>Root certificate</source>
        <translation>根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="169"/>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation>证书 (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="183"/>
        <source>This root certificate is already installed.</source>
        <translation>此根证书已安装。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="185"/>
        <source>Installing a root certificate</source>
        <translation>安装根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="229"/>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="272"/>
        <source>Trust bundle</source>
        <translation>信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="230"/>
        <source>Trust bundles and status lists (*.dltrust *.dlstatus)</source>
        <translation>信任数据包和状态清单 (*.dltrust *.dlstatus)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="235"/>
        <source>Importing a trust bundle</source>
        <translation>导入信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="271"/>
        <source>Root</source>
        <translation>根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="273"/>
        <source>Signers</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="274"/>
        <source>Listed licences</source>
        <translation>状态清单中的驾驶证</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="300"/>
        <source>Status list</source>
        <translation>状态清单</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="305"/>
        <source>{size} licences; issued {date}; expires {end}</source>
        <translation>共 {size} 本驾驶证；签发于 {date}；有效期至 {end}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="209"/>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="277"/>
        <source>No root certificate is installed.</source>
        <translation>尚未安装根证书。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="84"/>
        <source>Insurance desk (name, masked number, categories, status)</source>
        <translation>保险柜台（姓名、部分隐藏的证号、准驾车型、状态）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="112"/>
        <source>Clear result af&amp;ter</source>
        <translation>自动清除结果(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="113"/>
        <source>O&amp;perator</source>
        <translation>操作员(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="149"/>
        <source>I&amp;nstall root certificate…</source>
        <translation>安装根证书(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="196"/>
        <source>Install this root certificate?</source>
        <translation>安装此根证书？</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="198"/>
        <source>Compare the fingerprint with the one your authority published. Install it only if every character matches.</source>
        <translation>请将指纹与发证机关公布的指纹逐字比对，完全一致时才安装。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="200"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="212"/>
        <source>Remove a root</source>
        <translation>移除根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="213"/>
        <source>Codes and bundles under the removed root will no longer verify. Root to remove:</source>
        <translation>移除后，该根证书下的二维码和信任数据包将无法核验。要移除的根证书：</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="218"/>
        <source>Removing a root certificate</source>
        <translation>移除根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="241"/>
        <source>Install the authority&apos;s root certificate first with the &quot;Install root certificate…&quot; button below, then import the bundle again.</source>
        <translation>请先用下方的“安装根证书…”按钮安装发证机关的根证书，然后重新导入信任数据包。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="251"/>
        <source>Imported, with a warning</source>
        <translation>已导入，但有提示</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="261"/>
        <source>Subject: {subject}</source>
        <translation>主体：{subject}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="263"/>
        <source>Valid: {start} to {end}</source>
        <translation>有效期：{start} 至 {end}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="265"/>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 指纹：</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="282"/>
        <source>No trust bundle is imported: codes can&apos;t be verified.</source>
        <translation>尚未导入信任数据包：无法核验二维码。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="288"/>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="302"/>
        <source>STALE — import a newer one</source>
        <translation>已过期——请导入更新的数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="290"/>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="303"/>
        <source>current</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings/settings_dialog.py" line="293"/>
        <source>issued {date}, {days:.1f} days ago; next update {next}</source>
        <translation>签发于 {date}（{days:.1f} 天前）；下次更新 {next}</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="113"/>
        <source>Verdict</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="114"/>
        <source>Reasons and what to do</source>
        <translation>原因与处理方法</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="115"/>
        <source>Code freshness</source>
        <translation>二维码时效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="116"/>
        <source>Licence holder</source>
        <translation>持证人</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="117"/>
        <source>Holder portrait</source>
        <translation>持证人照片</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="118"/>
        <source>Technical details</source>
        <translation>技术详情</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="152"/>
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="153"/>
        <source>INVALID</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="154"/>
        <source>NOT VERIFIED</source>
        <translation>未核验</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="156"/>
        <source>Ready to scan</source>
        <translation>等待扫码</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="161"/>
        <source>Hold the licence QR code in front of the camera, or scan it with a barcode scanner.</source>
        <translation>请将驾驶证二维码对准摄像头，或使用扫码枪扫描。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="166"/>
        <source>Genuine, current licence code. Compare the portrait with the holder.</source>
        <translation>真实且最新的驾驶证二维码。请核对照片与持证人本人。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="167"/>
        <source>Genuine, current licence code. Check the name against the holder&apos;s identity document.</source>
        <translation>真实且最新的驾驶证二维码。请将姓名与持证人的身份证件核对。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="176"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="205"/>
        <source>DEMO — not a real licence</source>
        <translation>演示——非真实驾驶证</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="266"/>
        <source>Trust set up on this account, not by a system administrator</source>
        <translation>信任数据由本账户设置，而非系统管理员</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="267"/>
        <source>Demo station: trusts only the demo authority</source>
        <translation>演示核验站：仅信任演示发证机关</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="279"/>
        <source>Code claims to be generated {time}</source>
        <translation>二维码声称生成于 {time}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="286"/>
        <source>Checked at {time}</source>
        <translation>核验时间 {time}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="294"/>
        <source>Signing key {kid}</source>
        <translation>签名密钥 {kid}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="348"/>
        <source>Issued by {name} ({code})</source>
        <translation>签发机关：{name}（{code}）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="255"/>
        <source>Operator {operator}, input {source}</source>
        <translation>操作员 {operator}，输入方式 {source}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="259"/>
        <source>Recorded at {time}</source>
        <translation>记录时间 {time}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="261"/>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="289"/>
        <source>Reason codes: {codes}</source>
        <translation>原因代码：{codes}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="262"/>
        <source>Chain hash {hash}</source>
        <translation>记录链哈希 {hash}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="311"/>
        <source>Licence number</source>
        <translation>证号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="311"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="311"/>
        <source>Categories</source>
        <translation>准驾车型</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="312"/>
        <source>Licence valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="312"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="296"/>
        <source>Trust bundle {authority} number {seq}</source>
        <translation>信任数据包 {authority} 第 {seq} 号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="155"/>
        <source>NO CODE READ</source>
        <translation>未读取到二维码</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="226"/>
        <source>NOT RECORDED</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="227"/>
        <source>The audit log could not be written, so no verdict is shown. Tell your administrator; scan again once it is fixed.</source>
        <translation>审计日志无法写入，因此不显示结果。请告知管理员，修复后重新扫描。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="241"/>
        <source>PAST VERDICT — entry {id}, {time}</source>
        <translation>历史结果——第 {id} 条，{time}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict/verdict_panel.py" line="242"/>
        <source>Recorded verdict: {verdict}. This is not a scan of the licence in front of you.</source>
        <translation>当时的结果：{verdict}。这不是对眼前驾驶证的扫描。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../verifier_app/qt/errors.py" line="26"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/errors.py" line="32"/>
        <source>Something went wrong, but the verifier is still running.</source>
        <translation>出现了问题，但验证程序仍在运行。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/errors.py" line="33"/>
        <source>If it happens again, restart the verifier and tell your administrator.</source>
        <translation>如再次出现，请重启验证程序并告知管理员。</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="11"/>
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="12"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="13"/>
        <source>pasted picture</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="14"/>
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="15"/>
        <source>dropped file</source>
        <translation>拖入的文件</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="16"/>
        <source>typed text</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="17"/>
        <source>scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/words.py" line="18"/>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
</context>
</TS>
