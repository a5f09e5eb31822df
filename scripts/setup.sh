#!/usr/bin/env bash
# Sets up everything the verifier needs on a fresh Debian/Ubuntu machine:
# system libraries (apt), a virtual environment in .venv, and the package
# with its test extras.  Safe to run again: it only does what is missing.
# Sourced by scripts/run.sh and scripts/test.sh; run it alone to just set up.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VERIFIER_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
# libzbar0: the barcode decoder.  The rest is what Qt 6.5+ needs for a real
# window (xcb and libxcb-cursor0), OpenGL/EGL, fonts with Chinese glyphs,
# sound (libpulse0 for QtMultimedia), Xvfb for screenshots and headless runs, openbox and
# x11-utils (xwininfo, xprop) for the tests and screenshots under a real window manager, and
# tzdata (the tests run in Asia/Shanghai: without the zone files that silently means UTC), and
# postgresql: the fleet tests start a throwaway cluster of their own (initdb in a temp folder), and
# desktop-file-utils: the packaging test validates the menu entry.
APT_PACKAGES=(
  libzbar0
  libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxrender1 libxi6
  libpulse0 fonts-wqy-microhei xvfb xauth openbox x11-utils tzdata desktop-file-utils
  postgresql
)

say() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then sudo "$@"
  else return 1
  fi
}

missing_apt_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
  done
}

install_apt() {
  local missing
  missing=$(missing_apt_packages "$@")
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: install the equivalents of: $missing, then run this again."
    exit 1
  fi
  say "Installing system packages: $missing"
  # shellcheck disable=SC2086
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; }; then
    say "Could not install system packages (need root or sudo). Run this, then try again:"
    say "  sudo apt-get install -y $missing"
    exit 1
  fi
}

install_apt "${APT_PACKAGES[@]}" ${VERIFIER_EXTRA_APT:-}

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating virtual environment $VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    pyver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    install_apt "python${pyver}-venv"
    "$PYTHON" -m venv "$VENV"
  fi
fi

# Reinstall only when the project's dependencies changed.
stamp="$VENV/.verifier-installed"
want=$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Installing the verifier and its test tools into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -e "$ROOT[test]"
  echo "$want" > "$stamp"
fi
# Build the translations (.ts sources -> .qm) whenever a source is newer.
for ts in "$ROOT"/resources/i18n/*.ts; do
  [ -e "$ts" ] || continue
  if [ ! -e "${ts%.ts}.qm" ] || [ "$ts" -nt "${ts%.ts}.qm" ]; then
    "$VENV/bin/python" "$ROOT/scripts/i18n.py" build
  fi
done
export PATH="$VENV/bin:$PATH"
