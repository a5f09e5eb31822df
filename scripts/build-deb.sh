#!/usr/bin/env bash
# Builds dist/dl-verifier_<version>_amd64.deb: the verifier in its own Python environment under
# /opt/dl-verifier, made with Debian 12's python3.11 from the project's wheel and its dependencies.
#
#   bash scripts/build-deb.sh            # then: bash scripts/test-deb.sh
#
# Builds from the committed tree (git archive HEAD), not from uncommitted edits in the checkout.
# Runs on Debian 12 (the package's Python must be the one the station's python3.11 runs).
# Needs the dev environment (scripts/setup.sh, sourced below) for the translations, and reaches
# the Python package index (or pip's configured local wheels) for the dependencies.
# Env: LINTIAN=0 skips lintian (it takes a minute or two on a package this size).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VERIFIER_EXTRA_APT="${VERIFIER_EXTRA_APT:-} python3.11-venv librsvg2-bin lintian desktop-file-utils"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"   # apt packages, .venv (pyside6-lrelease for the .qm), PATH
DEV_PY="$ROOT/.venv/bin/python"
SYS_PY=/usr/bin/python3.11        # Debian 12's python3; the package depends on it
PKG=dl-verifier
PREFIX=/opt/dl-verifier
APPID=io.github.dl_verifier.Verifier
BUILD="$ROOT/build/deb"
SRC="$BUILD/src"
STAGE="$BUILD/root"
OPT="$STAGE$PREFIX"
say() { printf '[build-deb] %s\n' "$*" >&2; }

