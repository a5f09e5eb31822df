#!/usr/bin/env bash
# Proves dist/dl-verifier_<version>_amd64.deb on a clean Debian 12, offline, as an ordinary user.
#
#   sudo bash scripts/test-deb.sh [path/to/dl-verifier_X_amd64.deb]
#
# 1. A clean Debian 12 root (debootstrap --variant=minbase), made once and kept in
#    $DLV_TEST_CACHE (default /var/cache/dl-verifier-test); each run starts from a fresh copy.
# 2. apt-get install ./dl-verifier_*.deb inside it: the Debian dependencies come from the mirror
#    (as on a real machine; the downloaded .debs are cached beside the root), the application
#    needs nothing else.
# 3. As the user "officer", with networking cut (unshare -n): verifier --version, verifier demo
#    (VALID), verifier verify on a PNG made with the package's own issuer tools (VALID), and the
#    window (verifier-gui --demo) under Xvfb for 20 s with a screenshot.
# 4. apt-get purge, then no file of the package is left outside the officer's home.
# Prints PASS/FAIL per check and the numbers: .deb size, installed size, cold starts.
# Not part of the normal test command: it takes several minutes (see docs/install.md).
# Needs root (chroot, mounts, unshare), debootstrap, and ImageMagick on the host for the screenshot.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${DLV_TEST_CACHE:-/var/cache/dl-verifier-test}"
MIRROR="${DLV_TEST_MIRROR:-http://deb.debian.org/debian}"
BASE="$CACHE/bookworm-minbase"
RUN="$CACHE/run"
SHOT="${DLV_TEST_SCREENSHOT:-$ROOT/docs/screenshots/deb-window.png}"
DEB="${1:-$(ls -t "$ROOT"/dist/dl-verifier_*_amd64.deb 2>/dev/null | head -1)}"
USER_NAME=officer
T0=$(date +%s)
FAILS=0
say() { printf '[test-deb] %s\n' "$*" >&2; }
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
die() { say "$*"; exit 2; }

[ "$(id -u)" = 0 ] || die "run as root (chroot, mounts and unshare need it)"
[ -f "$DEB" ] || die "no .deb: run scripts/build-deb.sh first, or pass its path"
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null || die "needs debootstrap"
command -v convert >/dev/null || apt-get install -y -qq imagemagick >/dev/null || say "no ImageMagick: no PNG screenshot"
DEB_NAME=$(basename "$DEB")

