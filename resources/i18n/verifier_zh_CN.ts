<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CameraView</name>
    <message>
        <location filename="../../verifier_app/qt/camera_view.py" line="37"/>
        <source>Camera preview</source>
        <translation>摄像头画面</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera_view.py" line="38"/>
        <source>Camera problem</source>
        <translation>摄像头问题</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera_view.py" line="43"/>
        <source>Starting camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera_view.py" line="63"/>
        <source>No camera: it is not connected, or another program is using it. Scanning with files, pasted images and a barcode scanner still works. Retrying automatically…</source>
        <translation>没有摄像头：未连接或正被其他程序占用。仍可通过文件、粘贴图片和扫码枪核验。正在自动重试…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera_view.py" line="66"/>
        <source>The camera stopped sending pictures (unplugged?). Reconnecting automatically…</source>
        <translation>摄像头停止传送画面（已拔出？）。正在自动重新连接…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/camera_view.py" line="74"/>
        <source>No camera picture</source>
        <translation>无摄像头画面</translation>
    </message>
</context>
<context>
    <name>HolderDisplay</name>
    <message>
        <location filename="../../verifier_app/qt/holder_display.py" line="59"/>
        <source>Electronic driving licence (holder display)</source>
        <translation>电子驾驶证（持证人显示）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../verifier_app/qt/app.py" line="87"/>
        <source>The damaged files are ignored; import the trust data again to replace them.</source>
        <translation>已忽略损坏的文件；请重新导入信任数据以替换。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="196"/>
        <source>Driving Licence Verifier</source>
        <translation>电子驾驶证核验</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="197"/>
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="199"/>
        <source>&amp;Open image or video…</source>
        <translation>打开图片或视频(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="199"/>
        <source>Verify a code in an image or video file (Ctrl+O)</source>
        <translation>核验图片或视频文件中的二维码 (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="200"/>
        <source>&amp;Paste image</source>
        <translation>粘贴图片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="200"/>
        <source>Verify a code in a copied picture (Ctrl+V)</source>
        <translation>核验已复制图片中的二维码 (Ctrl+V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="201"/>
        <source>&amp;Clear result</source>
        <translation>清除结果(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="201"/>
        <source>Clear the result now, for the next holder (Esc)</source>
        <translation>立即清除结果，以便核验下一位持证人 (Esc)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="202"/>
        <source>&amp;Settings and trust…</source>
        <translation>设置与信任数据(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="202"/>
        <source>Camera, role, policy, language, trust data</source>
        <translation>摄像头、岗位、规则、语言、信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="203"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="209"/>
        <source>Type or paste the code text (DL1:… or DLN:…) and press Enter</source>
        <translation>输入或粘贴码文本（DL1:… 或 DLN:…）后按回车</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="210"/>
        <source>Code text</source>
        <translation>码文本</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="211"/>
        <source>&amp;Verify</source>
        <translation>核验(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="212"/>
        <source>Verify the typed code</source>
        <translation>核验输入的码</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="234"/>
        <source>Trust data: current</source>
        <translation>信任数据：有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="235"/>
        <source>Trust data: OUT OF DATE — import a current trust bundle</source>
        <translation>信任数据：已过期——请导入最新信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="236"/>
        <source>Trust data: MISSING — import a trust bundle</source>
        <translation>信任数据：缺失——请导入信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="239"/>
        <source>{n} damaged file(s) ignored</source>
        <translation>已忽略 {n} 个损坏的文件</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="280"/>
        <source>Camera: {fps:.0f} frames/s</source>
        <translation>摄像头：{fps:.0f} 帧/秒</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="281"/>
        <source>Camera: starting</source>
        <translation>摄像头：正在启动</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="281"/>
        <source>Camera: not available</source>
        <translation>摄像头：不可用</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="282"/>
        <source>Camera: reconnecting</source>
        <translation>摄像头：正在重新连接</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="282"/>
        <source>Camera: off</source>
        <translation>摄像头：关闭</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="311"/>
        <source>the pasted picture</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="319"/>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="324"/>
        <source>Open image, video or trust bundle</source>
        <translation>打开图片、视频或信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="325"/>
        <source>Images and videos (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;Trust bundles (*.dltrust);;All files (*)</source>
        <translation>图片和视频 (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;信任数据包 (*.dltrust);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="340"/>
        <source>The clipboard holds no picture and no code text.</source>
        <translation>剪贴板中没有图片，也没有码文本。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/main_window.py" line="355"/>
        <source>Imported trust bundle {authority} number {seq}</source>
        <translation>已导入信任数据包 {authority} 第 {seq} 号</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="42"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="46"/>
        <source>Station</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="47"/>
        <source>Trust</source>
        <translation>信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="64"/>
        <source>Simulated phone (demo)</source>
        <translation>模拟手机（演示）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="68"/>
        <source>Camera {n}</source>
        <translation>摄像头 {n}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="74"/>
        <source>Mirror the preview (decoding is not affected)</source>
        <translation>镜像显示画面（不影响识别）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="77"/>
        <source>Checkpoint (all fields)</source>
        <translation>执勤检查（全部信息）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="78"/>
        <source>Rental counter (name, portrait, categories, masked number)</source>
        <translation>租车柜台（姓名、照片、准驾车型、部分隐藏的证号）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="79"/>
        <source>Insurance desk (name, number, categories, status)</source>
        <translation>保险柜台（姓名、证号、准驾车型、状态）</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="84"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="88"/>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="89"/>
        <source>Play a sound for each new verdict</source>
        <translation>每个新结果播放提示音</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="92"/>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="97"/>
        <source>&amp;Camera</source>
        <translation>摄像头(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="97"/>
        <source>&amp;Resolution</source>
        <translation>分辨率(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="98"/>
        <source>R&amp;ole</source>
        <translation>岗位(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="98"/>
        <source>Required &amp;vehicle category</source>
        <translation>要求的准驾车型(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="99"/>
        <source>Maximum QR &amp;age</source>
        <translation>二维码最长有效时间(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="99"/>
        <source>Clock s&amp;kew</source>
        <translation>允许的时钟误差(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="100"/>
        <source>Clear result &amp;after</source>
        <translation>自动清除结果(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="100"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="133"/>
        <source>Installed trust data</source>
        <translation>已安装的信任数据</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="134"/>
        <source>Install &amp;root certificate…</source>
        <translation>安装根证书(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="136"/>
        <source>&amp;Import trust bundle…</source>
        <translation>导入信任数据包(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="151"/>
        <source>Root certificate</source>
        <translation>根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="152"/>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation>证书 (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="165"/>
        <source>Installed. Compare this fingerprint with the one your authority published:</source>
        <translation>已安装。请将此指纹与发证机关公布的指纹核对：</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="169"/>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="188"/>
        <source>Trust bundle</source>
        <translation>信任数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="187"/>
        <source>Root</source>
        <translation>根证书</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="189"/>
        <source>Signers</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="190"/>
        <source>Listed licences</source>
        <translation>状态清单中的驾驶证</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="193"/>
        <source>No root certificate is installed.</source>
        <translation>尚未安装根证书。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="198"/>
        <source>No trust bundle is imported: codes can&apos;t be verified.</source>
        <translation>尚未导入信任数据包：无法核验二维码。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="204"/>
        <source>STALE — import a newer one</source>
        <translation>已过期——请导入更新的数据包</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="206"/>
        <source>current</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="209"/>
        <source>issued {date}, {days:.1f} days ago; next update {next}</source>
        <translation>签发于 {date}（{days:.1f} 天前）；下次更新 {next}</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="164"/>
        <source>Verdict</source>
        <translation>核验结果</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="165"/>
        <source>Reasons and what to do</source>
        <translation>原因与处理方法</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="166"/>
        <source>Code freshness</source>
        <translation>二维码时效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="167"/>
        <source>Licence holder</source>
        <translation>持证人</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="168"/>
        <source>Holder portrait</source>
        <translation>持证人照片</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="175"/>
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="176"/>
        <source>INVALID</source>
        <translation>无效</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="177"/>
        <source>NOT VERIFIED</source>
        <translation>未核验</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="178"/>
        <source>Ready to scan</source>
        <translation>等待扫码</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="183"/>
        <source>Hold the licence QR code in front of the camera, or scan it with a barcode scanner.</source>
        <translation>请将驾驶证二维码对准摄像头，或使用扫码枪扫描。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="185"/>
        <source>Genuine, current licence code. Compare the portrait with the holder.</source>
        <translation>真实且最新的驾驶证二维码。请核对照片与持证人本人。</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="208"/>
        <source>DEMO — not a real licence</source>
        <translation>演示——非真实驾驶证</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="236"/>
        <source>Code claims to be generated {day} {time}</source>
        <translation>二维码声称生成于 {day} {time}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="238"/>
        <source>Status as of {time}, {age} s ago · station time {now} · codes accepted for {limit} s</source>
        <translation>状态截至 {time}（{age} 秒前）· 本机时间 {now} · 二维码有效时间 {limit} 秒</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="249"/>
        <source>Licence number</source>
        <translation>证号</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="249"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="249"/>
        <source>Categories</source>
        <translation>准驾车型</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="250"/>
        <source>Licence valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="250"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="285"/>
        <source>Issued by {code} ({name}), signing key {kid}</source>
        <translation>发证机关 {code}（{name}），签名密钥 {kid}</translation>
    </message>
    <message>
        <location filename="../../verifier_app/qt/verdict_panel.py" line="289"/>
        <source>Trust bundle {authority} number {seq}</source>
        <translation>信任数据包 {authority} 第 {seq} 号</translation>
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
    <name>self.QCoreApplication.self</name>
    <message>
        <location filename="../../verifier_app/qt/settings_dialog.py" line="169"/>
        <source>Trust bundles (*.dltrust)</source>
        <translation>信任数据包 (*.dltrust)</translation>
    </message>
</context>
</TS>
