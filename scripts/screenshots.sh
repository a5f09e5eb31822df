#!/usr/bin/env bash
# Set up, then open the real window under Xvfb in several states and save
# PNG screenshots to docs/screenshots/ (or the folder given).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
export TZ="${TZ:-Asia/Shanghai}"  # a station's zone: times show as local with the offset written once
# Under a window manager (openbox, scripts/with-wm.sh), as on a desk: the window gets its title bar
# and borders, and the shots show whether the whole frame, status bar included, fits on the screen.
run() { xvfb-run -a -s "-screen 0 $1" env QT_QPA_PLATFORM=xcb "$ROOT/scripts/with-wm.sh" "${@:2}"; }
# A station with no trust data, first start, on a 1366x768 laptop and on 1920x1080 at 1.5x scale:
run 1366x768x24 "$VENV/bin/python" scripts/screenshots.py --first-start 16-not-set-up-1366x768 "$@"
run 1920x1080x24 env QT_SCALE_FACTOR=1.5 "$VENV/bin/python" scripts/screenshots.py --first-start \
  17-not-set-up-1920x1080-at-1.5x "$@"
run 1920x1080x24 env QT_SCALE_FACTOR=1.5 "$VENV/bin/python" scripts/screenshots.py --first-start \
  18-not-set-up-zh-1920x1080-at-1.5x "$@"
run 1400x900x24 "$VENV/bin/python" scripts/screenshots.py "$@"