unmount_all() {
  local m
  for m in $(awk -v r="$RUN" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null
  done
}
cleanup() { unmount_all; }
trap cleanup EXIT

# ------------------------------------------------------------------ the clean root, once
if [ ! -f "$BASE/.complete" ]; then
  say "making the clean Debian 12 root (debootstrap minbase, once; about a minute with a fast mirror)"
  rm -rf "$BASE.tmp" && mkdir -p "$CACHE"
  if ! debootstrap --variant=minbase bookworm "$BASE.tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1; then
    # No mirror: debootstrap can still use .debs already in the host's apt cache, through a
    # file: mirror made from them (needs every minbase package to be there).
    die "debootstrap could not reach $MIRROR (log: $CACHE/debootstrap.log); set DLV_TEST_MIRROR to a reachable mirror"
  fi
  rm -rf "$BASE" && mv "$BASE.tmp" "$BASE" && touch "$BASE/.complete"
fi

unmount_all
rm -rf "$RUN"
cp -a "$BASE" "$RUN"
mkdir -p "$CACHE/archives/partial"
mount --bind "$CACHE/archives" "$RUN/var/cache/apt/archives"   # downloaded .debs, kept between runs
mount -t proc proc "$RUN/proc"
mount -t tmpfs tmpfs "$RUN/dev/shm" 2>/dev/null || { mkdir -p "$RUN/dev/shm" && mount -t tmpfs tmpfs "$RUN/dev/shm"; }
mount -t tmpfs tmpfs "$RUN/tmp"
cp /etc/resolv.conf "$RUN/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$RUN/usr/sbin/policy-rc.d" && chmod 755 "$RUN/usr/sbin/policy-rc.d"
in_root() { chroot "$RUN" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
# As the officer, networking cut: the application must need no network once the .deb is in.
as_officer() {
  unshare -n chroot --userspec=$USER_NAME:$USER_NAME "$RUN" env -i HOME=/home/$USER_NAME USER=$USER_NAME \
    LOGNAME=$USER_NAME PATH=/usr/bin:/bin LANG=C.UTF-8 XDG_RUNTIME_DIR=/tmp/runtime-$USER_NAME "$@"
}

# ------------------------------------------------------------------ install
say "installing the test tools (Xvfb) and the user"
in_root apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed inside the root: no mirror?"
in_root apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null 2>&1 || die "could not install xvfb"
in_root useradd -m -s /bin/sh $USER_NAME
install -d -m 700 -o "$(in_root id -u $USER_NAME)" "$RUN/tmp/runtime-$USER_NAME"
snapshot() {  # every path in the root but the kernel's, the temporary and apt's bookkeeping
  (cd "$RUN" && find . -xdev \( -path ./proc -o -path ./tmp -o -path ./dev -o -path ./var/cache/apt \
     -o -path ./var/lib/apt/lists \) -prune -o -print | sort) > "$1"
}
snapshot "$CACHE/before.txt"
in_root dpkg-query -W -f='${Package} ${Installed-Size}\n' | sort > "$CACHE/packages-before.txt"

cp "$DEB" "$RUN/root/$DEB_NAME"
say "apt-get install ./$DEB_NAME (its Debian dependencies come from the mirror)"
if in_root sh -c "cd /root && apt-get install -y -qq ./$DEB_NAME" >"$CACHE/install.log" 2>&1; then
  pass "apt-get install ./$DEB_NAME"
else
  fail "apt-get install ./$DEB_NAME (log: $CACHE/install.log)"; tail -20 "$CACHE/install.log"; exit 1
fi
DEB_SIZE=$(stat -c %s "$DEB")
INSTALLED_KB=$(in_root dpkg-query -W -f='${Installed-Size}' dl-verifier)
OPT_DISK=$(du -sm "$RUN/opt/dl-verifier" | cut -f1)
in_root dpkg-query -W -f='${Package} ${Installed-Size}\n' | sort > "$CACHE/packages-after.txt"
DEPS=$(comm -13 "$CACHE/packages-before.txt" "$CACHE/packages-after.txt" | grep -v '^dl-verifier ' \
  | awk '{n++; kb += $2} END {printf "%d packages, %d MB installed", n, kb * 1024 / 1000000}')
in_root dpkg -L dl-verifier | sed 's#^/#./#' | sort -u > "$CACHE/package-files.txt"
check "verifier and verifier-gui on PATH, man page, menu entry" in_root sh -c 'command -v verifier >/dev/null &&
  command -v verifier-gui >/dev/null && test -f /usr/share/man/man1/verifier.1.gz &&
  test -f /usr/share/applications/io.github.dl_verifier.Verifier.desktop'
check "no pip in the application's environment (it installs nothing itself)" \
  test ! -e "$RUN/opt/dl-verifier/bin/pip"
check "the fleet's hourly trust-sync timer installed and enabled (docs/fleet.md)" in_root sh -c '
  test -f /lib/systemd/system/dl-verifier-trust-sync.timer &&
  test -f /lib/systemd/system/dl-verifier-trust-sync.service &&
  test -L /etc/systemd/system/timers.target.wants/dl-verifier-trust-sync.timer'
check "its service runs only on a subscribed station" \
  grep -q '^ConditionPathExists=/etc/dl-verifier/fleet/subscription.json' "$RUN/lib/systemd/system/dl-verifier-trust-sync.service"

# ------------------------------------------------------------------ the command line, offline
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null && echo "(page cache dropped)" || echo "(page cache not dropped)"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

as_officer verifier --version > "$CACHE/version.txt" 2>&1
check "verifier --version names Qt, OpenCV, zbar, zxing-cpp" \
  grep -q '^zxing-cpp  *[0-9]' "$CACHE/version.txt"
grep -q '^zbar  *[0-9]' "$CACHE/version.txt" || say "note: zbar version not read from libzbar"
sed 's/^/      /' "$CACHE/version.txt"

COLD_NOTE=$(drop_caches)
t=$(date +%s%N)
as_officer verifier demo > "$CACHE/demo.txt" 2>&1; rc=$?
DEMO_COLD=$(ms_since "$t")
t=$(date +%s%N); as_officer verifier demo >/dev/null 2>&1; DEMO_WARM=$(ms_since "$t")
check "verifier demo says VALID (exit $rc), offline, as $USER_NAME" grep -q ': VALID' "$CACHE/demo.txt"

ISSUER=/opt/dl-verifier/bin/verifier-issuer
HOLDER=$(cd "$RUN" && ls opt/dl-verifier/lib/python3*/site-packages/verifier_app/resources/sample-holder.json)
as_officer sh -c "set -e; cd /home/$USER_NAME
  $ISSUER init-authority auth --code CN-BJ --name 'Test authority' >/dev/null
  $ISSUER bundle auth --out trust.dltrust >/dev/null
  $ISSUER issue auth --holder /$HOLDER --qr licence.png >/dev/null
  verifier trust install-root auth/root-cert.pem >/dev/null
  verifier trust import trust.dltrust >/dev/null" > "$CACHE/issue.txt" 2>&1
check "a PNG made with the package's issuer tools, the station trusting its authority" \
  test -s "$RUN/home/$USER_NAME/licence.png"
as_officer sh -c "cd /home/$USER_NAME && verifier verify licence.png" > "$CACHE/verify.txt" 2>&1
check "verifier verify licence.png says VALID (exit $?)" grep -q 'licence.png: VALID' "$CACHE/verify.txt"

# ------------------------------------------------------------------ the window, offline
cat > "$RUN/tmp/window.py" <<'EOF'
"""Xvfb, then verifier-gui --demo: time to "window shown", 20 s of running, a frame buffer copy."""
import os, shutil, subprocess, sys, time
os.makedirs("/tmp/fb", exist_ok=True)
xvfb = subprocess.Popen(["Xvfb", ":7", "-screen", "0", "1366x768x24", "-fbdir", "/tmp/fb", "-nolisten", "tcp"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(100):
    if os.path.exists("/tmp/.X11-unix/X7"):
        break
    time.sleep(0.1)
env = dict(os.environ, DISPLAY=":7", VERIFIER_LOG="INFO", QT_QPA_PLATFORM="xcb")
start = time.monotonic()
app = subprocess.Popen(["verifier-gui", "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
shown = None
log = []
import threading
def read():
    global shown
    for line in app.stdout:
        log.append(line)
        if shown is None and "window shown" in line:
            shown = time.monotonic() - start
threading.Thread(target=read, daemon=True).start()
time.sleep(20)
alive = app.poll() is None
shutil.copy("/tmp/fb/Xvfb_screen0", "/tmp/screen.xwd")
app.terminate()
try:
    code = app.wait(15)
except subprocess.TimeoutExpired:
    app.kill(); code = "killed"
xvfb.terminate()
print(f"shown_ms={int(shown * 1000) if shown is not None else 'never'}")
print(f"alive_after_20s={alive}")
print(f"exit_after_terminate={code}")
sys.stdout.write("".join("log: " + l for l in log[-15:]))
EOF
chmod 644 "$RUN/tmp/window.py"
drop_caches >/dev/null
as_officer python3.11 /tmp/window.py > "$CACHE/window.txt" 2>&1
WINDOW_MS=$(sed -n 's/^shown_ms=//p' "$CACHE/window.txt")
check "the window showed (\"window shown\" logged) under Xvfb, offline, as $USER_NAME" \
  grep -q '^shown_ms=[0-9]' "$CACHE/window.txt"
check "the window was still running after 20 s" grep -q '^alive_after_20s=True' "$CACHE/window.txt"
check "the window closed cleanly on SIGTERM" grep -q '^exit_after_terminate=0' "$CACHE/window.txt"
grep '^log: ' "$CACHE/window.txt" | grep -iE 'error|traceback|warning' | head -5 | sed 's/^/      /'
if [ -s "$RUN/tmp/screen.xwd" ] && command -v convert >/dev/null; then
  mkdir -p "$(dirname "$SHOT")"
  check "screenshot of the window: ${SHOT#"$ROOT"/}" convert "xwd:$RUN/tmp/screen.xwd" "png:$SHOT"
else
  fail "screenshot of the window"
fi
DATA_DIR=$(cd "$RUN/home/$USER_NAME" && ls -d .local/share/dl-verifier 2>/dev/null)
check "station data in the officer's folder: ~/${DATA_DIR:-.local/share/dl-verifier}" test -n "$DATA_DIR"

# ------------------------------------------------------------------ remove
in_root apt-get purge -y -qq dl-verifier >"$CACHE/remove.log" 2>&1
check "apt-get purge dl-verifier" test $? = 0
in_root apt-get autoremove --purge -y -qq >>"$CACHE/remove.log" 2>&1
snapshot "$CACHE/after.txt"
# Left behind = new since before the install, not owned by a package still installed, not the
# officer's home, not what the system keeps for every package (logs, apt and dpkg state), not
# what a dependency made for itself (ca-certificates' links in /etc/ssl/certs), not the copied .deb.
cat "$RUN"/var/lib/dpkg/info/*.list | sed 's#^#.#' | sort -u > "$CACHE/owned.txt"
comm -13 "$CACHE/before.txt" "$CACHE/after.txt" | comm -23 - "$CACHE/owned.txt" \
  | grep -vE "^\./home/$USER_NAME(/|$)|^\./var/log/|^\./var/cache/(debconf|fontconfig|ldconfig)/|^\./etc/ld\.so\.cache$|^\./var/lib/(dpkg|apt|ucf|systemd/deb-systemd)|^\./etc/ssl/certs/|^\./etc/ca-certificates\.conf$|^\./usr/local/share/ca-certificates$|^\./run(/|$)|^\./root/$DEB_NAME$" \
  > "$CACHE/left.txt"
# and every path the package listed, unless it is a folder another installed package owns too
comm -23 "$CACHE/package-files.txt" "$CACHE/owned.txt" | comm -23 - "$CACHE/before.txt" \
  | while read -r f; do if [ -e "$RUN/${f#./}" ] || [ -L "$RUN/${f#./}" ]; then echo "$f"; fi; done >> "$CACHE/left.txt"
check "nothing of the package is left outside the officer's home after purge ($(wc -l < "$CACHE/package-files.txt") files checked)" \
  test ! -s "$CACHE/left.txt"
sort -u "$CACHE/left.txt" | head -20 | sed 's/^/      left: /'
check "/opt/dl-verifier, /usr/bin/verifier and the menu entry are gone" \
  test ! -e "$RUN/opt/dl-verifier" -a ! -e "$RUN/usr/bin/verifier" -a ! -e "$RUN/usr/share/applications/io.github.dl_verifier.Verifier.desktop"
check "the officer's station data is still there after purge" test -d "$RUN/home/$USER_NAME/.local/share/dl-verifier"

# ------------------------------------------------------------------ numbers
echo
echo "numbers"
printf '  .deb size                 %s MB (%s bytes)\n' "$((DEB_SIZE / 1000000))" "$DEB_SIZE"
printf '  installed size            %s MB (Installed-Size %s KiB; /opt/dl-verifier %s MiB on disk after postinst)\n' \
  "$((INSTALLED_KB * 1024 / 1000000))" "$INSTALLED_KB" "$OPT_DISK"
printf '  Debian dependencies       %s (new to the minimal root)\n' "$DEPS"
printf '  verifier demo, cold       %s ms %s; warm %s ms\n' "$DEMO_COLD" "$COLD_NOTE" "$DEMO_WARM"
printf '  window first paint, cold  %s ms (start to "window shown")\n' "${WINDOW_MS:-never}"
printf '  this script               %s s\n' "$(( $(date +%s) - T0 ))"
echo
if [ "$FAILS" = 0 ]; then echo "ALL PASSED"; else echo "$FAILS FAILED"; fi
unmount_all
[ "$FAILS" = 0 ]