[ -x "$SYS_PY" ] || { say "needs $SYS_PY (Debian 12's python3)"; exit 1; }
cd "$ROOT"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' verifier_app/__init__.py)
[ -n "$VERSION" ] || { say "no __version__ in verifier_app/__init__.py"; exit 1; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
DEB="$ROOT/dist/${PKG}_${VERSION}_amd64.deb"
say "dl-verifier $VERSION from $(git rev-parse --short HEAD)"

rm -rf "$BUILD" && mkdir -p "$SRC" "$STAGE" "$BUILD/wheels" "$ROOT/dist"

# 1. The wheel, from the committed tree with its translations built (they are not committed).
git archive --format=tar HEAD | tar -x -C "$SRC"
"$DEV_PY" "$SRC/scripts/i18n.py" build >/dev/null
"$DEV_PY" -m pip wheel -q --no-deps -w "$BUILD/wheels" "$SRC"
WHEEL=$(ls "$BUILD"/wheels/dl_verifier-*.whl)
say "wheel: $(basename "$WHEEL")"

# 2. The environment: a venv of the system Python with the wheel and its dependencies.
#    Built in the staging folder; its few absolute paths are rewritten to $PREFIX below.
"$SYS_PY" -m venv "$OPT"
"$OPT/bin/python" -m pip install -q --no-compile --disable-pip-version-check "$WHEEL"
"$OPT/bin/python" -m pip uninstall -q -y pip setuptools   # the station installs nothing itself

# 3. Trim what a station never runs.  PySide6 ships all of Qt: the browser engine alone is 200 MB.
#    Kept: QtCore/Gui/Widgets/Network/OpenGL/PrintSupport/Pdf/Multimedia/Svg/Dbus and what they
#    load.  scripts/test-deb.sh proves the window still starts from what is left.
SITE=$(echo "$OPT"/lib/python3.11/site-packages)
PYSIDE="$SITE/PySide6"
(
  cd "$PYSIDE"
  rm -rf include typesystems glue scripts doc examples Qt/metatypes Qt/include \
         Qt/translations/qtwebengine_locales Qt/resources/qtwebengine* Qt/libexec/QtWebEngineProcess
  rm -f ./*.pyi designer assistant linguist lrelease lupdate qmlformat qmlls qmllint qmlcachegen \
        qmltyperegistrar qmlimportscanner balsam balsamui svgtoqml rcc uic androiddeployqt androidtestrunner
  # Whole Qt families, with their Python bindings, plugins and QML modules.
  for fam in WebEngine WebView WebChannel WebSockets 3D Quick3D Designer Charts DataVisualization Graphs \
             Bluetooth Nfc Location Positioning Sensors SerialBus SerialPort RemoteObjects Scxml \
             StateMachine TextToSpeech HttpServer SpatialAudio CanvasPainter UiTools Help Sql Test \
             LabsStyleKit VirtualKeyboard Quick3DXr; do
    rm -rf Qt"$fam"*.abi3.so Qt/lib/libQt6"$fam"*.so* Qt/qml/Qt"$fam"* Qt/translations/qt"${fam,,}"_*
  done
  rm -rf Qt/plugins/designer Qt/plugins/sqldrivers Qt/plugins/sceneparsers Qt/plugins/geometryloaders \
         Qt/plugins/renderers Qt/plugins/renderplugins Qt/plugins/position Qt/plugins/geoservices \
         Qt/plugins/texttospeech Qt/plugins/sensors Qt/plugins/canbus Qt/plugins/assetimporters \
         Qt/plugins/qmltooling Qt/plugins/qmllint Qt/plugins/webview Qt/plugins/scxmldatamodel \
         Qt/plugins/egldeviceintegrations Qt/plugins/wayland-graphics-integration-server
)
# The venv's other programs (numpy's f2py, PySide6's designer launchers...) are not for a station.
find "$OPT/bin" -type f ! -name 'verifier*' ! -name 'python*' -delete
rm -f "$SITE"/PySide6-*.dist-info/RECORD "$SITE"/PySide6_Addons-*.dist-info/RECORD   # no longer true
find "$OPT" -name __pycache__ -type d -prune -exec rm -rf {} +
find "$SITE" -name direct_url.json -delete   # names the build folder
# Wheels cannot hold symlinks, so every libfoo.so, .so.6 and .so.6.x.y is a full copy: keep one.
"$SYS_PY" - "$OPT" <<'EOF'
import hashlib, os, subprocess, sys
from collections import defaultdict

# Plugins, QML modules and bindings that need a Qt library trimmed above can never load: remove
# them too, until nothing points at a missing Qt library.
def needed(path):
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]
pyside = os.path.join(sys.argv[1], "lib/python3.11/site-packages/PySide6")
removed = 0
while True:
    present = set(os.listdir(os.path.join(pyside, "Qt/lib")))
    dangling = []
    for folder, _dirs, files in os.walk(pyside):
        for name in files:
            path = os.path.join(folder, name)
            if (name.endswith(".so") or ".so." in name) and not os.path.islink(path):
                if any(n.startswith("libQt6") and n not in present for n in needed(path)):
                    dangling.append(path)
    if not dangling:
        break
    for path in dangling:
        os.remove(path)
    removed += len(dangling)
print(f"[build-deb] removed {removed} Qt plugins and modules that needed trimmed Qt libraries", file=sys.stderr)
groups = defaultdict(list)
for folder, _dirs, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(folder, name)
        if ".so" in name and not os.path.islink(path):
            st = os.stat(path)
            groups[(folder, st.st_size)].append(path)
saved = 0
for (folder, size), paths in groups.items():
    if len(paths) < 2:
        continue
    by_hash = defaultdict(list)
    for path in paths:
        by_hash[hashlib.sha256(open(path, "rb").read()).hexdigest()].append(path)
    for same in by_hash.values():
        keep = max(same, key=len)  # libfoo.so.6.8.1 stays; libfoo.so.6 and libfoo.so point to it
        for path in same:
            if path != keep:
                os.remove(path)
                os.symlink(os.path.basename(keep), path)
                saved += size
print(f"[build-deb] duplicate libraries made symlinks: {saved // 2**20} MiB saved", file=sys.stderr)
EOF
# Some wheels ship their libraries with symbol tables (ICU, cryptography): strip those.  Not the
# ones auditwheel moved into *.libs/ and patched with patchelf: strip breaks them ("ELF load command
# address/offset not page-aligned"), so numpy's OpenBLAS stays as it came.
find "$OPT" -path '*.libs/*' -prune -o -type f \( -name '*.so' -o -name '*.so.*' \) -print0 \
  | xargs -0 file -N | grep 'not stripped' | cut -d: -f1 | xargs -r strip --strip-unneeded
# Everything still loads (the window's part is proved by scripts/test-deb.sh).
PYTHONDONTWRITEBYTECODE=1 QT_LOGGING_RULES="qt.multimedia.*=false" "$OPT/bin/python" -c "import numpy, cv2, cryptography.hazmat.bindings._rust, \
_cffi_backend, zxingcpp, pyzbar.pyzbar, PySide6.QtWidgets, PySide6.QtMultimedia, PySide6.QtPdf, \
PySide6.QtPrintSupport, verifier_app.cli.verifier, verifier_app.qt.window.main_window" \
  || { say "the trimmed environment does not import"; exit 1; }

# 4. Absolute paths: the venv's scripts name the staging folder; make them name /opt/dl-verifier.
rm -f "$OPT"/bin/activate* "$OPT"/bin/Activate.ps1
for f in "$OPT"/bin/* "$OPT/pyvenv.cfg"; do
  [ -f "$f" ] && [ ! -L "$f" ] && grep -Iq . "$f" && sed -i "s#$OPT#$PREFIX#g" "$f"
done
sed -i '/^command = /d' "$OPT/pyvenv.cfg"
if grep -rIl --exclude='*.so*' "$BUILD/root" -e "$BUILD" | head -5 | grep .; then
  say "the files above still name the build folder"; exit 1
fi

# 5. Commands, menu entry, icons, metainfo, man pages, docs.
mkdir -p "$STAGE/usr/bin"
ln -s "$PREFIX/bin/verifier" "$STAGE/usr/bin/verifier"
ln -s "$PREFIX/bin/verifier-gui" "$STAGE/usr/bin/verifier-gui"
install -D -m 644 packaging/deb/$APPID.desktop "$STAGE/usr/share/applications/$APPID.desktop"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" packaging/deb/$APPID.metainfo.xml \
  | sed '/^<!--/,/-->$/d' > "$BUILD/metainfo.xml"
install -D -m 644 "$BUILD/metainfo.xml" "$STAGE/usr/share/metainfo/$APPID.metainfo.xml"
install -D -m 644 resources/icons/dl-verifier.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/dl-verifier.svg"
for size in 16 22 24 32 48 64 128 256 512; do
  dir="$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  rsvg-convert -w "$size" -h "$size" resources/icons/dl-verifier.svg -o "$dir/dl-verifier.png"
done
mkdir -p "$STAGE/usr/share/man/man1"
for page in verifier:verifier_app.cli.verifier verifier-gui:verifier_app.qt.app; do
  PYTHONDONTWRITEBYTECODE=1 "$OPT/bin/python" "$ROOT/scripts/make_manpage.py" "${page#*:}:build_parser" \
    -o "$STAGE/usr/share/man/man1/${page%%:*}.1"
  gzip -9n "$STAGE/usr/share/man/man1/${page%%:*}.1"
done
DOC="$STAGE/usr/share/doc/$PKG"
install -D -m 644 packaging/deb/copyright "$DOC/copyright"
{
  printf '%s (%s) stable; urgency=medium\n\n' "$PKG" "$VERSION"
  printf '  * Built from commit %s.\n\n' "$(git rev-parse --short HEAD)"
  printf ' -- DL Verifier maintainers <dl-verifier@example.org>  %s\n' "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$DOC/changelog.gz"
install -D -m 644 packaging/deb/lintian-overrides "$STAGE/usr/share/lintian/overrides/$PKG"
# The fleet's hourly trust sync (docs/fleet.md): a timer and the service it starts, enabled by postinst;
# they do nothing until an administrator subscribes the station (verifier trust subscribe).
for unit in dl-verifier-trust-sync.service dl-verifier-trust-sync.timer; do
  install -D -m 644 "packaging/deb/$unit" "$STAGE/lib/systemd/system/$unit"
done
install -D -m 644 docs/fleet.md "$DOC/fleet.md"

# 6. Modes: folders 755, files 644, programs 755 (shared libraries are not programs).
find "$STAGE" -type d -exec chmod 755 {} +
find "$STAGE" -type f -exec chmod 644 {} +
chmod 755 "$OPT"/bin/*
find "$PYSIDE/Qt/libexec" -type f -exec chmod 755 {} + 2>/dev/null || true

# 7. Control files and the package.
mkdir -p "$STAGE/DEBIAN"
joined() { grep -v '^#' "$1" | tr '\n' ' ' | sed 's/ *$//; s/  */ /g'; }
DEPENDS="$(joined packaging/deb/depends)"
RECOMMENDS="$(joined packaging/deb/recommends)"
# Every system library a shipped binary needs must come from a package named above, or be one
# that only optional Qt plugins use (GTK theme, Wayland compositor, KMS): those plugins are
# skipped by Qt when their library is missing.
OPTIONAL_LIBS='libgtk-3|libgdk-3|libgdk_pixbuf|libatk-1|libcairo|libpango|libwayland-|libgbm|libdrm'
"$SYS_PY" - "$OPT" "$DEPENDS, $RECOMMENDS" "$OPTIONAL_LIBS" <<'EOF'
import os, re, subprocess, sys
root, declared, optional = sys.argv[1], sys.argv[2], re.compile(sys.argv[3])
declared = {alt.split("(")[0].strip() for dep in declared.split(",") for alt in dep.split("|")}
internal, needed, glibc = set(), {}, []
for folder, _dirs, files in os.walk(root):
    for name in files:
        if name.endswith(".so") or ".so." in name:
            internal.add(name)
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            dump = subprocess.run(["objdump", "-pT", path], capture_output=True, text=True).stdout
            for lib in re.findall(r"^\s+NEEDED\s+(\S+)", dump, re.M):
                needed.setdefault(lib, path)
            glibc += re.findall(r"\(GLIBC_(\d+)\.(\d+)", dump)
top = max((int(a), int(b)) for a, b in glibc)
if top > (2, 36):
    sys.exit(f"[build-deb] a binary needs glibc {top[0]}.{top[1]}; Debian 12 has 2.36")
problems = []
for lib, user in sorted(needed.items()):
    if lib in internal or optional.match(lib):
        continue
    owner = subprocess.run(["dpkg", "-S", f"*/{lib}"], capture_output=True, text=True).stdout
    packages = {line.split(":")[0] for line in owner.splitlines() if "-dev" not in line.split(":")[0]}
    if not packages & declared:
        problems.append(f"{lib} ({', '.join(sorted(packages)) or 'no package'}), needed by {os.path.relpath(user, root)}")
if problems:
    sys.exit("[build-deb] not covered by packaging/deb/depends:\n  " + "\n  ".join(problems))
print(f"[build-deb] every library the binaries need is in Depends (highest glibc: {top[0]}.{top[1]})", file=sys.stderr)
EOF
INSTALLED_SIZE=$(du -s --block-size=1024 --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_SIZE@/$INSTALLED_SIZE/" -e "s/@DEPENDS@/$DEPENDS/" -e "s/@RECOMMENDS@/$RECOMMENDS/" \
  packaging/deb/control.in > "$STAGE/DEBIAN/control"
install -m 755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$STAGE/DEBIAN/"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's#  \./#  #') \
  > "$STAGE/DEBIAN/md5sums"
chmod 644 "$STAGE/DEBIAN/control" "$STAGE/DEBIAN/md5sums"
find "$STAGE" -newermt "@$SOURCE_DATE_EPOCH" -print0 | xargs -0 touch -h -d "@$SOURCE_DATE_EPOCH"
rm -f "$DEB"
say "packing $(du -sh --exclude=DEBIAN "$STAGE" | cut -f1) (xz; a few minutes on two cores)"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
say "$DEB: $(du -h "$DEB" | cut -f1), installed $((INSTALLED_SIZE / 1024)) MiB"

if [ "${LINTIAN:-1}" != 0 ]; then
  say "lintian (a minute or two; overrides and their reasons: packaging/deb/lintian-overrides)"
  set +e
  lintian --fail-on error --no-tag-display-limit --show-overrides "$DEB" > "$BUILD/lintian.txt" 2>&1
  lintian_rc=$?
  set -e
  grep -E '^[EW]: ' "$BUILD/lintian.txt" || true
  say "lintian: $(grep -c '^E: ' "$BUILD/lintian.txt") errors, $(grep -c '^W: ' "$BUILD/lintian.txt") warnings," \
      "$(grep -c '^O: ' "$BUILD/lintian.txt") overridden (all of it: build/deb/lintian.txt)"
  # With --show-overrides lintian counts overridden errors for --fail-on (exit 2): decide on what it
  # printed as E: instead.  Exit 1 is lintian itself failing.
  if [ "$lintian_rc" = 1 ] || grep -q '^E: ' "$BUILD/lintian.txt"; then say "lintian found errors"; exit 1; fi
fi
echo "$DEB"
